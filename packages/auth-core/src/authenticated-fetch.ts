import { AttemptDeadlines } from './attempt-deadlines.js'
import { MediRoutesAuthError } from './errors.js'
import type { EventHub } from './events.js'
import type { ResolvedOptions } from './options.js'
import { rateLimitDelay } from './request-budget.js'
import { ResolvedUrls } from './resolved-urls.js'
import { backoffDelay, parseRetryAfter, sleep } from './retry.js'
import type { TokenManager } from './token-manager.js'
import { authorizationHeader, type TokenSet } from './token-set.js'

/** How much later than the longest retry after a 429 new calls may go, so retries go first. */
const RETRY_HEAD_START_MS = 1250

/** The `init` of a call that passed none: shared, so the common call builds one options object, not three. */
const NO_INIT: RequestInit = Object.freeze({})

/** Methods whose repetition has no extra effect (RFC 9110 §9.2.2): safe to retry after 429/503. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])

/**
 * Resolves `input` against the base URL (keeping its path prefix) and refuses any other origin,
 * so the bearer token is never sent to a host that is not MediRoutes.
 */
export function resolveApiUrl(input: string | URL, baseUrl: string | URL): URL {
  const base = typeof baseUrl === 'string' ? new URL(`${baseUrl}/`) : baseUrl
  let url: URL
  if (input instanceof URL) url = new URL(input.href)
  else if (typeof input === 'string' && /^[a-z][a-z\d+.-]*:/i.test(input)) url = new URL(input)
  else if (typeof input === 'string') url = new URL(input.replace(/^\/+/, ''), base)
  else
    throw new MediRoutesAuthError(
      'invalid_config',
      'client.fetch expects a path such as "/api/v1/access" or a URL',
    )
  if (url.origin !== base.origin) {
    throw new MediRoutesAuthError(
      'invalid_config',
      `refusing to send the MediRoutes token to ${url.origin}; only ${base.origin} is allowed`,
    )
  }
  return url
}

/** A body fetch can send twice. Streams are consumed by the first attempt. */
function isReplayable(body: RequestInit['body']): boolean {
  return (
    !(typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) &&
    !isAsyncIterable(body)
  )
}

function isAsyncIterable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {})
}

/**
 * `fetch` with the MediRoutes token: adds `Authorization`, refreshes and replays once after a
 * 401, takes a slot of the API budget before each attempt, absorbs 429s (any method: a 429 means
 * the request was not processed) within `maxRateLimitWaitMs`, and honours `Retry-After` for
 * idempotent requests answered 503.
 */
export function createAuthenticatedFetch(
  options: ResolvedOptions,
  manager: TokenManager,
  events: EventHub,
): (input: string | URL, init?: RequestInit) => Promise<Response> {
  // Parsed once: this runs on every call.
  const urls = new ResolvedUrls(new URL(`${options.baseUrl}/`))
  const deadlines = new AttemptDeadlines(options.timeoutMs)
  const budget = options.apiBudget
  const telemetry = manager.telemetry
  // The header value of the last token set sent: built once per token, not once per call.
  let headerTokens: TokenSet | undefined
  let headerValue = ''
  const authorizationFor = (tokens: TokenSet): string => {
    if (tokens !== headerTokens) {
      headerValue = authorizationHeader(tokens)
      headerTokens = tokens
    }
    return headerValue
  }
  return async function authenticatedFetch(input, init = NO_INIT) {
    const url = urls.resolve(input)
    const method = init.method === undefined ? 'GET' : init.method.toUpperCase()
    const callerSignal = init.signal ?? undefined
    const replayable = isReplayable(init.body)
    const call = telemetry === undefined ? undefined : telemetry.apiCall(url, method, sendAttempt)
    let retries = 0
    let rateLimitRetries = 0
    let retryingAfter429 = false
    let rateLimitWaitedMs = 0
    let replayedAfter401 = false
    for (;;) {
      // A token known fresh needs no await; otherwise the store is asked (and a grant may run).
      const tokens = manager.freshTokenSet() ?? (await manager.getTokenSet(callerSignal))
      // A call the server told when to come back goes first: the budget's pause holds new calls a
      // little longer than the retries, so waiting calls are not starved by fresh ones window after window.
      if (budget !== undefined && !retryingAfter429) await budget.take(url, callerSignal)
      retryingAfter429 = false
      const response = await (call === undefined ? sendAttempt : call.send)(
        options,
        deadlines,
        url,
        method,
        init,
        authorizationFor(tokens),
      )
      if (response.status === 401) {
        if (!replayedAfter401 && replayable) {
          replayedAfter401 = true
          if (call !== undefined) call.replayingAfter401()
          await discard(response)
          await manager.refreshAfterRejection(tokens.accessToken, callerSignal)
          continue
        }
        if (!replayedAfter401) {
          // The request cannot be replayed, but the next one should not meet the same refused token.
          manager.refreshAfterRejection(tokens.accessToken).catch(() => {})
        }
        return response
      }
      if (response.status === 429) {
        const wait = rateLimitDelay(
          parseRetryAfter(response.headers.get('retry-after')),
          rateLimitRetries,
        )
        events.emit('rateLimited', { endpoint: 'api', retryAfterMs: wait })
        if (replayable && rateLimitWaitedMs + wait <= options.maxRateLimitWaitMs) {
          rateLimitRetries++
          rateLimitWaitedMs += wait
          if (call !== undefined) call.waitingForRateLimit(wait)
          await discard(response)
          // One 429 pauses every caller of the budget: the window is spent for all of them.
          if (budget?.pause !== undefined)
            pauseBudget(budget.pause.bind(budget), wait + RETRY_HEAD_START_MS)
          retryingAfter429 = true
          options.logger.debug(
            { status: 429, delayMs: wait, method, path: url.pathname },
            'MediRoutes API rate limit reached; waiting and retrying',
          )
          await sleep(wait, callerSignal)
          continue
        }
        return response
      }
      if (
        response.status === 503 &&
        IDEMPOTENT_METHODS.has(method) &&
        retries < options.maxRetries
      ) {
        const wait = parseRetryAfter(response.headers.get('retry-after')) ?? backoffDelay(retries)
        if (wait <= options.maxRetryAfterMs && replayable) {
          retries++
          await discard(response)
          options.logger.debug(
            { status: response.status, delayMs: wait, method, path: url.pathname },
            'MediRoutes API asked us to wait; retrying',
          )
          await sleep(wait, callerSignal)
          continue
        }
      }
      return response
    }
  }
}

function pauseBudget(pause: (ms: number) => void | Promise<void>, ms: number): void {
  try {
    // A shared budget that cannot pause (its store is down) must not fail the call.
    Promise.resolve(pause(ms)).catch(() => {})
  } catch {}
}

/** One HTTP attempt, limited to `timeoutMs` until the response headers arrive (the body may stream longer). */
async function sendAttempt(
  options: ResolvedOptions,
  deadlines: AttemptDeadlines,
  url: URL,
  method: string,
  init: RequestInit,
  authorization: string,
): Promise<Response> {
  const callerSignal = init.signal ?? undefined
  const attempt = deadlines.start()
  // Only a caller's signal needs linking: no closure and no listener on the common path.
  let onCallerAbort: (() => void) | undefined
  if (callerSignal !== undefined) {
    onCallerAbort = () => attempt.abort(callerSignal.reason)
    if (callerSignal.aborted) onCallerAbort()
    callerSignal.addEventListener('abort', onCallerAbort, { once: true })
  }
  // A plain object is cheaper than a Headers instance when the caller passed no headers.
  let headers: HeadersInit
  if (init.headers === undefined) headers = { authorization }
  else {
    const merged = new Headers(init.headers)
    merged.set('authorization', authorization)
    headers = merged
  }
  const streamed = init.body instanceof ReadableStream
  try {
    // The href, not the URL: the URL is cached and shared, and a transport must not be able to change it.
    const request: RequestInit =
      init === NO_INIT
        ? { method, headers, signal: attempt.signal }
        : {
            ...init,
            method,
            headers,
            signal: attempt.signal,
            ...(streamed ? { duplex: 'half' } : {}),
          }
    return await options.fetch(url.href, request)
  } catch (error) {
    if (callerSignal?.aborted) throw callerSignal.reason
    if (attempt.timedOut) {
      throw new MediRoutesAuthError(
        'timeout',
        `${method} ${url.pathname} got no answer within ${options.timeoutMs} ms`,
      )
    }
    throw new MediRoutesAuthError(
      'network_error',
      `${method} ${url.pathname} failed: ${networkCode(error)}`,
    )
  } finally {
    deadlines.finish(attempt)
    if (onCallerAbort !== undefined) callerSignal?.removeEventListener('abort', onCallerAbort)
  }
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause
  return typeof cause?.code === 'string' ? cause.code : 'network error'
}
