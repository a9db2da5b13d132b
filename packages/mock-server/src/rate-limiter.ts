import type { RateLimitOptions } from './types.js'

/** Which limit a request counts against. */
export type RateLimitBucket = 'token' | 'api'

/** The limits with every default filled in. */
export type ResolvedRateLimits = Required<RateLimitOptions>

/** The vendor's published limits: 10 `/token` and 300 other requests per second per IP. */
export const DEFAULT_RATE_LIMITS: ResolvedRateLimits = { token: 10, api: 300, windowMs: 1000 }

/** Whether a request may pass; when not, how many whole seconds until it may, and the limit it hit. */
export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number; limit: number; windowMs: number }

interface Window {
  startedAt: number
  count: number
}

/**
 * Fixed-window limits per client IP and bucket. Time comes from the emulator's clock,
 * so a test can `clock.advance(windowMs)` instead of sleeping through a window.
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
    const { windowMs } = this.#limits
    const limit = this.#limits[bucket]
    const now = this.#now()
    const key = `${bucket} ${ip}`
    let window = this.#windows.get(key)
    // `now < startedAt` happens when the clock is moved back: start afresh then too.
    if (window === undefined || now >= window.startedAt + windowMs || now < window.startedAt) {
      this.#forgetExpired(now, windowMs)
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
  #forgetExpired(now: number, windowMs: number): void {
    if (this.#windows.size < 1024) return
    for (const [key, window] of this.#windows) {
      if (now >= window.startedAt + windowMs) this.#windows.delete(key)
    }
  }
}
