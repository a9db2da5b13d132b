import { randomBytes } from 'node:crypto'
import type { Logger, RequestBudget } from '@mediroutes/auth-core'
import { configError, positiveMs } from './config-error.js'
import { PAUSE_BUDGET, TAKE_BUDGET_SLOT } from './lua-scripts.js'
import { type RedisClientLike, redisConnection } from './redis-client.js'
import { RedisGuard } from './redis-guard.js'
import { budgetKeys, resolveKeyPrefix } from './redis-keys.js'
import { resolveLogger } from './store-options.js'

/** Options every fleet-wide budget takes. */
export interface FleetBudgetOptions {
  /** An ioredis or connected node-redis client, as for the store (it may be the same client). Required; never closed here. */
  client: RedisClientLike
  /** Prefix of the budget's Redis keys. Default `'mediroutes:'`. */
  keyPrefix?: string
  /** Requests the whole fleet may send per window and host. */
  limit?: number
  /** Length of the sliding window in ms. */
  windowMs?: number
  /** Longest wait for Redis before a request goes ahead on this process's own pacing. Default 1000 ms. */
  commandTimeoutMs?: number
  /** pino-style logger for outages. Default: silent. */
  logger?: Logger
}

/**
 * The core's `RequestBudget`, kept fleet-wide: `take` waits for a slot for a request to `url`;
 * `pause` stops every request for `ms` (after a 429).
 */
export interface FleetBudget extends RequestBudget {
  /**
   * Waits until the fleet may send one more request to `url`'s host, then books it. While Redis
   * is unavailable it goes ahead on this process's own sliding window of the same size.
   * @throws `signal.reason` when `signal` aborts while waiting.
   */
  take(url: string | URL, signal?: AbortSignal | null): Promise<void>
  /** Pauses the budget for the whole fleet (and this process) for `ms`, e.g. a 429's `Retry-After`; never shortens a longer pause. */
  pause(ms: number): Promise<void>
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError')
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleepFor(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal))
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortError(signal!))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** The in-process sliding window used while Redis is unavailable: each process paces itself. */
class LocalWindow {
  readonly #sent: number[] = []

  /** 0 when a slot was booked, else ms to wait. */
  take(limit: number, windowMs: number, now: number): number {
    while (this.#sent.length > 0 && this.#sent[0]! <= now - windowMs) this.#sent.shift()
    if (this.#sent.length < limit) {
      this.#sent.push(now)
      return 0
    }
    return Math.max(1, this.#sent[0]! + windowMs - now)
  }
}

/**
 * A sliding-window budget shared by the fleet through Redis, timed by Redis's clock, with a
 * shared pause. One window per host; one script call per request.
 */
export class RedisFleetBudget implements FleetBudget {
  readonly #guard: RedisGuard
  readonly #kind: 'budget' | 'api'
  readonly #keyPrefix: string
  readonly limit: number
  readonly windowMs: number
  readonly #instanceId = randomBytes(6).toString('base64url')
  readonly #local = new Map<string, LocalWindow>()
  /** Hosts this process has sent to: a pause reaches their windows. */
  readonly #hosts = new Set<string>()
  #count = 0
  #pausedUntil = 0

  constructor(
    options: FleetBudgetOptions,
    kind: 'budget' | 'api',
    defaults: { limit: number; windowMs: number; what: string; factory: string },
  ) {
    if (typeof options !== 'object' || options === null)
      throw configError(`options are required: ${defaults.factory}({ client })`)
    const limit = options.limit ?? defaults.limit
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
      throw configError(
        `limit must be a whole number of requests, at least 1 (got ${String(limit)})`,
      )
    }
    this.limit = limit
    this.windowMs = positiveMs('windowMs', options.windowMs, defaults.windowMs)
    this.#kind = kind
    this.#keyPrefix = resolveKeyPrefix(options.keyPrefix)
    const logger = resolveLogger(options.logger)
    const timeoutMs = positiveMs('commandTimeoutMs', options.commandTimeoutMs, 1000)
    this.#guard = new RedisGuard(redisConnection(options.client), timeoutMs, logger, defaults.what)
  }

  // Arrow properties, so `budget.take` can be passed on without binding.
  readonly take = async (url: string | URL, signal?: AbortSignal | null): Promise<void> => {
    const host = hostOf(url)
    this.#hosts.add(host)
    const keys = budgetKeys(this.#keyPrefix, this.#kind, host)
    for (;;) {
      if (signal?.aborted) throw abortError(signal)
      const pausedMs = this.#pausedUntil - Date.now()
      if (pausedMs > 0) {
        await sleepFor(pausedMs, signal)
        continue
      }
      let waitMs: number
      try {
        const member = `${this.#instanceId}:${++this.#count}`
        waitMs = Number(
          await this.#guard.run(
            TAKE_BUDGET_SLOT,
            [keys.window, keys.pause],
            [String(this.limit), String(this.windowMs), member],
          ),
        )
      } catch {
        // Without Redis there is no fleet-wide count: this process keeps to the limit on its own.
        waitMs = this.#localWindow(host).take(this.limit, this.windowMs, Date.now())
      }
      if (!(waitMs > 0)) return
      await sleepFor(waitMs, signal)
    }
  }

  readonly pause = async (ms: number): Promise<void> => {
    if (typeof ms !== 'number' || !(ms > 0) || !Number.isFinite(ms)) return
    const pauseMs = Math.ceil(ms)
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + pauseMs)
    // The pause is per host in Redis; every host this process has sent to hears of it.
    await Promise.all(
      [...this.#hosts].map(async (host) => {
        const { pause } = budgetKeys(this.#keyPrefix, this.#kind, host)
        try {
          await this.#guard.run(PAUSE_BUDGET, [pause], [String(pauseMs)])
        } catch {
          // The others find out from their own 429.
        }
      }),
    )
  }

  #localWindow(host: string): LocalWindow {
    let window = this.#local.get(host)
    if (window === undefined) {
      window = new LocalWindow()
      this.#local.set(host, window)
    }
    return window
  }

  toJSON(): { type: string; limit: number; windowMs: number } {
    return {
      type: this.#kind === 'api' ? 'RedisRequestBudget' : 'RedisTokenBudget',
      limit: this.limit,
      windowMs: this.windowMs,
    }
  }
}

function hostOf(url: string | URL): string {
  try {
    return new URL(String(url)).host
  } catch {
    // A relative URL has no host of its own: all such requests share one window.
    return ''
  }
}
