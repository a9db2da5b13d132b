import { MediRoutesAuthError } from './errors.js'
import { sleep } from './retry.js'

/**
 * A limit on how many requests may leave, shared by whoever holds it: the client's in-process
 * budgets ({@link createRequestBudget}) or a fleet-wide one such as `@mediroutes/redis-store`'s
 * `createRedisTokenBudget` / `createRedisRequestBudget`.
 */
export interface RequestBudget {
  /**
   * Waits until one more request to `url` may be sent, then books it.
   * @throws `signal.reason` when `signal` aborts while waiting.
   */
  take(url: string | URL, signal?: AbortSignal | null): Promise<void>
  /**
   * Optional: holds back every request for `ms` from now, after the server answered 429. A budget
   * shared by many callers turns one 429 into a pause for all of them instead of a 429 each.
   */
  pause?(ms: number): void | Promise<void>
}

/** A request limit: at most `requests` in any window of `windowMs`. */
export interface RequestRate {
  /** Requests allowed per window; a whole number of at least 1. */
  requests: number
  /** Length of the sliding window in ms; a whole number of at least 1. */
  windowMs: number
}

/**
 * Default for `tokenRateLimit`: 10 requests per 61 s. The vendor's reference page says 10 per
 * minute (its overview says per second); a client needs one grant a day, so the stricter reading
 * costs nothing. The extra second absorbs network jitter between us and the server's counter.
 */
export const DEFAULT_TOKEN_RATE_LIMIT: Readonly<RequestRate> = Object.freeze({
  requests: 10,
  windowMs: 61_000,
})

/**
 * Default for `apiRateLimit`: 300 requests per 1 100 ms per process, the vendor's per-second
 * reading. Its per-minute reading would cap every user at 5 requests a second; a client meeting
 * it anyway survives through adaptive 429 handling (`Retry-After`, backoff, a shared pause).
 */
export const DEFAULT_API_RATE_LIMIT: Readonly<RequestRate> = Object.freeze({
  requests: 300,
  windowMs: 1_100,
})

const RESOLVED = Promise.resolve()

/** A sliding-window log in a ring buffer: O(1) per request, whatever the limit. */
class SlidingWindowBudget implements RequestBudget {
  readonly #requests: number
  readonly #windowMs: number
  /** Send times of the last `requests` requests, oldest at `#head`. */
  readonly #sent: Float64Array
  #head = 0
  #count = 0
  #pausedUntil = 0

  constructor(rate: RequestRate) {
    this.#requests = rate.requests
    this.#windowMs = rate.windowMs
    this.#sent = new Float64Array(rate.requests)
  }

  take(_url: string | URL, signal?: AbortSignal | null): Promise<void> {
    // The common case books synchronously and hands back a settled promise: no timer, no closure.
    const wait = this.#tryBook(Date.now())
    if (wait <= 0) return RESOLVED
    return this.#waitAndBook(wait, signal ?? undefined)
  }

  pause(ms: number): void {
    if (!(ms > 0)) return
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + ms)
  }

  /** Books a slot and returns 0, or returns how long to wait before trying again. */
  #tryBook(now: number): number {
    if (now < this.#pausedUntil) return this.#pausedUntil - now
    if (this.#count === this.#requests) {
      const oldest = this.#sent[this.#head]!
      const freeAt = oldest + this.#windowMs
      if (now < freeAt) return freeAt - now
      this.#head = (this.#head + 1) % this.#requests
      this.#count--
    }
    this.#sent[(this.#head + this.#count) % this.#requests] = now
    this.#count++
    return 0
  }

  async #waitAndBook(wait: number, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      await sleep(wait, signal)
      wait = this.#tryBook(Date.now())
      if (wait <= 0) return
    }
  }

  toJSON(): { type: string; requests: number; windowMs: number } {
    return { type: 'RequestBudget', requests: this.#requests, windowMs: this.#windowMs }
  }
}

function checkRate(name: string, rate: RequestRate): RequestRate {
  const { requests, windowMs } = rate
  if (!Number.isInteger(requests) || requests < 1 || requests > 1_000_000) {
    throw new MediRoutesAuthError(
      'invalid_config',
      `${name}.requests must be a whole number from 1 to 1000000 (got ${String(requests)})`,
    )
  }
  if (!Number.isInteger(windowMs) || windowMs < 1 || windowMs > 3_600_000) {
    throw new MediRoutesAuthError(
      'invalid_config',
      `${name}.windowMs must be a whole number of ms from 1 to 3600000 (got ${String(windowMs)})`,
    )
  }
  return rate
}

/**
 * Creates an in-process budget: at most `requests` in any sliding window of `windowMs`, and a
 * `pause(ms)` that holds back every caller. Share one instance between clients that leave through
 * the same IP; for a fleet use a shared budget (`@mediroutes/redis-store`).
 * @throws {MediRoutesAuthError} `invalid_config` for a rate that is not whole numbers of at least 1.
 * @example
 * const apiRateLimit = createRequestBudget({ requests: 300, windowMs: 60_000 })
 * const client = createMediRoutesClient({ ...options, apiRateLimit })
 */
export function createRequestBudget(rate: RequestRate): RequestBudget {
  if (typeof rate !== 'object' || rate === null) {
    throw new MediRoutesAuthError(
      'invalid_config',
      'createRequestBudget needs { requests, windowMs }, e.g. { requests: 300, windowMs: 60000 }',
    )
  }
  return new SlidingWindowBudget(checkRate('rate', rate))
}

/** What the `tokenRateLimit` and `apiRateLimit` options accept. */
export type RateLimitOption = RequestBudget | RequestRate | false

/** Process-wide budgets per host and rate: the vendor counts per IP, not per client. */
const sharedBudgets = new Map<string, RequestBudget>()

/**
 * Turns an option into the budget the client uses: `undefined` for `false` (nothing to pay on the
 * hot path), the given budget as is, or a process-wide budget per host for a rate.
 * @throws {MediRoutesAuthError} `invalid_config` for anything else.
 */
export function resolveRateLimit(
  name: string,
  value: unknown,
  fallback: Readonly<RequestRate>,
  host: string,
): RequestBudget | undefined {
  if (value === false) return undefined
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new MediRoutesAuthError(
      'invalid_config',
      `${name} must be false, { requests, windowMs } or a RequestBudget with a take() method`,
    )
  }
  const candidate = value as Partial<RequestBudget & RequestRate> | undefined
  if (candidate !== undefined && typeof candidate.take === 'function') {
    if (candidate.pause !== undefined && typeof candidate.pause !== 'function') {
      throw new MediRoutesAuthError(
        'invalid_config',
        `${name}.pause, when given, must be a function`,
      )
    }
    return candidate as RequestBudget
  }
  const rate = checkRate(name, (candidate as RequestRate | undefined) ?? fallback)
  const key = `${name} ${host} ${rate.requests}/${rate.windowMs}`
  let budget = sharedBudgets.get(key)
  if (budget === undefined) {
    budget = new SlidingWindowBudget(rate)
    sharedBudgets.set(key, budget)
  }
  return budget
}

/** The longest exponential step between two 429s without `Retry-After`. */
const MAX_RATE_LIMIT_BACKOFF_MS = 30_000

/**
 * How long to wait after the `attempt`-th 429 (0-based) of one call: the server's `Retry-After`
 * plus up to a tenth of it (at most 1 s) of jitter, so callers that waited together do not all
 * come back in the same instant; without `Retry-After`, exponential backoff with equal jitter
 * from 500 ms up to 30 s.
 */
export function rateLimitDelay(
  retryAfterMs: number | undefined,
  attempt: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) {
    return retryAfterMs + Math.floor(random() * Math.min(1000, 50 + retryAfterMs / 10))
  }
  const step = Math.min(MAX_RATE_LIMIT_BACKOFF_MS, 500 * 2 ** Math.min(attempt, 16))
  return Math.floor(step / 2 + (random() * step) / 2)
}
