import type { Logger } from '@mediroutes/auth-core'
import { type FleetBudget, type FleetBudgetOptions, RedisFleetBudget } from './fleet-budget.js'
import type { RedisClientLike } from './redis-client.js'

/** The vendor's API limit, read per second (300), plus a tenth of a second for network jitter. */
const API_LIMIT = 300
const API_WINDOW_MS = 1100

/** Options for {@link createRedisRequestBudget}. */
export interface RedisRequestBudgetOptions extends FleetBudgetOptions {
  /** An ioredis or connected node-redis client, as for the store (it may be the same client). Required; never closed here. */
  client: RedisClientLike
  /** API requests the whole fleet may send per window and API host. Default 300. */
  limit?: number
  /**
   * Length of the sliding window. Default 1100 ms: the per-second reading of the vendor's pages,
   * because 300 per minute would cap the fleet at 5 requests per second. For the per-minute
   * reading set `{ limit: 300, windowMs: 60_000 }` (add a second of margin if you like).
   */
  windowMs?: number
  /** Longest wait for Redis before a request goes ahead on this process's own pacing. Default 1000 ms. */
  commandTimeoutMs?: number
  /** pino-style logger for outages. Default: silent. */
  logger?: Logger
}

/** A fleet-wide limit on API requests, kept in Redis: a `RequestBudget` for the client's API calls. */
export interface RedisRequestBudget extends FleetBudget {}

class RequestBudget extends RedisFleetBudget implements RedisRequestBudget {
  constructor(options: RedisRequestBudgetOptions) {
    super(options, 'api', {
      limit: API_LIMIT,
      windowMs: API_WINDOW_MS,
      what: 'API request budget',
      factory: 'createRedisRequestBudget',
    })
  }
}

/**
 * Creates a fleet-wide budget for API requests (default 300 per 1.1 s per API host): one sliding
 * window in Redis for every process behind one IP, and a shared pause that a 429's `Retry-After`
 * sets for all of them. While Redis is unavailable each process keeps to the same window on its
 * own. Pass it as the client's `apiRateLimit`.
 * @throws {MediRoutesAuthError} `invalid_config` for a wrong client or option.
 * @example
 * // The per-minute reading of the vendor's limit:
 * const apiRateLimit = createRedisRequestBudget({ client: redis, limit: 300, windowMs: 60_000 })
 * const client = createMediRoutesClient({ ...options, store, apiRateLimit })
 */
export function createRedisRequestBudget(options: RedisRequestBudgetOptions): RedisRequestBudget {
  return new RequestBudget(options)
}
