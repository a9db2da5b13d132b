export type {
  MediRoutesClient,
  MediRoutesProviderClient,
  TokenStatus,
} from '@mediroutes/auth-core'
export type {
  MediRoutesActionError,
  MediRoutesActionErrorCode,
  MediRoutesResult,
} from './action-error.js'
export { toMediRoutesActionError } from './action-error.js'
export { isMediRoutesApiError, MediRoutesApiError } from './api-error.js'
export type { MediRoutesRequestInit } from './fetch-json.js'
export { fetchMediRoutesJson } from './fetch-json.js'
export type { MediRoutesAllowRule, MediRoutesProxyMethod } from './proxy-path.js'
export type {
  MediRoutesAuthorize,
  MediRoutesAuthorizeTarget,
  MediRoutesHandlers,
  MediRoutesHandlersOptions,
  MediRoutesRouteContext,
  MediRoutesRouteHandler,
} from './route-handlers.js'
export { createMediRoutesHandlers } from './route-handlers.js'
export type { MediRoutesActionOptions } from './server-actions.js'
export { callMediRoutes, getMediRoutesProvider, mediRoutesAction } from './server-actions.js'
export type { MediRoutesServerOnlyError } from './server-only.js'
export type { GetMediRoutesClientOptions } from './shared-client.js'
export { closeMediRoutesClient, getMediRoutesClient } from './shared-client.js'
