import type { Logger } from '@mediroutes/auth-core'
import { withDeadline } from './deadline.js'
import type { LuaScript } from './lua-scripts.js'
import type { RedisConnection } from './redis-client.js'

/** First pause after a failure before Redis is tried again; it doubles up to the maximum. */
const FIRST_RETRY_MS = 250
const MAX_RETRY_MS = 4000

/** Thrown (and caught inside the store) while Redis is being skipped after a failure. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError'
  readonly code = 'REDIS_UNAVAILABLE'
}

/** A log-safe description of an error: its type and code, never its message. */
export function describeError(error: unknown): { name?: string; code?: string } {
  if (typeof error !== 'object' || error === null) return {}
  const e = error as { name?: unknown; code?: unknown }
  return {
    ...(typeof e.name === 'string' ? { name: e.name } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
  }
}

/**
 * Every Redis call of the store goes through here: bounded by a timeout, skipped for a while
 * after a failure (so a dead Redis costs no latency), tried again with backoff, and reported
 * once per outage rather than once per call.
 */
export class RedisGuard {
  readonly #connection: RedisConnection
  readonly #timeoutMs: number
  readonly #logger: Logger
  readonly #what: string
  #downSince: number | undefined
  #retryAt = 0
  #retryMs = FIRST_RETRY_MS
  #probing = false

  constructor(connection: RedisConnection, timeoutMs: number, logger: Logger, what: string) {
    this.#connection = connection
    this.#timeoutMs = timeoutMs
    this.#logger = logger
    this.#what = what
  }

  /** Whether the last call succeeded (or none failed yet). */
  get up(): boolean {
    return this.#downSince === undefined
  }

  /**
   * Runs a script within the timeout.
   * @param options.onLate receives a result that arrived after the timeout, to undo it.
   * @param options.urgent runs even while Redis is being skipped (undoing a lease must not wait for the backoff).
   * @throws the call's error, {@link RedisUnavailableError} while Redis is skipped, or a timeout.
   */
  async run(
    script: LuaScript,
    keys: string[],
    args: string[],
    options: { onLate?: (value: unknown) => void; urgent?: boolean } = {},
  ): Promise<unknown> {
    const probe = this.#downSince !== undefined && options.urgent !== true
    if (probe) {
      // One call at a time finds out whether Redis is back; the others use the fallback meanwhile.
      if (this.#probing || Date.now() < this.#retryAt)
        throw new RedisUnavailableError('Redis is unavailable')
      this.#probing = true
    }
    try {
      if (!this.#connection.ready())
        throw new RedisUnavailableError('the Redis client is not connected')
      const value = await withDeadline(
        this.#connection.run(script, keys, args),
        this.#timeoutMs,
        options.onLate,
      )
      this.#succeeded()
      return value
    } catch (error) {
      this.#failed(script.name, error)
      throw error
    } finally {
      if (probe) this.#probing = false
    }
  }

  #succeeded(): void {
    if (this.#downSince === undefined) return
    const downForMs = Date.now() - this.#downSince
    this.#downSince = undefined
    this.#retryMs = FIRST_RETRY_MS
    this.#logger.info(
      { downForMs },
      `Redis answers again; the MediRoutes ${this.#what} is shared by the fleet again`,
    )
  }

  #failed(operation: string, error: unknown): void {
    if (this.#downSince === undefined) {
      this.#downSince = Date.now()
      this.#logger.warn(
        { err: describeError(error), operation, timeoutMs: this.#timeoutMs },
        `Redis is unavailable or slow; the MediRoutes ${this.#what} uses this process's cache and lock until it answers again`,
      )
    } else {
      this.#retryMs = Math.min(MAX_RETRY_MS, this.#retryMs * 2)
    }
    this.#retryAt = Date.now() + this.#retryMs
  }
}
