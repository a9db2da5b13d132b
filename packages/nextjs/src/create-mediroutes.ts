import type { MediRoutesClient } from '@mediroutes/auth-core'
import type { MediRoutesResult } from './action-error.js'
import { consoleLogger } from './console-logger.js'
import {
  createMediRoutesHandlers,
  type MediRoutesHandlers,
  type MediRoutesHandlersOptions,
  type MediRoutesRouteHandler,
} from './route-handlers.js'
import { mediRoutesAction } from './server-actions.js'
import { assertServerRuntime } from './server-only.js'
import { type GetMediRoutesClientOptions, getMediRoutesClient } from './shared-client.js'

/** Options of {@link createMediRoutes}: the client's (as {@link getMediRoutesClient} takes them), plus the proxy's. */
export interface MediRoutesOptions extends GetMediRoutesClientOptions {
  /**
   * The browser proxy behind `handlers` ({@link createMediRoutesHandlers}' options, without
   * `client`: it is this one). Left out, the handlers answer 404 to everything.
   */
  proxy?: Omit<MediRoutesHandlersOptions, 'client'>
}

/** What {@link createMediRoutes} returns: everything bound to one client per process. */
export interface MediRoutes {
  /** Route handlers for `app/api/mediroutes/[...path]/route.ts`: `export const { GET, POST } = mediroutes.handlers`. */
  handlers: MediRoutesHandlers
  /**
   * The process's shared client, created on first call (not at import, so a build without
   * `MEDIROUTES_*` still succeeds); the same one {@link getMediRoutesClient}() returns.
   */
  client: () => MediRoutesClient
  /** {@link mediRoutesAction}, checking results against this client and logging to this logger. */
  action: <Args extends unknown[], T>(
    fn: (...args: Args) => T | Promise<T>,
  ) => (...args: Args) => Promise<MediRoutesResult<T>>
}

const NOT_FOUND: MediRoutesRouteHandler = async () =>
  Response.json(
    { error: { code: 'not_found', message: 'No MediRoutes route is allowed at this path.' } },
    { status: 404, headers: { 'cache-control': 'no-store' } },
  )

/**
 * Configures MediRoutes once for the process, best in one module (`lib/mediroutes.ts`) that
 * route files and server actions import. Every part uses the one shared client: options given
 * here are kept, so no request builds options again (which, with an inline `store` or password
 * function, would make {@link getMediRoutesClient} replace the client and log in again).
 *
 * @throws {MediRoutesAuthError} `invalid_config` at once for a bad proxy option.
 * @throws {MediRoutesServerOnlyError} `server_only` in a browser.
 * @example
 * // lib/mediroutes.ts
 * export const mediroutes = createMediRoutes({
 *   proxy: {
 *     provider: 'Lakeside Medical Transport',
 *     allow: [{ path: '/api/v1/rides/getRidesByDate', methods: ['GET'] }],
 *     authorize: async () => (await auth()) !== null,
 *   },
 * })
 * // app/api/mediroutes/[...path]/route.ts
 * export const { GET } = mediroutes.handlers
 * // app/actions.ts ('use server')
 * export const tripsOfDay = mediroutes.action(async (date: string) =>
 *   mediroutes.client().forProvider('Lakeside Medical Transport').trips.getByDate(date),
 * )
 */
export function createMediRoutes(options: MediRoutesOptions = {}): MediRoutes {
  assertServerRuntime('createMediRoutes()')
  const { proxy, ...given } = options
  // One object for the life of the process: the shared client is kept while its options are these.
  const clientOptions: GetMediRoutesClientOptions = Object.freeze({ ...given })
  const client = (): MediRoutesClient => getMediRoutesClient(clientOptions)
  const logger = options.logger ?? consoleLogger
  const handlers =
    proxy === undefined
      ? Object.freeze({
          GET: NOT_FOUND,
          HEAD: NOT_FOUND,
          POST: NOT_FOUND,
          PUT: NOT_FOUND,
          PATCH: NOT_FOUND,
          DELETE: NOT_FOUND,
          OPTIONS: NOT_FOUND,
        })
      : createMediRoutesHandlers({ logger, ...proxy, client })
  const action: MediRoutes['action'] = (fn) => mediRoutesAction(fn, { logger })
  return Object.freeze({ handlers, client, action })
}
