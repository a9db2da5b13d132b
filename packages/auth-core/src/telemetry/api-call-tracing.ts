import type { Attributes, Tracer } from '@opentelemetry/api'
import type { Instruments } from './instruments.js'
import type { OtelApi } from './load-api.js'
import { ATTR } from './names.js'
import { outcomeOf } from './outcome.js'

/** One HTTP attempt of `client.fetch`; `url` is the 3rd and `method` the 4th argument. */
export type SendAttempt<A extends unknown[]> = (...args: A) => Promise<Response>

/** The methods the semantic conventions name; any other is `_OTHER`, so labels stay few. */
const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
])

/**
 * What one `client.fetch` call reports: a client span per HTTP attempt, a child of the caller's
 * active span, and the counters of its 401 replays and rate-limit waits. Attempts after the
 * first say why they were sent again.
 */
export class ApiCallTelemetry<A extends unknown[]> {
  readonly #api: OtelApi
  readonly #tracer: Tracer
  readonly #instruments: Instruments
  readonly #sendAttempt: SendAttempt<A>
  readonly #method: string
  readonly #attributes: Attributes
  #attempts = 0
  #replayingAfter401 = false
  #rateLimitWaitMs: number | undefined

  constructor(
    api: OtelApi,
    tracer: Tracer,
    instruments: Instruments,
    url: URL,
    method: string,
    sendAttempt: SendAttempt<A>,
  ) {
    this.#api = api
    this.#tracer = tracer
    this.#instruments = instruments
    this.#sendAttempt = sendAttempt
    this.#method = KNOWN_METHODS.has(method) ? method : '_OTHER'
    // The path only: the query string carries the provider's api_key.
    this.#attributes = {
      [ATTR.httpMethod]: this.#method,
      [ATTR.urlPath]: url.pathname,
      [ATTR.urlScheme]: url.protocol.replace(/:$/, ''),
      [ATTR.serverAddress]: url.hostname,
      [ATTR.serverPort]: url.port === '' ? defaultPort(url.protocol) : Number(url.port),
    }
  }

  /** Sends one attempt inside its own client span. */
  readonly send = async (...args: A): Promise<Response> => {
    const api = this.#api
    const span = this.#tracer.startSpan(`${this.#method} ${this.#attributes[ATTR.urlPath]}`, {
      kind: api.SpanKind.CLIENT,
      attributes: { ...this.#attributes, ...this.#retryAttributes() },
    })
    try {
      const response = await api.context.with(api.trace.setSpan(api.context.active(), span), () =>
        this.#sendAttempt(...args),
      )
      span.setAttribute(ATTR.httpStatus, response.status)
      if (response.status >= 400) {
        span.setAttribute(ATTR.errorType, String(response.status))
        span.setStatus({ code: api.SpanStatusCode.ERROR })
      }
      return response
    } catch (error) {
      const outcome = outcomeOf(error)
      span.setAttribute(ATTR.errorType, outcome)
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: outcome })
      throw error
    } finally {
      span.end()
    }
  }

  /** The API refused the token; the request goes again with a new one. */
  replayingAfter401(): void {
    this.#replayingAfter401 = true
    this.#instruments.replaysAfter401.add(1, { [ATTR.httpMethod]: this.#method })
  }

  /** The API answered 429; the request goes again after `waitMs`. */
  waitingForRateLimit(waitMs: number): void {
    this.#rateLimitWaitMs = waitMs
    this.#instruments.rateLimitWaits.add(1, { [ATTR.endpoint]: 'api' })
    this.#instruments.rateLimitWaitDuration.record(waitMs / 1000, { [ATTR.endpoint]: 'api' })
  }

  /** Why this attempt is not the first: a 401 replay, a rate-limit wait, a 503 retry. */
  #retryAttributes(): Attributes {
    const resends = this.#attempts++
    if (resends === 0) return {}
    const attributes: Attributes = { [ATTR.resendCount]: resends }
    if (this.#replayingAfter401) attributes[ATTR.replayAfter401] = true
    if (this.#rateLimitWaitMs !== undefined)
      attributes[ATTR.rateLimitWaitMs] = this.#rateLimitWaitMs
    this.#replayingAfter401 = false
    this.#rateLimitWaitMs = undefined
    return attributes
  }
}

function defaultPort(protocol: string): number {
  return protocol === 'http:' ? 80 : 443
}
