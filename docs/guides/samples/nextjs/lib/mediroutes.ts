import { getMediRoutesClient } from '@mediroutes/nextjs'
import { createRedisTokenStore, type RedisTokenStore } from '@mediroutes/redis-store'
import { Redis } from 'ioredis'

// On globalThis, like the client itself, so a dev reload reuses the connection and the store.
const shared = globalThis as typeof globalThis & { mediroutesStore?: RedisTokenStore }
const encryptionKey = process.env.MEDIROUTES_TOKEN_KEY
shared.mediroutesStore ??= createRedisTokenStore({
  client: new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
  ...(encryptionKey === undefined ? {} : { encryptionKey }),
})
const store = shared.mediroutesStore

/** The shared client, with tokens shared by every instance through Redis. Use it everywhere. */
export function mediroutes() {
  return getMediRoutesClient({ store })
}
