import { MediRoutesAuthError } from './errors.js'
import type { EventHub } from './events.js'
import type { ResolvedOptions } from './options.js'
import { abortable, backoffDelay, keepingProcessAlive, MAX_BACKOFF_MS, sleep } from './retry.js'
import { tokenStoreKey } from './store-key.js'
import { type Grant, TokenAttemptError, TokenEndpoint } from './token-endpoint.js'
import { pacerFor, type TokenRequestPacer } from './token-request-pacer.js'
import type { TokenSet } from './token-set.js'
import type { TokenLease } from './token-store.js'

/** How long a refresh token stays useful after its access token expired (the server may accept it longer). */
const REFRESH_TOKEN_GRACE_MS = 24 * 60 * 60 * 1000
/** Longest a grant may hold the cross-process lease; a dead holder blocks others no longer. */
const MAX_LEASE_MS = 30_000

/** Non-secret state of the client's token, for health checks and dashboards. */
export interface TokenStatus {
  /** `valid`: usable token; `expired`/`none`: the next call fetches one; `cooldown`: credentials were refused recently. */
  state: 'valid' | 'expired' | 'none' | 'cooldown'
  expiresAt?: number
  issuedAt?: number
  /** When this process last got a token from `/token` (epoch ms). */
  lastGrantAt?: number
  /** Whether a grant is in flight in this process. */
  refreshing: boolean
  lastError?: { code: string; message: string; at: number }
}

/**
 * Owns one account's token: reads it from the store, and performs at most one grant at a time
 * per process (and per fleet, with a store that has leases).
 */
export class TokenManager {
  readonly key: string
  readonly #options: ResolvedOptions
  readonly #events: EventHub
  readonly #endpoint: TokenEndpoint
  readonly #pacer: TokenRequestPacer
  readonly #closing = new AbortController()
  /** Fixed per process, so a fleet spreads its refreshes over the window instead of refreshing in lock-step. */
  readonly #jitter = Math.random()
  #inflight: Promise<TokenSet> | undefined
  #lastKnown: TokenSet | undefined
  #cooldownUntil = 0
  #lastGrantAt: number | undefined
  #lastError: TokenStatus['lastError']
  /** The access token the API last refused; never handed out again, even while its refresh runs. */
  #rejectedAccessToken: string | undefined

  constructor(options: ResolvedOptions, events: EventHub) {
    this.#options = options
    this.#events = events
    this.#pacer = pacerFor(options)
    this.#endpoint = new TokenEndpoint(options, this.#pacer)
    this.key = tokenStoreKey(options.baseUrl, options.username)
  }

  /** A usable token set: cached when valid, otherwise fetched. Starts a background refresh inside the refresh window. */
  async getTokenSet(signal?: AbortSignal | null): Promise<TokenSet> {
    this.#assertOpen()
    const current = await this.#read()
    if (current !== undefined && !this.#isExpired(current)) {
      if (current.accessToken === this.#rejectedAccessToken)
        return abortable(keepingProcessAlive(this.#acquire(current.accessToken)), signal)
      if (Date.now() >= this.#refreshAt(current)) this.#refreshInBackground()
      return current
    }
    return abortable(keepingProcessAlive(this.#acquire(undefined)), signal)
  }

  /**
   * Called after the API refused `rejectedAccessToken` with 401. Refreshes only if that token is
   * still the current one; a stale 401 just gets the newer token.
   */
  async refreshAfterRejection(
    rejectedAccessToken: string,
    signal?: AbortSignal | null,
  ): Promise<TokenSet> {
    this.#assertOpen()
    // Each refused token is reported to the store once, however many requests it failed.
    const firstReport = this.#rejectedAccessToken !== rejectedAccessToken
    this.#rejectedAccessToken = rejectedAccessToken
    if (firstReport)
      await this.#options.store
        .reportRejected?.(this.key, rejectedAccessToken)
        .catch((error: unknown) => {
          this.#options.logger.warn(
            { err: describe(error) },
            'MediRoutes token store could not share a rejected token',
          )
        })
    let tokens = await abortable(keepingProcessAlive(this.#acquire(rejectedAccessToken)), signal)
    // We may have joined a grant that started before the 401 and returned the very token refused.
    if (tokens.accessToken === rejectedAccessToken)
      tokens = await abortable(keepingProcessAlive(this.#acquire(rejectedAccessToken)), signal)
    return tokens
  }

  /** Writes `tokens` again with what travels next to them (the access claims), under the same TTL rule. */
  saveAlongside(tokens: TokenSet): Promise<void> {
    return this.#write(tokens)
  }

  async status(): Promise<TokenStatus> {
    const current = await this.#read().catch(() => undefined)
    const base = {
      refreshing: this.#inflight !== undefined,
      ...(this.#lastGrantAt === undefined ? {} : { lastGrantAt: this.#lastGrantAt }),
      ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }),
    }
    if (Date.now() < this.#cooldownUntil) return { state: 'cooldown', ...base }
    if (current === undefined) return { state: 'none', ...base }
    return {
      state: this.#isExpired(current) ? 'expired' : 'valid',
      expiresAt: current.expiresAt,
      issuedAt: current.issuedAt,
      ...base,
    }
  }

  close(): void {
    this.#closing.abort(new MediRoutesAuthError('closed', 'the MediRoutes client was closed'))
  }

  #assertOpen(): void {
    if (this.#closing.signal.aborted)
      throw new MediRoutesAuthError('closed', 'the MediRoutes client was closed; create a new one')
  }

  async #read(): Promise<TokenSet | undefined> {
    try {
      return await this.#options.store.get(this.key)
    } catch (error) {
      // A store outage must not take the app down while the token endpoint works.
      this.#options.logger.warn(
        { err: describe(error) },
        'MediRoutes token store read failed; using the last token seen by this process',
      )
      return this.#lastKnown
    }
  }

  async #write(tokens: TokenSet): Promise<void> {
    this.#lastKnown = tokens
    const lifetimeLeft = tokens.expiresAt - Date.now()
    const ttlMs =
      tokens.refreshToken === undefined ? lifetimeLeft : lifetimeLeft + REFRESH_TOKEN_GRACE_MS
    try {
      await this.#options.store.set(this.key, tokens, Math.max(1, ttlMs))
    } catch (error) {
      this.#options.logger.warn(
        { err: describe(error) },
        'MediRoutes token store write failed; the token is kept in this process only',
      )
    }
  }

  #lifetime(tokens: TokenSet): number {
    return Math.max(0, tokens.expiresAt - tokens.issuedAt)
  }

  /** Treats a token as expired a little early, so it never reaches the API at the edge of its life. */
  #isExpired(tokens: TokenSet): boolean {
    const margin = Math.min(10_000, this.#lifetime(tokens) * 0.05)
    return Date.now() >= tokens.expiresAt - margin
  }

  #refreshAt(tokens: TokenSet): number {
    const window = Math.min(this.#options.refreshWindowMs, this.#lifetime(tokens) / 2)
    return tokens.expiresAt - window * (1 + 0.5 * this.#jitter)
  }

  /** Good enough that no grant is needed: not the refused token, not expired, not due for refresh. */
  #isFresh(tokens: TokenSet | undefined, rejected: string | undefined): tokens is TokenSet {
    return (
      tokens !== undefined &&
      tokens.accessToken !== rejected &&
      !this.#isExpired(tokens) &&
      Date.now() < this.#refreshAt(tokens)
    )
  }

  #refreshInBackground(): void {
    if (this.#inflight !== undefined) return
    this.#acquire(undefined).catch(() => {
      // Already logged and emitted; callers still hold a valid token.
    })
  }

  /** One grant in flight per process: every caller shares it. */
  #acquire(rejected: string | undefined): Promise<TokenSet> {
    if (this.#inflight === undefined) {
      this.#inflight = this.#acquireExclusively(rejected).finally(() => {
        this.#inflight = undefined
      })
    }
    return this.#inflight
  }

  async #acquireExclusively(rejected: string | undefined): Promise<TokenSet> {
    if (Date.now() < this.#cooldownUntil) throw this.#cooldownError()
    const store = this.#options.store
    const signal = this.#closing.signal
    const leaseMs = this.#leaseMs()
    // A live holder keeps extending its lease; give up on it only after the longest grant could take.
    const waitUntil = Date.now() + this.#longestGrantMs() + leaseMs
    let lease: TokenLease | null = null
    // The newest value read: the grant starts from it (its refresh token) without reading again.
    let current: TokenSet | undefined
    for (let round = 0; ; round++) {
      current = await this.#read()
      if (this.#isFresh(current, rejected)) return current
      if (store.acquireLease === undefined) break
      try {
        lease = await store.acquireLease(this.key, leaseMs)
      } catch (error) {
        this.#options.logger.warn(
          { err: describe(error) },
          'MediRoutes token store lease failed; continuing with the in-process lock',
        )
        break
      }
      if (lease !== null) {
        // Between our read and the lease another process may have finished its grant.
        current = await this.#read()
        if (this.#isFresh(current, rejected)) {
          await lease.release().catch(() => {})
          return current
        }
        break
      }
      if (Date.now() > waitUntil) {
        this.#options.logger.warn(
          {},
          'MediRoutes token lease still held by another process; fetching a token without it',
        )
        break
      }
      if (store.waitForUpdate) await abortable(store.waitForUpdate(this.key, 250), signal)
      else await sleep(Math.min(1000, 50 * 2 ** round), signal, { background: true })
    }
    try {
      return await this.#grantWithRetries(rejected, signal, lease, current)
    } finally {
      await lease?.release().catch(() => {})
    }
  }

  /** The lease, renewed before each attempt and wait: one attempt's worth, so a dead holder frees it soon. */
  #leaseMs(): number {
    return Math.min(MAX_LEASE_MS, this.#options.timeoutMs * 2)
  }

  /** The longest a grant with every retry and wait can take. */
  #longestGrantMs(): number {
    const { maxRetries, timeoutMs, maxRetryAfterMs } = this.#options
    return (maxRetries + 2) * timeoutMs + maxRetries * Math.max(MAX_BACKOFF_MS, maxRetryAfterMs)
  }

  async #grantWithRetries(
    rejected: string | undefined,
    signal: AbortSignal,
    lease: TokenLease | null,
    before: TokenSet | undefined,
  ): Promise<TokenSet> {
    const extendLease = (ms: number) => lease?.extend?.(ms).catch(() => {})
    let grant: Grant = before?.refreshToken
      ? { type: 'refresh', refreshToken: before.refreshToken }
      : { type: 'password' }
    for (let attempt = 0; ; ) {
      try {
        await extendLease(this.#leaseMs())
        const tokens = await this.#endpoint.send(grant, signal)
        await this.#write(tokens)
        this.#lastGrantAt = Date.now()
        this.#lastError = undefined
        const info = { issuedAt: tokens.issuedAt, expiresAt: tokens.expiresAt }
        if (grant.type === 'password') this.#events.emit('acquired', { grant: 'password', ...info })
        else this.#events.emit('refreshed', { grant: 'refresh', ...info })
        this.#options.logger.info(
          { grant: grant.type, expiresAt: new Date(tokens.expiresAt).toISOString() },
          'MediRoutes token obtained',
        )
        return tokens
      } catch (error) {
        if (!(error instanceof TokenAttemptError)) throw error
        if (error.rejected && grant.type === 'refresh') {
          // A refused refresh token (expired, revoked, rotated elsewhere) is normal: log in again once.
          this.#options.logger.info(
            { status: error.status },
            'MediRoutes refresh token refused; falling back to the password grant',
          )
          grant = { type: 'password' }
          continue
        }
        if (error.rejected) {
          this.#cooldownUntil = Date.now() + this.#options.invalidCredentialsCooldownMs
          throw this.#fail(error)
        }
        if (error.code === 'invalid_config') throw this.#fail(error)
        if (grant.type === 'refresh' && error.outcomeUnknown) {
          // The server may have used and rotated this refresh token already; never re-send it blindly.
          const latest = await this.#read()
          if (
            latest !== undefined &&
            latest.issuedAt > (before?.issuedAt ?? 0) &&
            this.#isFresh(latest, rejected)
          )
            return latest
          grant = { type: 'password' }
        }
        if (error.code === 'rate_limited') {
          this.#events.emit('rateLimited', {
            endpoint: 'token',
            ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
          })
          if (error.retryAfterMs !== undefined) {
            if (error.retryAfterMs > this.#options.maxRetryAfterMs) throw this.#fail(error)
            this.#pacer.blockUntil(Date.now() + error.retryAfterMs)
          }
        }
        attempt++
        if (attempt > this.#options.maxRetries) throw this.#fail(error)
        const delay = error.retryAfterMs ?? backoffDelay(attempt - 1)
        this.#options.logger.warn(
          { code: error.code, status: error.status, attempt, delayMs: delay },
          'MediRoutes token request failed; retrying',
        )
        await extendLease(delay + this.#leaseMs())
        await sleep(delay, signal, { background: true })
      }
    }
  }

  /** The public, secret-free error for a failure that ends the grant. */
  #fail(error: TokenAttemptError): MediRoutesAuthError {
    const failure = new MediRoutesAuthError(error.code, error.message, {
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    })
    this.#lastError = { code: failure.code, message: failure.message, at: Date.now() }
    this.#events.emit('failed', {
      code: failure.code,
      message: failure.message,
      ...(failure.status === undefined ? {} : { status: failure.status }),
    })
    this.#options.logger.error(
      { code: failure.code, status: failure.status },
      `MediRoutes token request failed: ${failure.message}`,
    )
    return failure
  }

  #cooldownError(): MediRoutesAuthError {
    const seconds = Math.ceil((this.#cooldownUntil - Date.now()) / 1000)
    return new MediRoutesAuthError(
      'invalid_credentials',
      `MediRoutes refused these credentials recently; not retrying for ${seconds} s so the account is not locked (fix the username and password options, or MEDIROUTES_USERNAME/MEDIROUTES_PASSWORD)`,
      { status: 401 },
    )
  }
}

/** A log-safe description of an unknown error: its type and code, never its message (which might echo input). */
function describe(error: unknown): { name?: string; code?: string } {
  if (typeof error !== 'object' || error === null) return {}
  const e = error as { name?: unknown; code?: unknown }
  return {
    ...(typeof e.name === 'string' ? { name: e.name } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
  }
}
