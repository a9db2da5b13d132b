import { randomBytes } from 'node:crypto'
import type { Logger } from '@mediroutes/auth-core'
import { configError, positiveMs } from './config-error.js'
import { TAKE_BUDGET_SLOT } from './lua-scripts.js'
import { type RedisClientLike, redisConnection } from './redis-client.js'
import { RedisGuard } from './redis-guard.js'
import { budgetKey, resolveKeyPrefix } from './redis-keys.js'
import { resolveLogger } from './store-options.js'

/** Options for {@link createRedisTokenBudget}. */
export interface RedisTokenBudgetOptions {
  /** An ioredis or connected node-redis client, as for the store (it may be the same client). Required; never closed here. */
  client: RedisClientLike
  /** Prefix of the budget's Redis key. Default `'mediroutes:'`. */
  keyPrefix?: string
  /** Token requests the whole fleet may send per window and token host. Default 10, the vendor's limit. */
  limit?: number
  /** Length of the sliding window. Default 1100 ms: the vendor's second plus a margin for network jitter. */
  windowMs?: number
  /** Longest wait for Redis before a request goes ahead without the budget. Default 1000 ms. */
  commandTimeoutMs?: number
  /** pino-style logger for outages. Default: silent. */
  logger?: Logger
}

/** A fleet-wide limit on `/token` requests, kept in Redis. */
export interface RedisTokenBudget {
  /**
   * Waits until the fleet may send one more request to `tokenEndpoint`'s host, then books it.
   * Goes ahead at once while Redis is unavailable (each process still paces itself). Pass it as
   * the client's `beforeTokenRequest` option: the wait then does not count toward `timeoutMs`.
   * @throws `signal.reason` when `signal` aborts while waiting.
   */
  take(tokenEndpoint: string | URL, signal?: AbortSignal | null): Promise<void>
  /**
   * `fetchImpl` (default: the global `fetch`) with every `POST …/token` waiting for the budget first.
   * For transports you build yourself; with the SDK client prefer `beforeTokenRequest: budget.take`,
   * because a wait inside `fetch` counts toward the client's `timeoutMs`.
   */
  wrapFetch(fetchImpl?: typeof fetch): typeof fetch
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError')
}

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
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

function isTokenRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
): URL | undefined {
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
  if (method !== 'POST') return undefined
  const url = new URL(input instanceof Request ? input.url : String(input))
  return url.pathname.replace(/\/+$/, '').endsWith('/token') ? url : undefined
}

class TokenBudget implements RedisTokenBudget {
  readonly #guard: RedisGuard
  readonly #keyPrefix: string
  readonly #limit: number
  readonly #windowMs: number
  readonly #instanceId = randomBytes(6).toString('base64url')
  #count = 0

  constructor(options: RedisTokenBudgetOptions) {
    if (typeof options !== 'object' || options === null)
      throw configError('options are required: createRedisTokenBudget({ client })')
    const limit = options.limit ?? 10
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
      throw configError(
        `limit must be a whole number of requests, at least 1 (got ${String(limit)})`,
      )
    }
    this.#limit = limit
    this.#windowMs = positiveMs('windowMs', options.windowMs, 1100)
    this.#keyPrefix = resolveKeyPrefix(options.keyPrefix)
    const logger = resolveLogger(options.logger)
    const timeoutMs = positiveMs('commandTimeoutMs', options.commandTimeoutMs, 1000)
    this.#guard = new RedisGuard(
      redisConnection(options.client),
      timeoutMs,
      logger,
      'token request budget',
    )
  }

  // An arrow property, so `beforeTokenRequest: budget.take` works without binding.
  readonly take = async (
    tokenEndpoint: string | URL,
    signal?: AbortSignal | null,
  ): Promise<void> => {
    const key = budgetKey(this.#keyPrefix, new URL(String(tokenEndpoint)).host)
    for (;;) {
      if (signal?.aborted) throw abortError(signal)
      let waitMs: number
      try {
        const member = `${this.#instanceId}:${++this.#count}`
        waitMs = Number(
          await this.#guard.run(
            TAKE_BUDGET_SLOT,
            [key],
            [String(this.#limit), String(this.#windowMs), member],
          ),
        )
      } catch {
        // Without Redis there is no fleet-wide count; the client's own pacing still applies.
        return
      }
      if (!(waitMs > 0)) return
      await sleep(waitMs, signal)
    }
  }

  wrapFetch(
    fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init),
  ): typeof fetch {
    if (typeof fetchImpl !== 'function')
      throw configError('wrapFetch() needs a function with the signature of fetch')
    return async (input, init) => {
      const tokenUrl = isTokenRequest(input, init)
      if (tokenUrl !== undefined)
        await this.take(
          tokenUrl,
          init?.signal ?? (input instanceof Request ? input.signal : undefined),
        )
      return fetchImpl(input, init)
    }
  }

  toJSON(): { type: string; limit: number; windowMs: number } {
    return { type: 'RedisTokenBudget', limit: this.#limit, windowMs: this.#windowMs }
  }
}

/**
 * Creates a fleet-wide budget for `/token` requests, so that many processes behind one IP stay
 * under the vendor's 10 requests per second together. With the shared store a fleet rarely
 * needs it; it matters when many processes must log in at once (several accounts, cold starts
 * across deployments).
 * @throws {MediRoutesAuthError} `invalid_config` for a wrong client or option.
 * @example
 * const budget = createRedisTokenBudget({ client: redis })
 * const client = createMediRoutesClient({ ...options, store, beforeTokenRequest: budget.take })
 */
export function createRedisTokenBudget(options: RedisTokenBudgetOptions): RedisTokenBudget {
  return new TokenBudget(options)
}
