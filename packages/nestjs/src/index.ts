export type {
  MediRoutesAccess,
  MediRoutesAuthErrorOptions,
  MediRoutesClientOptions,
  MediRoutesErrorCode,
  MediRoutesEventName,
  MediRoutesEvents,
  MediRoutesProviderClient,
  ProviderAccess,
  TokenStatus,
  TokenStore,
} from '@mediroutes/auth-core'
export {
  isMediRoutesAuthError,
  MediRoutesAuthError,
  MemoryTokenStore,
  mediRoutesOptionsFromEnv,
} from '@mediroutes/auth-core'
export type { TripChange, TripWebhookFailure, WebhookTrip } from '@mediroutes/auth-core/webhooks'
export type { InjectMediRoutesOptions } from './inject-mediroutes.decorator.js'
export { InjectMediRoutes } from './inject-mediroutes.decorator.js'
export { MediRoutesClient } from './mediroutes.client.js'
export { DEFAULT_MEDIROUTES_CLIENT_NAME } from './mediroutes.constants.js'
export type {
  MediRoutesModuleAsyncOptions,
  MediRoutesModuleRootOptions,
} from './mediroutes.module.js'
export { MediRoutesModule } from './mediroutes.module.js'
export type {
  MediRoutesEnvClientOptions,
  MediRoutesExistingClientOptions,
  MediRoutesModuleExtras,
  MediRoutesModuleOptions,
  MediRoutesOptionsFactory,
} from './mediroutes.options.js'
export { getMediRoutesClientToken, getMediRoutesProviderToken } from './mediroutes.tokens.js'
export type { MediRoutesErrorBody } from './mediroutes-exception.filter.js'
export { MediRoutesExceptionFilter } from './mediroutes-exception.filter.js'
export { MediRoutesProxyModule } from './mediroutes-proxy.module.js'
export type { MediRoutesProxyModuleOptions } from './mediroutes-proxy.options.js'
export { MediRoutesTripWebhooks } from './mediroutes-trip-webhooks.host.js'
export { MediRoutesTripWebhooksModule } from './mediroutes-trip-webhooks.module.js'
export type { MediRoutesTripWebhooksModuleOptions } from './mediroutes-trip-webhooks.options.js'
export { OnTripChanged } from './on-trip-changed.decorator.js'
