export type {
  MediRoutesClient,
  MediRoutesProviderClient,
  TokenStatus,
} from '@mediroutes/auth-core'
export type { TripChange, TripWebhookFailure, WebhookTrip } from '@mediroutes/auth-core/webhooks'
export type {
  MediRoutesActionError,
  MediRoutesActionErrorCode,
  MediRoutesResult,
} from './action-error.js'
export { toMediRoutesActionError } from './action-error.js'
export { isMediRoutesApiError, MediRoutesApiError } from './api-error.js'
export type { MediRoutes, MediRoutesOptions } from './create-mediroutes.js'
export { createMediRoutes } from './create-mediroutes.js'
export type { MediRoutesRequestInit } from './fetch-json.js'
export { fetchMediRoutesJson } from './fetch-json.js'
export type {
  MediRoutesAllowRule,
  MediRoutesAuthorize,
  MediRoutesAuthorizeTarget,
  MediRoutesHandlers,
  MediRoutesHandlersOptions,
  MediRoutesProxyMethod,
  MediRoutesProxyProvider,
  MediRoutesRouteContext,
  MediRoutesRouteHandler,
} from './route-handlers.js'
export { createMediRoutesHandlers } from './route-handlers.js'
export type { MediRoutesActionOptions } from './server-actions.js'
export { callMediRoutes, getMediRoutesProvider, mediRoutesAction } from './server-actions.js'
export type { MediRoutesServerOnlyError } from './server-only.js'
export type { GetMediRoutesClientOptions } from './shared-client.js'
export { closeMediRoutesClient, getMediRoutesClient } from './shared-client.js'
export type {
  MediRoutesTripWebhooks,
  MediRoutesTripWebhooksOptions,
} from './trip-webhooks.js'
export { createMediRoutesTripWebhooks } from './trip-webhooks.js'
