import type { Logger, MediRoutesClient } from '@mediroutes/auth-core'
import { MediRoutesAuthError } from '@mediroutes/auth-core'
import { httpErrorResponse } from '@mediroutes/auth-core/internal'
import { consoleLogger, describeError } from './console-logger.js'
import {
  forwardedHeaderNames,
  requestHeadersToForward,
  responseHeadersToReturn,
} from './proxy-headers.js'
import {
  decodePath,
  encodeSegments,
  type MediRoutesAllowRule,
  type MediRoutesProxyMethod,
  matchRule,
  normalizeSegments,
  resolveAllowRules,
} from './proxy-path.js'
import { readLimitedBody } from './request-body.js'
import { currentSecrets, secretGuard } from './secret-scan.js'
import { assertServerRuntime } from './server-only.js'
import { getMediRoutesClient } from './shared-client.js'

/** What the `authorize` hook is asked about: the method and the normalised MediRoutes path. */
export interface MediRoutesAuthorizeTarget {
  method: string
  /** The path MediRoutes would get, e.g. `/api/trips/T-20240601-03`, already checked against `allow`. */
  path: string
}

/**
 * The app's own check of the caller, run before anything is forwarded: `true` lets the request
 * through; `false` (or anything else) answers 401; a `Response` is sent as is (a 403 or a
 * redirect of your choosing); a throw answers 403. Do not read the request body here.
 */
export type MediRoutesAuthorize = (
  request: Request,
  target: MediRoutesAuthorizeTarget,
) => boolean | Response | Promise<boolean | Response>

/** Options for {@link createMediRoutesHandlers}. */
export interface MediRoutesHandlersOptions {
  /** Path prefixes the browser may reach, matched on whole segments: `'/api/trips'`, or `{ path, methods }`. Required; nothing else is forwarded. */
  allow: readonly MediRoutesAllowRule[]
  /** Methods for the `allow` entries given as plain strings. Default `['GET', 'HEAD']`: writes are opt-in. */
  methods?: readonly MediRoutesProxyMethod[]
  /** The app's own user check; see {@link MediRoutesAuthorize}. Default: none, so anyone who can reach the route can use it. */
  authorize?: MediRoutesAuthorize
  /** Largest request body forwarded, in bytes; larger ones get 413. Default 1 MiB (1048576). */
  maxBodyBytes?: number
  /** Request headers to forward besides the defaults (`accept`, `content-type`, conditional headers, `x-request-id`). Never `authorization` or `cookie`. */
  forwardHeaders?: readonly string[]
  /** The client, or a function returning it. Default: {@link getMediRoutesClient}(), resolved on the first request. */
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

/** An App Router route handler. */
export type MediRoutesRouteHandler = (
  request: Request,
  context?: MediRoutesRouteContext,
) => Promise<Response>

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

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

function configError(message: string): MediRoutesAuthError {
  return new MediRoutesAuthError('invalid_config', message)
}

function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { error: { code, message } },
    { status, headers: { 'cache-control': 'no-store', ...headers } },
  )
}

const NOT_FOUND = () =>
  errorResponse(404, 'not_found', 'No MediRoutes route is allowed at this path.')

/**
 * Route handlers that forward the browser's calls to MediRoutes with the server's token, for
 * `app/api/mediroutes/[...path]/route.ts`. Deny by default: only paths under an `allow` prefix
 * (after resolving `..`, encoded slashes and double slashes) and their methods pass; anything
 * else is 404 or 405 and never reaches MediRoutes. The browser's cookies and `Authorization`
 * are not forwarded, hop-by-hop headers are stripped both ways, MediRoutes' cookies are
 * dropped, bodies over `maxBodyBytes` get 413, and responses stream. Token trouble becomes a
 * 5xx JSON error without detail; the detail goes to `logger`.
 *
 * @throws {MediRoutesAuthError} `invalid_config` at once for a bad option (naming it).
 * @example
 * // app/api/mediroutes/[...path]/route.ts
 * export const { GET, POST, PATCH } = createMediRoutesHandlers({
 *   allow: ['/api/trips', { path: '/api/riders', methods: ['GET'] }],
 *   methods: ['GET', 'POST', 'PATCH'],
 *   authorize: async () => (await auth()) !== null,
 * })
 */
export function createMediRoutesHandlers(options: MediRoutesHandlersOptions): MediRoutesHandlers {
  if (typeof options !== 'object' || options === null) {
    throw configError("createMediRoutesHandlers needs options: { allow: ['/api/trips'] }")
  }
  const rules = resolveAllowRules(options.allow, options.methods ?? ['GET', 'HEAD'])
  const forwarded = forwardedHeaderNames(options.forwardHeaders)
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw configError(`maxBodyBytes must be a whole number of bytes (got ${String(maxBodyBytes)})`)
  }
  const mountPath = (options.mountPath ?? '/api/mediroutes').replace(/\/+$/, '')
  if (!mountPath.startsWith('/')) {
    throw configError(`mountPath must start with "/" (got ${JSON.stringify(options.mountPath)})`)
  }
  const { authorize } = options
  if (authorize !== undefined && typeof authorize !== 'function') {
    throw configError(
      'authorize must be a function (request, { method, path }) => boolean | Response',
    )
  }
  const logger = options.logger ?? consoleLogger
  const resolveClient = clientResolver(options.client)

  async function handle(request: Request, context?: MediRoutesRouteContext): Promise<Response> {
    assertServerRuntime('createMediRoutesHandlers()')
    const method = request.method.toUpperCase()
    const url = new URL(request.url)
    const decoded = await upstreamSegments(url, context, mountPath)
    const segments = decoded === undefined ? undefined : normalizeSegments(decoded)
    const rule = segments === undefined ? undefined : matchRule(rules, segments)
    if (segments === undefined || rule === undefined) return NOT_FOUND()
    const allowHeader = [...rule.methods, 'OPTIONS'].join(', ')
    if (method === 'OPTIONS') {
      return new Response(null, { status: 204, headers: { allow: allowHeader } })
    }
    if (!rule.methods.has(method)) {
      return errorResponse(405, 'method_not_allowed', `${method} is not allowed here.`, {
        allow: allowHeader,
      })
    }
    const path = encodeSegments(segments)
    const verdict = await runAuthorize(request, { method, path })
    if (verdict !== true) return verdict
    const body =
      method === 'GET' || method === 'HEAD'
        ? { ok: true as const, body: undefined }
        : await readLimitedBody(request, maxBodyBytes)
    if (!body.ok) {
      return errorResponse(
        413,
        'payload_too_large',
        `The request body is larger than the ${maxBodyBytes} bytes this route accepts.`,
      )
    }
    let client: MediRoutesClient | undefined
    let upstream: Response
    try {
      client = await resolveClient()
      upstream = await client.fetch(`${path}${url.search}`, {
        method,
        headers: requestHeadersToForward(request.headers, forwarded),
        ...(body.body === undefined ? {} : { body: body.body }),
        redirect: 'manual',
        signal: request.signal,
      })
    } catch (error) {
      return upstreamFailure(error, request, { method, path })
    }
    return relay(upstream, client, { method, path, url })
  }

  async function runAuthorize(
    request: Request,
    target: MediRoutesAuthorizeTarget,
  ): Promise<true | Response> {
    if (authorize === undefined) return true
    let verdict: unknown
    try {
      verdict = await authorize(request, target)
    } catch (error) {
      logger.error(
        { err: describeError(error), ...target },
        'the authorize hook threw; request refused',
      )
      return errorResponse(403, 'forbidden', 'This request is not allowed.')
    }
    if (verdict === true) return true
    if (verdict instanceof Response) return verdict
    return errorResponse(401, 'unauthorized', 'Sign in to use this route.')
  }

  function upstreamFailure(
    error: unknown,
    request: Request,
    target: MediRoutesAuthorizeTarget,
  ): Response {
    if (request.signal.aborted) {
      // The browser went away: nobody reads this answer.
      logger.debug({ ...target }, 'the browser aborted a proxied request')
      return new Response(null, { status: 499 })
    }
    logger.warn({ err: describeError(error), ...target }, 'MediRoutes proxy request failed')
    // The core's one mapping: the same status and body a Nest or Fastify app answers with.
    return httpErrorResponse(error)
  }

  async function relay(
    upstream: Response,
    client: MediRoutesClient,
    { method, path, url }: { method: string; path: string; url: URL },
  ): Promise<Response> {
    const secrets = await currentSecrets(client)
    const headers = responseHeadersToReturn(upstream.headers, secrets)
    const location = upstream.headers.get('location')
    headers.delete('location')
    const proxied =
      location === null ? undefined : proxiedLocation(location, client.baseUrl, url, path)
    if (proxied !== undefined) headers.set('location', proxied)
    let stream: ReadableStream<Uint8Array<ArrayBuffer>> | null = upstream.body
    if (stream !== null && (method === 'HEAD' || NULL_BODY_STATUSES.has(upstream.status))) {
      await stream.cancel().catch(() => {})
      stream = null
    }
    if (stream !== null && secrets.length > 0) {
      stream = stream.pipeThrough(
        secretGuard(secrets, () =>
          logger.error({ method, path }, 'a MediRoutes response held the token; withheld'),
        ),
      )
    }
    return new Response(stream, {
      status: upstream.status,
      statusText: upstream.statusText,
      headers,
    })
  }

  const handler: MediRoutesRouteHandler = (request, context) => handle(request, context)
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

function clientResolver(
  client: MediRoutesHandlersOptions['client'],
): () => Promise<MediRoutesClient> {
  if (client === undefined) return async () => getMediRoutesClient()
  if (typeof client === 'function') return async () => client()
  if (typeof client === 'object' && client !== null && typeof client.fetch === 'function') {
    return async () => client
  }
  throw configError('client must be a MediRoutes client or a function returning one')
}

/**
 * The MediRoutes path segments of a request, decoded once: from the catch-all `params` Next.js
 * passes, or else from the URL below `mountPath`.
 */
async function upstreamSegments(
  url: URL,
  context: MediRoutesRouteContext | undefined,
  mountPath: string,
): Promise<string[] | undefined> {
  const params = context?.params === undefined ? undefined : await context.params
  const catchAll = params === undefined ? undefined : Object.values(params).find(Array.isArray)
  if (catchAll !== undefined) return catchAll
  if (!url.pathname.startsWith(`${mountPath}/`)) return undefined
  return decodePath(url.pathname.slice(mountPath.length))
}

/**
 * MediRoutes' `Location` (e.g. of a created trip) as a URL of this proxy, or `undefined` when
 * it points elsewhere or the route's own path cannot be told apart.
 */
function proxiedLocation(
  location: string,
  baseUrl: string,
  requestUrl: URL,
  path: string,
): string | undefined {
  if (!requestUrl.pathname.endsWith(path)) return undefined
  const mount = requestUrl.pathname.slice(0, requestUrl.pathname.length - path.length)
  let target: URL
  try {
    target = new URL(location, `${baseUrl}${path}`)
  } catch {
    return undefined
  }
  const base = new URL(`${baseUrl}/`)
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return undefined
  return `${mount}/${target.pathname.slice(base.pathname.length)}${target.search}`
}
