import { describeError, errorClassName } from './describe-error.js'
import { isMediRoutesAuthError, MediRoutesAuthError } from './errors.js'
import type { EventHub } from './events.js'
import { runGrantLoop } from './grant-loop.js'
import { waitForLease } from './lease-wait.js'
import type { ResolvedOptions } from './options.js'
import { abortable, keepingProcessAlive, MAX_BACKOFF_MS } from './retry.js'
import { tokenStoreKey } from './store-key.js'
import type { ClientTelemetry } from './telemetry/client-telemetry.js'
import { TokenEndpoint } from './token-endpoint.js'
import {
  type FreshnessRules,
  freshUntil,
  isFresh,
  mustRefresh,
  shouldRefresh,
} from './token-freshness.js'
import { pacerFor, type TokenRequestPacer } from './token-request-pacer.js'
import { type TokenSet, tokenSetProblem } from './token-set.js'
import type { TokenStore } from './token-store.js'

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
 * per process (and per fleet, with a store that has leases). Freshness rules live in
 * `token-freshness.ts`, the lease wait in `lease-wait.ts`, the grant and its retries in
 * `grant-loop.ts`; every failure to get a token ends in {@link TokenManager.#fail}.
 */
export class TokenManager {
  readonly key: string
  readonly #options: ResolvedOptions
  readonly #events: EventHub
  readonly #endpoint: TokenEndpoint
  readonly #pacer: TokenRequestPacer
  readonly #closing = new AbortController()
  /** Fixed per process, so a fleet spreads its refreshes over the window instead of refreshing in lock-step. */
  readonly #rules: FreshnessRules
  #inflight: Promise<TokenSet> | undefined
  #lastKnown: TokenSet | undefined
  /** The last value read from the store that passed validation: the same object is not checked again. */
  #lastValid: TokenSet | undefined
  /** An unusable stored value is logged once, until a good token replaces it. */
  #unusableLogged = false
  #cooldownUntil = 0
  #lastGrantAt: number | undefined
  #lastError: TokenStatus['lastError']
  /** The access token the API last refused; never handed out again, even while its refresh runs. */
  #rejectedAccessToken: string | undefined
  /** The store, when it can say synchronously what it holds (`peek`): the hot path needs that. */
  readonly #peekable: (TokenStore & Pick<Required<TokenStore>, 'peek'>) | undefined
  /** The set last served as fresh, and until when it stays fresh: see {@link freshTokenSet}. */
  #hot: { tokens: TokenSet; freshUntil: number } | undefined
  #closed = false

  constructor(
    options: ResolvedOptions,
    events: EventHub,
    readonly telemetry?: ClientTelemetry,
  ) {
    this.#options = options
    this.#events = events
    this.#rules = { refreshWindowMs: options.refreshWindowMs, jitter: Math.random() }
    this.#pacer = pacerFor(options)
    this.#endpoint = new TokenEndpoint(options, this.#pacer)
    this.key = tokenStoreKey(options.baseUrl, options.username)
    const { store } = options
    this.#peekable =
      typeof store.peek === 'function'
        ? (store as TokenStore & Pick<Required<TokenStore>, 'peek'>)
        : undefined
  }

  /**
   * The hot path: the set last served as fresh, when that needs no promise. Only while the
   * store's `peek` still returns that very object (so a set replaced, deleted or shown refused
   * by the store is never served from here), before its refresh window opens, and never after a
   * 401 refused it. `undefined` means: take {@link getTokenSet}.
   */
  freshTokenSet(): TokenSet | undefined {
    const hot = this.#hot
    if (hot === undefined || Date.now() >= hot.freshUntil) return undefined
    let held: TokenSet | undefined
    try {
      held = this.#peekable?.peek(this.key)
    } catch {
      return undefined
    }
    return held === hot.tokens ? held : undefined
  }

  /** A usable token set: cached when valid, otherwise fetched. Starts a background refresh inside the refresh window. */
  async getTokenSet(signal?: AbortSignal | null): Promise<TokenSet> {
    this.#assertOpen()
    const current = await this.#read()
    const now = Date.now()
    if (current !== undefined && !mustRefresh(current, now)) {
      if (current.accessToken === this.#rejectedAccessToken)
        return abortable(keepingProcessAlive(this.#acquire(current.accessToken)), signal)
      if (shouldRefresh(current, now, this.#rules)) this.#refreshInBackground()
      else this.#remember(current)
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
    this.#hot = undefined
    // Each refused token is reported to the store once, however many requests it failed.
    const firstReport = this.#rejectedAccessToken !== rejectedAccessToken
    this.#rejectedAccessToken = rejectedAccessToken
    if (firstReport)
      await this.#options.store
        .reportRejected?.(this.key, rejectedAccessToken)
        .catch((error: unknown) => {
          this.#options.logger.warn(
            { err: describeError(error) },
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
      state: mustRefresh(current, Date.now()) ? 'expired' : 'valid',
      expiresAt: current.expiresAt,
      issuedAt: current.issuedAt,
      ...base,
    }
  }

  close(): void {
    this.#closed = true
    this.#hot = undefined
    this.#closing.abort(new MediRoutesAuthError('closed', 'the MediRoutes client was closed'))
  }

  #assertOpen(): void {
    if (this.#closing.signal.aborted)
      throw new MediRoutesAuthError('closed', 'the MediRoutes client was closed; create a new one')
  }

  /** Keeps `tokens`, just found fresh, for {@link freshTokenSet}; its freshness limit is computed once per set. */
  #remember(tokens: TokenSet): void {
    if (this.#peekable === undefined || this.#closed || this.#hot?.tokens === tokens) return
    this.#hot = { tokens, freshUntil: freshUntil(tokens, this.#rules) }
  }

  /**
   * The store's token set, validated by the rules a token response passes: an unusable value
   * (a token that cannot go in a header, a wrong type, times out of range) is logged once and
   * treated as absent, so the next grant replaces it.
   */
  async #read(): Promise<TokenSet | undefined> {
    let value: unknown
    try {
      value = await this.#options.store.get(this.key)
    } catch (error) {
      // A store outage must not take the app down while the token endpoint works.
      this.#options.logger.warn(
        { err: describeError(error) },
        'MediRoutes token store read failed; using the last token seen by this process',
      )
      return this.#lastKnown
    }
    if (value === undefined || value === this.#lastValid) return value as TokenSet | undefined
    const problem = tokenSetProblem(value)
    if (problem !== undefined) {
      if (!this.#unusableLogged) {
        this.#unusableLogged = true
        this.#options.logger.warn(
          { problem },
          'MediRoutes token store holds an unusable token set; ignoring it and getting a new token',
        )
      }
      return undefined
    }
    this.#lastValid = value as TokenSet
    return this.#lastValid
  }

  async #write(tokens: TokenSet): Promise<void> {
    this.#hot = undefined
    this.#lastKnown = tokens
    this.#unusableLogged = false
    const lifetimeLeft = tokens.expiresAt - Date.now()
    const ttlMs =
      tokens.refreshToken === undefined ? lifetimeLeft : lifetimeLeft + REFRESH_TOKEN_GRACE_MS
    try {
      await this.#options.store.set(this.key, tokens, Math.max(1, ttlMs))
    } catch (error) {
      this.#options.logger.warn(
        { err: describeError(error) },
        'MediRoutes token store write failed; the token is kept in this process only',
      )
    }
  }

  #isFresh(tokens: TokenSet | undefined, rejected: string | undefined): tokens is TokenSet {
    return isFresh(tokens, rejected, Date.now(), this.#rules)
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
    const signal = this.#closing.signal
    const leaseMs = this.#leaseMs()
    const isFreshEnough = (tokens: TokenSet | undefined): tokens is TokenSet =>
      this.#isFresh(tokens, rejected)
    try {
      const outcome = await waitForLease({
        store: this.#options.store,
        key: this.key,
        logger: this.#options.logger,
        signal,
        leaseMs,
        // A live holder keeps extending its lease; give up on it only after the longest grant could take.
        waitUntil: Date.now() + this.#longestGrantMs() + leaseMs,
        read: () => this.#read(),
        isFresh: isFreshEnough,
      })
      if (outcome.fresh !== undefined) return outcome.fresh
      const { lease } = outcome
      try {
        const { tokens, grant } = await (this.telemetry?.runGrantLoop ?? runGrantLoop)({
          options: this.#options,
          endpoint: this.#endpoint,
          pacer: this.#pacer,
          events: this.#events,
          signal,
          lease,
          before: outcome.current,
          leaseMs,
          read: () => this.#read(),
          write: (tokens) => this.#write(tokens),
          isFresh: isFreshEnough,
          onCredentialsRefused: () => {
            this.#cooldownUntil = Date.now() + this.#options.invalidCredentialsCooldownMs
          },
        })
        if (grant !== undefined) this.#succeed(tokens, grant)
        return tokens
      } finally {
        await lease?.release().catch(() => {})
      }
    } catch (error) {
      throw this.#fail(error)
    }
  }

  #succeed(tokens: TokenSet, grant: 'password' | 'refresh'): void {
    this.#lastGrantAt = Date.now()
    this.#lastError = undefined
    const info = { issuedAt: tokens.issuedAt, expiresAt: tokens.expiresAt }
    if (grant === 'password') this.#events.emit('acquired', { grant: 'password', ...info })
    else this.#events.emit('refreshed', { grant: 'refresh', ...info })
    this.#options.logger.info(
      { grant, expiresAt: new Date(tokens.expiresAt).toISOString() },
      'MediRoutes token obtained',
    )
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

  /**
   * The one path of every failure to get a token, whatever its origin (the token endpoint, the
   * password function, a store): records `lastError`, emits `failed`, logs, and returns the
   * public, secret-free error (never with the original as `cause`). Closing the client is not a failure.
   */
  #fail(error: unknown): unknown {
    if (this.#closing.signal.aborted && error === this.#closing.signal.reason) return error
    const failure = isMediRoutesAuthError(error)
      ? new MediRoutesAuthError(error.code, error.message, {
          ...(error.status === undefined ? {} : { status: error.status }),
          ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
        })
      : new MediRoutesAuthError(
          'invalid_response',
          `getting a MediRoutes token failed unexpectedly (${errorClassName(error)})`,
        )
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
