/** Requests per window one source may send before the receiver answers 429. */
export interface SourceRateLimit {
  requests: number
  windowMs: number
}

/** The default: 100 deliveries per second per source, far above one provider's day of trips. */
export const DEFAULT_SOURCE_RATE_LIMIT: SourceRateLimit = { requests: 100, windowMs: 1000 }

/**
 * Fixed windows per source (an IP or whatever the adapter names). Windows of sources that went
 * quiet are swept on the next call after they end, so the map stays as small as the active set.
 */
export class SourceRateLimiter {
  readonly #limit: SourceRateLimit
  readonly #now: () => number
  #windows = new Map<string, { startedAt: number; count: number }>()
  #sweptAt = 0

  constructor(limit: SourceRateLimit, now: () => number = Date.now) {
    this.#limit = limit
    this.#now = now
  }

  /** Counts one request; returns the seconds to wait when over the limit, else 0. */
  take(source: string): number {
    const now = this.#now()
    this.#sweep(now)
    const window = this.#windows.get(source)
    if (window === undefined || now - window.startedAt >= this.#limit.windowMs) {
      this.#windows.set(source, { startedAt: now, count: 1 })
      return 0
    }
    window.count += 1
    if (window.count <= this.#limit.requests) return 0
    return Math.max(1, Math.ceil((window.startedAt + this.#limit.windowMs - now) / 1000))
  }

  #sweep(now: number): void {
    if (now - this.#sweptAt < this.#limit.windowMs) return
    this.#sweptAt = now
    for (const [source, window] of this.#windows) {
      if (now - window.startedAt >= this.#limit.windowMs) this.#windows.delete(source)
    }
  }
}
