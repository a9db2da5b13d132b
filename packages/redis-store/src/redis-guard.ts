import type { Logger } from '@mediroutes/auth-core'
import { DeadlineError, withDeadline } from './deadline.js'
import type { LuaScript } from './lua-scripts.js'
import type { RedisConnection } from './redis-client.js'

/** First pause after a failure before Redis is tried again; it doubles up to the maximum. */
const FIRST_RETRY_MS = 250
const MAX_RETRY_MS = 4000
/** Timeouts in a row that make Redis count as unavailable: one slow answer on a busy machine is not an outage. */
const TIMEOUTS_TO_TRIP = 2

/** Thrown (and caught inside the store) while Redis is being skipped after a failure. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError'
  readonly code = 'REDIS_UNAVAILABLE'
  /** True while Redis is skipped because it answered too slowly, not because it failed. */
  readonly slow: boolean

  constructor(message: string, slow = false) {
    super(message)
    this.slow = slow
  }
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
 * Every Redis call goes through here: bounded by a timeout and, once Redis counts as unavailable,
 * skipped for a while (so a dead Redis costs no latency) and tried again with backoff by one call
 * at a time. Redis counts as unavailable when the client says it is disconnected, a call fails, or
 * calls time out twice in a row. Each outage is reported once, and so is the recovery.
 */
export class RedisGuard {
  readonly #connection: RedisConnection
  readonly #timeoutMs: number
  readonly #logger: Logger
  readonly #what: string
  #downSince: number | undefined
  /** Whether the current outage began with calls timing out (Redis slow) rather than failing (Redis gone). */
  #slow = false
  #timeoutsInARow = 0
  #retryAt = 0
  #retryMs = FIRST_RETRY_MS
  #probing = false

  constructor(connection: RedisConnection, timeoutMs: number, logger: Logger, what: string) {
    this.#connection = connection
    this.#timeoutMs = timeoutMs
    this.#logger = logger
    this.#what = what
  }

  /** Whether Redis counts as available. */
  get up(): boolean {
    return this.#downSince === undefined
  }

  /**
   * Whether `error`, thrown by {@link run}, leaves open what Redis did: the call timed out, or is
   * skipped while Redis counts as unavailable only because it answered too slowly. A slow Redis
   * may have carried out the command, and other processes may be reaching it.
   */
  uncertain(error: unknown): boolean {
    if (error instanceof DeadlineError) return true
    return error instanceof RedisUnavailableError && error.slow
  }

  /**
   * Runs a script within the timeout.
   * @param onLate receives a result that arrived after the timeout, to undo it.
   * @throws the call's error, a {@link DeadlineError}, or {@link RedisUnavailableError} while Redis is skipped or disconnected.
   */
  async run(
    script: LuaScript,
    keys: string[],
    args: string[],
    onLate?: (value: unknown) => void,
  ): Promise<unknown> {
    const probe = this.#downSince !== undefined
    if (probe) {
      // One call at a time finds out whether Redis is back; the others use the fallback meanwhile.
      if (this.#probing || Date.now() < this.#retryAt)
        throw new RedisUnavailableError('Redis is unavailable', this.#slow)
      this.#probing = true
    }
    try {
      if (!this.#connection.ready())
        throw new RedisUnavailableError('the Redis client is not connected')
      const value = await withDeadline(
        this.#connection.run(script, keys, args),
        this.#timeoutMs,
        onLate,
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
    this.#timeoutsInARow = 0
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
    if (
      error instanceof DeadlineError &&
      ++this.#timeoutsInARow < TIMEOUTS_TO_TRIP &&
      this.#downSince === undefined
    )
      return
    if (this.#downSince === undefined) {
      this.#downSince = Date.now()
      this.#slow = error instanceof DeadlineError
      this.#logger.warn(
        { err: describeError(error), operation, timeoutMs: this.#timeoutMs },
        `Redis is unavailable or slow; the MediRoutes ${this.#what} uses this process's cache and lock until it answers again`,
      )
    } else {
      this.#retryMs = Math.min(MAX_RETRY_MS, this.#retryMs * 2)
      if (!(error instanceof DeadlineError)) this.#slow = false
    }
    this.#retryAt = Date.now() + this.#retryMs
  }
}
