import type { RateLimitOptions } from './types.js'

/**
 * Which limit a request counts against: `token` and `api` as configured; `withrider` and
 * `gps` are the vendor's fixed 60 per minute for `/api/v1/singletrip/withrider` and
 * `/api/v1/webhook/gps/vehicle`, counted on top of `api`.
 */
export type RateLimitBucket = 'token' | 'api' | 'withrider' | 'gps'

/** The limits with every default filled in. */
export interface ResolvedRateLimits {
  per: 'second' | 'minute'
  token: number
  api: number
  /** The window of `token` and `api`, in ms. */
  windowMs: number
}

/** The vendor's published limits: 10 `/token` and 300 other requests per window per IP. */
export const DEFAULT_RATE_LIMITS: ResolvedRateLimits = {
  per: 'second',
  token: 10,
  api: 300,
  windowMs: 1000,
}

/** Requests per minute of the separately limited endpoints. */
export const PER_MINUTE_ENDPOINT_LIMIT = 60

const WINDOW_MS = { second: 1000, minute: 60_000 } as const

/** Whether a request may pass; when not, how many whole seconds until it may, and the limit it hit. */
export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number; limit: number; windowMs: number }

interface Window {
  startedAt: number
  count: number
}

/** Checks a resolved `rateLimit` option. @throws {RangeError} naming the field. */
export function resolveRateLimit(
  rateLimit: RateLimitOptions | false | undefined,
): ResolvedRateLimits | false {
  if (rateLimit === false) return false
  const per = rateLimit?.per ?? DEFAULT_RATE_LIMITS.per
  if (per !== 'second' && per !== 'minute') {
    throw new RangeError(
      `rateLimit.per must be 'second' or 'minute' (the vendor's two readings), got ${JSON.stringify(per)}`,
    )
  }
  const resolved: ResolvedRateLimits = {
    per,
    token: rateLimit?.token ?? DEFAULT_RATE_LIMITS.token,
    api: rateLimit?.api ?? DEFAULT_RATE_LIMITS.api,
    windowMs: rateLimit?.windowMs ?? WINDOW_MS[per],
  }
  for (const key of ['token', 'api', 'windowMs'] as const) {
    const value = resolved[key]
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(
        `rateLimit.${key} must be a whole number >= 1, got ${String(value)} (use rateLimit: false to turn limits off)`,
      )
    }
  }
  return resolved
}

/**
 * Fixed-window limits per client IP and bucket. Time comes from the emulator's clock,
 * so a test can `clock.advance(60_000)` instead of sleeping through a window.
 */
export class RateLimiter {
  readonly #limits: ResolvedRateLimits | false
  readonly #now: () => number
  #windows = new Map<string, Window>()

  /** `limits: false` lets every request through. */
  constructor(limits: ResolvedRateLimits | false, now: () => number) {
    this.#limits = limits
    this.#now = now
  }

  /** Counts a request from `ip` against `bucket` and says whether it may pass. */
  take(bucket: RateLimitBucket, ip: string): RateLimitDecision {
    if (this.#limits === false) return { allowed: true }
    const windowMs =
      bucket === 'token' || bucket === 'api' ? this.#limits.windowMs : WINDOW_MS.minute
    const limit =
      bucket === 'token' || bucket === 'api' ? this.#limits[bucket] : PER_MINUTE_ENDPOINT_LIMIT
    const now = this.#now()
    const key = `${bucket} ${ip}`
    let window = this.#windows.get(key)
    // `now < startedAt` happens when the clock is moved back: start afresh then too.
    if (window === undefined || now >= window.startedAt + windowMs || now < window.startedAt) {
      this.#forgetExpired(now, Math.max(this.#limits.windowMs, WINDOW_MS.minute))
      window = { startedAt: now, count: 0 }
      this.#windows.set(key, window)
    }
    window.count += 1
    if (window.count <= limit) return { allowed: true }
    const remainingMs = window.startedAt + windowMs - now
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)),
      limit,
      windowMs,
    }
  }

  /** Forgets every window. */
  reset(): void {
    this.#windows.clear()
  }

  /** Keeps the map from growing with every client that ever called, without a timer. */
  #forgetExpired(now: number, longest: number): void {
    if (this.#windows.size < 1024) return
    for (const [key, window] of this.#windows) {
      if (now >= window.startedAt + longest) this.#windows.delete(key)
    }
  }
}
