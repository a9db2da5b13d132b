import { createRedisTokenStore } from '@mediroutes/redis-store'
import { Redis } from 'ioredis'
import type { Contender } from '../contender.js'
import { sdkCaller } from './sdk.js'

/**
 * This SDK with the shared Redis store: every process of a fleet reads the same token.
 * `keyPrefix` keeps one run's tokens apart from the next run's.
 */
export function sdkRedisContender(redisUrl: string, keyPrefix: string): Contender {
  return {
    id: 'sdk-redis',
    async createCaller(baseUrl) {
      const redis = new Redis(redisUrl)
      const store = createRedisTokenStore({ client: redis, keyPrefix })
      return sdkCaller(baseUrl, store, async () => {
        await store.close()
        await redis.quit()
      })
    },
  }
}
