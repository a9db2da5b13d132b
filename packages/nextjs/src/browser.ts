/**
 * What client bundles (and the Edge runtime) get for `@mediroutes/nextjs`, through the
 * `browser` and `edge-light` export conditions: the same names, but every server helper throws
 * a clear `server_only` error when called. Importing stays harmless, so shared code and type
 * imports never break a build, and neither the core nor any secret reaches the browser.
 */
import type * as server from './index.js'
import { serverOnlyError } from './server-only.js'

export { isMediRoutesApiError, MediRoutesApiError } from './api-error.js'

function refuse(caller: string): () => never {
  return () => {
    throw serverOnlyError(caller)
  }
}

export const getMediRoutesClient: typeof server.getMediRoutesClient =
  refuse('getMediRoutesClient()')
export const closeMediRoutesClient: typeof server.closeMediRoutesClient =
  refuse('closeMediRoutesClient()')
export const createMediRoutes: typeof server.createMediRoutes = refuse('createMediRoutes()')
export const createMediRoutesHandlers: typeof server.createMediRoutesHandlers = refuse(
  'createMediRoutesHandlers()',
)
export const mediRoutesAction: typeof server.mediRoutesAction = refuse('mediRoutesAction()')
export const callMediRoutes: typeof server.callMediRoutes = refuse('callMediRoutes()')
export const getMediRoutesProvider: typeof server.getMediRoutesProvider =
  refuse('getMediRoutesProvider()')
export const fetchMediRoutesJson: typeof server.fetchMediRoutesJson =
  refuse('fetchMediRoutesJson()')
export const toMediRoutesActionError: typeof server.toMediRoutesActionError = refuse(
  'toMediRoutesActionError()',
)
export const createMediRoutesTripWebhooks: typeof server.createMediRoutesTripWebhooks = refuse(
  'createMediRoutesTripWebhooks()',
)
