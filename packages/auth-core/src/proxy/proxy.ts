import type { MediRoutesClient } from '../client.js'
import { describeError } from '../describe-error.js'
import { configError } from '../errors.js'
import { httpErrorResponse } from '../http-error.js'
import { checkLogger, type Logger, silentLogger } from '../logger.js'
import {
  checkProvider,
  decodePath,
  encodeSegments,
  type MediRoutesAllowRule,
  type MediRoutesProxyMethod,
  type MediRoutesProxyProvider,
  type MediRoutesProxyTarget,
  matchRule,
  normalizeSegments,
  resolveAllowRules,
} from './allow-rules.js'
import {
  dropSecretHeaders,
  forwardedHeaderNames,
  requestHeadersToForward,
  returnableHeaders,
} from './headers.js'
import { proxiedLocation } from './location.js'
import { bodyForProviderCall, browserKeyLocation } from './provider-key.js'
import { readLimitedBody } from './request-body.js'
import { notFound, refusal } from './responses.js'
import { clientSecrets, secretGuard } from './secrets.js'

/**
 * The app's own check of the caller, run before anything is forwarded: `true` lets the request
 * through; `false` (or anything else) answers 401; a `Response` is sent as is (a 403 or a
 * redirect of your choosing); a throw answers 403. Do not read the request body here.
 */
export type MediRoutesAuthorize = (
  request: Request,
  target: MediRoutesProxyTarget,
) => boolean | Response | Promise<boolean | Response>

/** Options for {@link createMediRoutesProxy}. */
export interface MediRoutesProxyOptions {
  /** The client that calls MediRoutes, or a function returning it (resolved on each request; cache it yourself). */
  client: MediRoutesClient | (() => MediRoutesClient | Promise<MediRoutesClient>)
  /**
   * Path prefixes the browser may reach, matched on whole segments: `'/api/v1/access'`, or
   * `{ path, methods, provider? }`. Required; nothing else is forwarded.
   */
  allow: readonly MediRoutesAllowRule[]
  /** Methods for the `allow` entries given as plain strings. Default `['GET', 'HEAD']`: writes are opt-in. */
  methods?: readonly MediRoutesProxyMethod[]
  /**
   * The provider whose API key is added to calls of rules that name none (see
   * {@link MediRoutesProxyProvider}). Without one, such calls carry the token only.
   */
  provider?: MediRoutesProxyProvider
  /** The app's own user check; see {@link MediRoutesAuthorize}. Default: none, so anyone who can reach the route can use it. */
  authorize?: MediRoutesAuthorize
  /** Largest request body forwarded, in bytes; larger ones get 413. Default 1 MiB (1048576). */
  maxBodyBytes?: number
  /** Request headers to forward besides the defaults (`accept`, `content-type`, conditional headers, `x-request-id`). Never `authorization` or `cookie`. */
  forwardHeaders?: readonly string[]
  /**
   * The path the proxy is mounted at, as the browser calls it: the MediRoutes path is what
   * follows it in the request's URL (`/api/mediroutes` + `/api/v1/access`). Default `/`: the
   * request's URL path is the MediRoutes path. Ignored when the caller passes `segments`.
   */
  mountPath?: string
  /** Where refusals and failures are logged, with details the browser does not get. Default: nowhere. */
  logger?: Logger
}

/** What a framework adapter may pass besides the request. */
export interface MediRoutesProxyRoute {
  /**
   * The MediRoutes path as segments the framework's router already decoded once (a catch-all
   * parameter such as Next.js' `[...path]`). When given, the URL's path is not read.
   */
  segments?: readonly string[]
}

/** The proxy: a web `Request` in, a web `Response` out. */
export type MediRoutesProxy = (request: Request, route?: MediRoutesProxyRoute) => Promise<Response>

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

function clientResolver(client: MediRoutesProxyOptions['client']): () => Promise<MediRoutesClient> {
  if (typeof client === 'function') return async () => client()
  if (typeof client === 'object' && client !== null && typeof client.fetch === 'function') {
    return async () => client
  }
  throw configError('client must be a MediRoutes client or a function returning one')
}

function checkMountPath(mountPath: unknown): string {
  if (mountPath === undefined) return ''
  if (typeof mountPath !== 'string' || !mountPath.startsWith('/')) {
    throw configError(`mountPath must start with "/" (got ${JSON.stringify(mountPath)})`)
  }
  return mountPath.replace(/\/+$/, '')
}

/**
 * A deny-by-default proxy from the browser to MediRoutes, with the server's token and, for rules
 * that name a provider, that provider's API key added on the server. Framework-free: adapters
 * hand it a web `Request` and send back the `Response`.
 *
 * Only paths under an `allow` prefix (after resolving `..`, encoded slashes and double slashes)
 * and their methods pass; anything else is 404 or 405 and never reaches MediRoutes. A request
 * carrying its own `api_key`/`tp_api_key` is 400 `api_key_refused`. The browser's cookies and
 * `Authorization` are not forwarded, hop-by-hop headers are stripped both ways, MediRoutes'
 * cookies are dropped, bodies over `maxBodyBytes` get 413, and responses stream. Every header
 * sent back (a rewritten `Location` too) is dropped if it holds the token, the refresh token or a
 * provider key, and a body holding one is cut off before that part is sent. The status line is
 * MediRoutes' status without its reason text. A failed call answers with the core's
 * `toHttpError` mapping; the detail goes to `logger`.
 *
 * @throws {MediRoutesAuthError} `invalid_config` at once for a bad option (naming it).
 * @example
 * const proxy = createMediRoutesProxy({
 *   client,
 *   mountPath: '/api/mediroutes',
 *   allow: [
 *     { path: '/api/v1/rides/getRidesByDate', methods: ['GET'], provider: 'Lakeside Medical Transport' },
 *   ],
 * })
 * const response = await proxy(request) // GET /api/mediroutes/api/v1/rides/getRidesByDate?date=2026-12-05
 */
export function createMediRoutesProxy(options: MediRoutesProxyOptions): MediRoutesProxy {
  if (typeof options !== 'object' || options === null) {
    throw configError(
      "createMediRoutesProxy needs options: { client, allow: ['/api/v1/rides/getRidesByDate'] }",
    )
  }
  const rules = resolveAllowRules(options.allow, options.methods ?? ['GET', 'HEAD'])
  const defaultProvider = checkProvider(options.provider, 'provider')
  const forwarded = forwardedHeaderNames(options.forwardHeaders)
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw configError(`maxBodyBytes must be a whole number of bytes (got ${String(maxBodyBytes)})`)
  }
  const mountPath = checkMountPath(options.mountPath)
  const { authorize } = options
  if (authorize !== undefined && typeof authorize !== 'function') {
    throw configError(
      'authorize must be a function (request, { method, path }) => boolean | Response',
    )
  }
  const logger = options.logger === undefined ? silentLogger : checkLogger(options.logger)
  const resolveClient = clientResolver(options.client)

  function segmentsOf(url: URL, route: MediRoutesProxyRoute | undefined): string[] | undefined {
    if (route?.segments !== undefined) return normalizeSegments(route.segments)
    if (!url.pathname.startsWith(`${mountPath}/`)) return undefined
    const decoded = decodePath(url.pathname.slice(mountPath.length))
    return decoded === undefined ? undefined : normalizeSegments(decoded)
  }

  async function handle(request: Request, route?: MediRoutesProxyRoute): Promise<Response> {
    const method = request.method.toUpperCase()
    const url = new URL(request.url)
    const segments = segmentsOf(url, route)
    const rule = segments === undefined ? undefined : matchRule(rules, segments)
    if (segments === undefined || rule === undefined) return notFound()
    const allowHeader = [...rule.methods, 'OPTIONS'].join(', ')
    if (method === 'OPTIONS') {
      return new Response(null, { status: 204, headers: { allow: allowHeader } })
    }
    if (!rule.methods.has(method)) {
      return refusal(405, 'method_not_allowed', `${method} is not allowed here.`, {
        allow: allowHeader,
      })
    }
    const target: MediRoutesProxyTarget = { method, path: encodeSegments(segments) }
    const verdict = await runAuthorize(request, target)
    if (verdict !== true) return verdict
    const body =
      method === 'GET' || method === 'HEAD'
        ? { ok: true as const, body: undefined }
        : await readLimitedBody(request, maxBodyBytes)
    if (!body.ok) {
      return refusal(
        413,
        'payload_too_large',
        `The request body is larger than the ${maxBodyBytes} bytes this route accepts.`,
      )
    }
    const contentType = request.headers.get('content-type')
    const smuggled = browserKeyLocation(url, body.body, contentType)
    if (smuggled !== undefined) {
      logger.warn(
        { ...target, in: smuggled },
        'a browser request carried a provider API key; refused',
      )
      return refusal(
        400,
        'api_key_refused',
        'Provider API keys are added by the server; send the request without api_key or tp_api_key.',
      )
    }
    let client: MediRoutesClient | undefined
    let upstream: Response
    try {
      client = await resolveClient()
      const provider = rule.provider ?? defaultProvider
      const init: RequestInit = {
        method,
        headers: requestHeadersToForward(request.headers, forwarded),
        redirect: 'manual',
        signal: request.signal,
      }
      const input = `${target.path}${url.search}`
      if (provider === undefined) {
        upstream = await client.fetch(input, withBody(init, body.body))
      } else {
        const name = typeof provider === 'string' ? provider : await provider(request, target)
        upstream = await client
          .forProvider(name)
          .fetch(input, withBody(init, bodyForProviderCall(body.body, contentType)))
      }
    } catch (error) {
      return failure(error, request, target)
    }
    return relay(upstream, client, target, url)
  }

  async function runAuthorize(
    request: Request,
    target: MediRoutesProxyTarget,
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
      return refusal(403, 'forbidden', 'This request is not allowed.')
    }
    if (verdict === true) return true
    if (verdict instanceof Response) return verdict
    return refusal(401, 'unauthorized', 'Sign in to use this route.')
  }

  function failure(error: unknown, request: Request, target: MediRoutesProxyTarget): Response {
    if (request.signal.aborted) {
      // The browser went away: nobody reads this answer.
      logger.debug({ ...target }, 'the browser aborted a proxied request')
      return new Response(null, { status: 499 })
    }
    logger.warn({ err: describeError(error), ...target }, 'MediRoutes proxy request failed')
    // The core's one mapping: the same status and body every adapter answers with.
    return httpErrorResponse(error)
  }

  async function relay(
    upstream: Response,
    client: MediRoutesClient,
    target: MediRoutesProxyTarget,
    url: URL,
  ): Promise<Response> {
    let secrets: string[]
    try {
      secrets = await clientSecrets(client)
    } catch (error) {
      // Without the claims no key can be checked: withhold rather than guess.
      await upstream.body?.cancel().catch(() => {})
      logger.warn(
        { err: describeError(error), ...target },
        'could not read the access claims to scan a MediRoutes response; withheld',
      )
      return httpErrorResponse(error)
    }
    const headers = returnableHeaders(upstream.headers)
    const location = headers.get('location')
    headers.delete('location')
    const proxied =
      location === null ? undefined : proxiedLocation(location, client.baseUrl, url, target.path)
    if (proxied !== undefined) headers.set('location', proxied)
    // Last, over every header including the rewritten ones: none leaves holding a secret.
    const dropped = dropSecretHeaders(headers, secrets)
    if (dropped.length > 0) {
      logger.error(
        { ...target, headers: dropped },
        'a MediRoutes response header held a secret; dropped',
      )
    }
    let stream: ReadableStream<Uint8Array<ArrayBuffer>> | null = upstream.body
    if (stream !== null && (target.method === 'HEAD' || NULL_BODY_STATUSES.has(upstream.status))) {
      await stream.cancel().catch(() => {})
      stream = null
    }
    if (stream !== null && secrets.length > 0) {
      stream = stream.pipeThrough(
        secretGuard(secrets, () =>
          logger.error({ ...target }, 'a MediRoutes response held a secret; withheld'),
        ),
      )
    }
    // No statusText: MediRoutes' reason text is not ours to repeat (it could hold anything).
    return new Response(stream, { status: upstream.status, headers })
  }

  return (request, route) => handle(request, route)
}

function withBody(init: RequestInit, body: RequestInit['body'] | undefined): RequestInit {
  return body === undefined ? init : { ...init, body }
}
