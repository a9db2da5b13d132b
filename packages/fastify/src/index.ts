import { mediRoutes } from './plugin.js'

export type { MediRoutesClient, MediRoutesClientOptions } from '@mediroutes/auth-core'
export type { MediRoutesClients, MediRoutesNamespaces } from './client-registry.js'
export { mediRoutesErrorHandler } from './error-handler.js'
export type { MediRoutesPluginOptions, MediRoutesRegistrationOptions } from './plugin-options.js'
export { mediRoutes }
export default mediRoutes
