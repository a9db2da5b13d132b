import { mediRoutes } from './plugin.js'

export type { MediRoutesClient, MediRoutesClientOptions } from '@mediroutes/auth-core'
export type { MediRoutesClients, MediRoutesNamespaces } from './client-registry.js'
export { mediRoutesErrorHandler } from './error-handler.js'
export type { MediRoutesPluginOptions, MediRoutesRegistrationOptions } from './plugin-options.js'
export { mediRoutes }
export default mediRoutes
export type { TripChange, TripWebhookFailure, WebhookTrip } from '@mediroutes/auth-core/webhooks'
export type { MediRoutesProxyPluginOptions } from './proxy.js'
export { mediRoutesProxy } from './proxy.js'
export type { MediRoutesTripWebhooksOptions } from './trip-webhooks.js'
export { mediRoutesTripWebhooks } from './trip-webhooks.js'
