import type { Span, Tracer } from '@opentelemetry/api'
import { type GrantLoop, type GrantResult, runGrantLoop } from '../grant-loop.js'
import type { Grant } from '../token-endpoint.js'
import type { TokenSet } from '../token-set.js'
import type { Instruments } from './instruments.js'
import type { OtelApi } from './load-api.js'
import { ATTR, TOKEN_ATTEMPT_FAILED_EVENT, TOKEN_SPAN } from './names.js'
import { outcomeOf, statusOf } from './outcome.js'

/**
 * {@link runGrantLoop} with one `mediroutes.token` span around the whole token request (its
 * retries and a fallback from the refresh to the password grant included), and per-attempt
 * metrics. The span is a child of the context that needed the token.
 */
export async function runTracedGrantLoop(
  api: OtelApi,
  tracer: Tracer,
  instruments: Instruments,
  loop: GrantLoop,
): Promise<GrantResult> {
  const firstGrant: Grant['type'] = loop.before?.refreshToken ? 'refresh' : 'password'
  const span = tracer.startSpan(TOKEN_SPAN, {
    kind: api.SpanKind.INTERNAL,
    attributes: { [ATTR.grant]: firstGrant },
  })
  const attempts = new AttemptRecorder(span, instruments)
  const traced: GrantLoop = {
    ...loop,
    endpoint: { send: (grant, signal) => attempts.send(loop, grant, signal) },
  }
  let outcome = 'ok'
  try {
    return await api.context.with(api.trace.setSpan(api.context.active(), span), () =>
      runGrantLoop(traced),
    )
  } catch (error) {
    outcome = outcomeOf(error)
    span.setStatus({ code: api.SpanStatusCode.ERROR, message: outcome })
    span.setAttribute(ATTR.errorType, outcome)
    throw error
  } finally {
    span.setAttribute(ATTR.outcome, outcome)
    span.setAttribute(ATTR.attempts, attempts.count)
    if (attempts.lastStatus !== undefined) span.setAttribute(ATTR.httpStatus, attempts.lastStatus)
    if (firstGrant === 'refresh') {
      const fellBack = attempts.lastGrant === 'password'
      if (fellBack) span.setAttribute(ATTR.passwordFallback, true)
      instruments.refreshes.add(1, {
        [ATTR.outcome]: outcome === 'ok' && fellBack ? 'password_fallback' : outcome,
      })
    }
    span.end()
  }
}

/** Counts and times each attempt of one token request, and the waits a 429 caused. */
class AttemptRecorder {
  count = 0
  lastStatus: number | undefined
  lastGrant: Grant['type'] | undefined
  /** When the last attempt was refused with 429: the next attempt ends the wait. */
  #rateLimitedAt: number | undefined

  constructor(
    readonly span: Span,
    readonly instruments: Instruments,
  ) {}

  async send(loop: GrantLoop, grant: Grant, signal: AbortSignal): Promise<TokenSet> {
    const started = performance.now()
    if (this.#rateLimitedAt !== undefined) {
      const waitedSeconds = (started - this.#rateLimitedAt) / 1000
      this.instruments.rateLimitWaits.add(1, { [ATTR.endpoint]: 'token' })
      this.instruments.rateLimitWaitDuration.record(waitedSeconds, { [ATTR.endpoint]: 'token' })
      this.#rateLimitedAt = undefined
    }
    this.count++
    this.lastGrant = grant.type
    this.span.setAttribute(ATTR.grant, grant.type)
    let outcome = 'ok'
    try {
      const tokens = await loop.endpoint.send(grant, signal)
      this.lastStatus = 200
      return tokens
    } catch (error) {
      outcome = outcomeOf(error)
      const status = statusOf(error)
      this.lastStatus = status
      if (outcome === 'rate_limited') this.#rateLimitedAt = performance.now()
      this.span.addEvent(TOKEN_ATTEMPT_FAILED_EVENT, {
        [ATTR.grant]: grant.type,
        [ATTR.errorType]: outcome,
        ...(status === undefined ? {} : { [ATTR.httpStatus]: status }),
      })
      throw error
    } finally {
      const attributes = { [ATTR.grant]: grant.type, [ATTR.outcome]: outcome }
      this.instruments.tokenRequests.add(1, attributes)
      this.instruments.tokenRequestDuration.record((performance.now() - started) / 1000, attributes)
    }
  }
}
