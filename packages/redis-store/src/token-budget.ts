import type { Logger } from '@mediroutes/auth-core'
import { configError } from './config-error.js'
import { type FleetBudget, type FleetBudgetOptions, RedisFleetBudget } from './fleet-budget.js'
import type { RedisClientLike } from './redis-client.js'

/** The vendor's `/token` limit, read the stricter way: 10 per minute, plus a second for network jitter. */
const TOKEN_LIMIT = 10
const TOKEN_WINDOW_MS = 61_000

/** Options for {@link createRedisTokenBudget}. */
export interface RedisTokenBudgetOptions extends FleetBudgetOptions {
  /** An ioredis or connected node-redis client, as for the store (it may be the same client). Required; never closed here. */
  client: RedisClientLike
  /** Token requests the whole fleet may send per window and token host. Default 10. */
  limit?: number
  /**
   * Length of the sliding window. Default 61 000 ms: the vendor's pages give 10 per second and 10
   * per minute, and the stricter reading costs nothing at one grant per account and day. Set
   * `1100` for the per-second reading.
   */
  windowMs?: number
  /** Longest wait for Redis before a request goes ahead on this process's own pacing. Default 1000 ms. */
  commandTimeoutMs?: number
  /** pino-style logger for outages. Default: silent. */
  logger?: Logger
}

/** A fleet-wide limit on `/token` requests, kept in Redis: a `RequestBudget` for the client's token requests. */
export interface RedisTokenBudget extends FleetBudget {
  /**
   * Waits until the fleet may send one more request to `tokenEndpoint`'s host, then books it.
   * While Redis is unavailable it paces this process alone on a window of the same size. Pass the
   * budget as the client's `tokenRateLimit`: the wait then does not count toward `timeoutMs`.
   * @throws `signal.reason` when `signal` aborts while waiting.
   */
  take(tokenEndpoint: string | URL, signal?: AbortSignal | null): Promise<void>
  /**
   * `fetchImpl` (default: the global `fetch`) with every `POST …/token` waiting for the budget first.
   * For transports you build yourself; with the SDK client prefer the options above, because a
   * wait inside `fetch` counts toward the client's `timeoutMs`.
   */
  wrapFetch(fetchImpl?: typeof fetch): typeof fetch
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

class TokenBudget extends RedisFleetBudget implements RedisTokenBudget {
  constructor(options: RedisTokenBudgetOptions) {
    super(options, 'budget', {
      limit: TOKEN_LIMIT,
      windowMs: TOKEN_WINDOW_MS,
      what: 'token request budget',
      factory: 'createRedisTokenBudget',
    })
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
}

/**
 * Creates a fleet-wide budget for `/token` requests (default 10 per 61 s per token host), so that
 * many processes behind one IP stay under the vendor's limit together. With the shared store a
 * fleet rarely needs it; it matters when many processes must log in at once (several accounts,
 * cold starts across deployments). A 429's `Retry-After` given to `pause` holds the whole fleet.
 * @throws {MediRoutesAuthError} `invalid_config` for a wrong client or option.
 * @example
 * const budget = createRedisTokenBudget({ client: redis })
 * const client = createMediRoutesClient({ ...options, store, tokenRateLimit: budget })
 */
export function createRedisTokenBudget(options: RedisTokenBudgetOptions): RedisTokenBudget {
  return new TokenBudget(options)
}
