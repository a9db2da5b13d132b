import type { EventHub } from './events.js'
import type { ResolvedOptions } from './options.js'
import { backoffDelay, sleep } from './retry.js'
import { type Grant, TokenAttemptError, type TokenEndpoint } from './token-endpoint.js'
import type { TokenRequestPacer } from './token-request-pacer.js'
import type { TokenSet } from './token-set.js'
import type { TokenLease } from './token-store.js'

/** What {@link runGrantLoop} needs from the token manager. */
export interface GrantLoop {
  options: ResolvedOptions
  /** Only `send` is used: telemetry passes a traced one. */
  endpoint: Pick<TokenEndpoint, 'send'>
  pacer: TokenRequestPacer
  events: EventHub
  /** Aborted when the client closes. */
  signal: AbortSignal
  /** The cross-process lease held for this grant, if any; extended before each attempt and wait. */
  lease: TokenLease | null
  /** The newest token set read before the grant: its refresh token is used first. */
  before: TokenSet | undefined
  leaseMs: number
  read(): Promise<TokenSet | undefined>
  write(tokens: TokenSet): Promise<void>
  isFresh(tokens: TokenSet | undefined): tokens is TokenSet
  /** Called when the password was refused, before the loop gives up. */
  onCredentialsRefused(): void
}

/** A token set, and which grant produced it (none when another process's result was adopted). */
export interface GrantResult {
  tokens: TokenSet
  grant: Grant['type'] | undefined
}

/**
 * The grant and its retries: refresh first when there is a refresh token, the password grant
 * after a refused refresh token, backoff or `Retry-After` between attempts. Rejects with the
 * last attempt's error (or the reason the client closed); the token manager turns it into the
 * public error, in one place.
 */
export async function runGrantLoop(loop: GrantLoop): Promise<GrantResult> {
  const { options, signal } = loop
  const extendLease = (ms: number) => loop.lease?.extend?.(ms).catch(() => {})
  let grant: Grant = loop.before?.refreshToken
    ? { type: 'refresh', refreshToken: loop.before.refreshToken }
    : { type: 'password' }
  for (let attempt = 0; ; ) {
    try {
      await extendLease(loop.leaseMs)
      const tokens = await loop.endpoint.send(grant, signal)
      await loop.write(tokens)
      return { tokens, grant: grant.type }
    } catch (error) {
      if (!(error instanceof TokenAttemptError)) throw error
      if (error.rejected && grant.type === 'refresh') {
        // A refused refresh token (expired, revoked, rotated elsewhere) is normal: log in again once.
        options.logger.info(
          { status: error.status },
          'MediRoutes refresh token refused; falling back to the password grant',
        )
        grant = { type: 'password' }
        continue
      }
      if (error.rejected) {
        loop.onCredentialsRefused()
        throw error
      }
      if (error.code === 'invalid_config') throw error
      if (grant.type === 'refresh' && error.outcomeUnknown) {
        // The server may have used and rotated this refresh token already; never re-send it blindly.
        const latest = await loop.read()
        if (
          latest !== undefined &&
          latest.issuedAt > (loop.before?.issuedAt ?? 0) &&
          loop.isFresh(latest)
        )
          return { tokens: latest, grant: undefined }
        grant = { type: 'password' }
      }
      if (error.code === 'rate_limited') {
        loop.events.emit('rateLimited', {
          endpoint: 'token',
          ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
        })
        if (error.retryAfterMs !== undefined) {
          if (error.retryAfterMs > options.maxRetryAfterMs) throw error
          loop.pacer.blockUntil(Date.now() + error.retryAfterMs)
        }
      }
      attempt++
      if (attempt > options.maxRetries) throw error
      const delay = error.retryAfterMs ?? backoffDelay(attempt - 1)
      options.logger.warn(
        { code: error.code, status: error.status, attempt, delayMs: delay },
        'MediRoutes token request failed; retrying',
      )
      await extendLease(delay + loop.leaseMs)
      await sleep(delay, signal, { background: true })
    }
  }
}
