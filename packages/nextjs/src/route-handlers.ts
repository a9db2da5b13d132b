import type { Logger, MediRoutesClient } from '@mediroutes/auth-core'
import { configError } from '@mediroutes/auth-core/internal'
import {
  createMediRoutesProxy,
  type MediRoutesAllowRule,
  type MediRoutesAuthorize,
  type MediRoutesProxyMethod,
  type MediRoutesProxyProvider,
  type MediRoutesProxyTarget,
} from '@mediroutes/auth-core/proxy'
import { consoleLogger } from './console-logger.js'
import { assertServerRuntime } from './server-only.js'
import { getMediRoutesClient } from './shared-client.js'

export type {
  MediRoutesAllowRule,
  MediRoutesAuthorize,
  MediRoutesProxyMethod,
  MediRoutesProxyProvider,
}

/** What the `authorize` hook and a provider function are asked about: the method and the normalised MediRoutes path. */
export type MediRoutesAuthorizeTarget = MediRoutesProxyTarget

/** Options for {@link createMediRoutesHandlers}: the core proxy's (`@mediroutes/auth-core/proxy`), with Next.js defaults. */
export interface MediRoutesHandlersOptions {
  /**
   * Path prefixes the browser may reach, matched on whole segments: `'/api/v1/access'`, or
   * `{ path, methods, provider? }`. Required; nothing else is forwarded.
   */
  allow: readonly MediRoutesAllowRule[]
  /** Methods for the `allow` entries given as plain strings. Default `['GET', 'HEAD']`: writes are opt-in. */
  methods?: readonly MediRoutesProxyMethod[]
  /**
   * The transportation provider whose API key the server adds to calls of rules that name none:
   * its name in the access claims, or a function of the request returning one. The browser never
   * sends or sees a key; a request that carries `api_key`/`tp_api_key` is refused with 400.
   */
  provider?: MediRoutesProxyProvider
  /** The app's own user check; see {@link MediRoutesAuthorize}. Default: none, so anyone who can reach the route can use it. */
  authorize?: MediRoutesAuthorize
  /** Largest request body forwarded, in bytes; larger ones get 413. Default 1 MiB (1048576). */
  maxBodyBytes?: number
  /** Request headers to forward besides the defaults (`accept`, `content-type`, conditional headers, `x-request-id`). Never `authorization` or `cookie`. */
  forwardHeaders?: readonly string[]
  /** The client, or a function returning it. Default: {@link getMediRoutesClient}(), resolved on each request. */
  client?: MediRoutesClient | (() => MediRoutesClient | Promise<MediRoutesClient>)
  /** Where the route is mounted; only used when Next.js passes no catch-all `params` (direct calls). Default `/api/mediroutes`. */
  mountPath?: string
  /** Where refusals and failures are logged, with details the browser does not get. Default: the server console, warnings and errors only. */
  logger?: Logger
}

/** The context Next.js passes to a route handler. */
export interface MediRoutesRouteContext {
  params?: Promise<Record<string, string | string[] | undefined>>
}

/**
 * An App Router route handler. Callable without a context (in tests); its last signature is the
 * one Next.js checks at `next build` (15 wants a second argument with `params` required).
 */
export interface MediRoutesRouteHandler {
  (request: Request, context?: MediRoutesRouteContext): Promise<Response>
  (
    request: Request,
    context: { params: Promise<Record<string, string | string[] | undefined>> },
  ): Promise<Response>
}

/** One handler per method, to export from `app/api/mediroutes/[...path]/route.ts`. */
export interface MediRoutesHandlers {
  GET: MediRoutesRouteHandler
  HEAD: MediRoutesRouteHandler
  POST: MediRoutesRouteHandler
  PUT: MediRoutesRouteHandler
  PATCH: MediRoutesRouteHandler
  DELETE: MediRoutesRouteHandler
  OPTIONS: MediRoutesRouteHandler
}

/**
 * Route handlers that forward the browser's calls to MediRoutes with the server's token and, for
 * rules with a provider, that provider's API key, for `app/api/mediroutes/[...path]/route.ts`. A thin
 * wrapper over the core's `createMediRoutesProxy` (deny by default, 404/405 for anything not
 * allowed, no browser cookies or `Authorization` forwarded, 413 over `maxBodyBytes`, streamed
 * answers with every header and the body scanned for the tokens and provider keys, failures
 * mapped by `toHttpError`); this package adds the shared client, the console logger and the
 * catch-all `params`.
 *
 * @throws {MediRoutesAuthError} `invalid_config` at once for a bad option (naming it).
 * @example
 * // app/api/mediroutes/[...path]/route.ts
 * export const { GET, POST } = createMediRoutesHandlers({
 *   provider: 'Lakeside Medical Transport',
 *   allow: [
 *     { path: '/api/v1/rides/getRidesByDate', methods: ['GET'] },
 *     { path: '/api/v1/singletrip', methods: ['GET', 'POST'] },
 *   ],
 *   authorize: async () => (await auth()) !== null,
 * })
 */
export function createMediRoutesHandlers(options: MediRoutesHandlersOptions): MediRoutesHandlers {
  if (typeof options !== 'object' || options === null) {
    throw configError(
      "createMediRoutesHandlers needs options: { allow: ['/api/v1/rides/getRidesByDate'], provider }",
    )
  }
  const { client, mountPath, logger, ...rest } = options
  const proxy = createMediRoutesProxy({
    ...rest,
    client: client ?? (() => getMediRoutesClient()),
    mountPath: mountPath ?? '/api/mediroutes',
    logger: logger ?? consoleLogger,
  })

  const handler: MediRoutesRouteHandler = async (
    request: Request,
    context?: MediRoutesRouteContext,
  ) => {
    assertServerRuntime('createMediRoutesHandlers()')
    const segments = await catchAllSegments(context)
    return proxy(request, segments === undefined ? undefined : { segments })
  }
  return Object.freeze({
    GET: handler,
    HEAD: handler,
    POST: handler,
    PUT: handler,
    PATCH: handler,
    DELETE: handler,
    OPTIONS: handler,
  })
}

/** The segments of the catch-all `params` Next.js passes (already decoded once), if any. */
async function catchAllSegments(
  context: MediRoutesRouteContext | undefined,
): Promise<string[] | undefined> {
  const params = context?.params === undefined ? undefined : await context.params
  return params === undefined ? undefined : Object.values(params).find(Array.isArray)
}
