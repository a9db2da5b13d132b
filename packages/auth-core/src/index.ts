export type {
  FundingSourceAccess,
  MediRoutesAccess,
  ProviderAccess,
  StoredAccess,
} from './access.js'
export type { MediRoutesClient } from './client.js'
export { createMediRoutesClient } from './client.js'
export type { MediRoutesAuthErrorOptions, MediRoutesErrorCode } from './errors.js'
export { isMediRoutesAuthError, MediRoutesAuthError } from './errors.js'
export type { MediRoutesEventName, MediRoutesEvents, MediRoutesListener } from './events.js'
export type { HttpError, HttpErrorCode } from './http-error.js'
export { toHttpError } from './http-error.js'
export type { Logger, LogMethod } from './logger.js'
export { MemoryTokenStore } from './memory-token-store.js'
export type { MediRoutesClientOptions, MediRoutesEnv } from './options.js'
export { mediRoutesOptionsFromEnv } from './options.js'
export type {
  MediRoutesProviderClient,
  MediRoutesRiders,
  MediRoutesTrips,
  ProviderCallOptions,
} from './provider-client.js'
export type { RateLimitOption, RequestBudget, RequestRate } from './request-budget.js'
export {
  createRequestBudget,
  DEFAULT_API_RATE_LIMIT,
  DEFAULT_TOKEN_RATE_LIMIT,
} from './request-budget.js'
export { tokenStoreKey } from './store-key.js'
export type { MediRoutesTelemetryOptions } from './telemetry/options.js'
export type { TokenStatus } from './token-manager.js'
export type { TokenSet, TokenSetInfo } from './token-set.js'
export type { TokenLease, TokenStore } from './token-store.js'
export type {
  MediRoutesAddress,
  MediRoutesRider,
  MediRoutesTrip,
  MediRoutesTripEvent,
  MediRoutesTripPropertyKey,
  MediRoutesTripRef,
  MediRoutesTripUpdate,
  NewMediRoutesTrip,
} from './v1-types.js'
export type {
  MediRoutesTripWebhooks,
  NewTripWebhookSubscription,
  TripWebhookSubscription,
  WebhookCallOptions,
} from './webhooks/subscriptions.js'
export { isWebhookNameTaken } from './webhooks/subscriptions.js'
