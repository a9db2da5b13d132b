import { createMediRoutesClient, mediRoutesOptionsFromEnv } from '@mediroutes/auth-core'
import { createRedisTokenStore } from '@mediroutes/redis-store'
import { Redis } from 'ioredis'

// One Redis for the whole fleet: one password grant, one refresh per token lifetime.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
const encryptionKey = process.env.MEDIROUTES_TOKEN_KEY
const store = createRedisTokenStore({
  client: redis,
  // Optional: tokens encrypted at rest with AES-256-GCM (the same 32-byte key on every instance).
  // Spread only when set, so the sample compiles under `exactOptionalPropertyTypes` too.
  ...(encryptionKey === undefined ? {} : { encryptionKey }),
})

export const mediroutes = createMediRoutesClient({ ...mediRoutesOptionsFromEnv(), store })

// The client closes a store it created, never one you pass: close both, then Redis.
process.once('SIGTERM', async () => {
  await mediroutes.close()
  await store.close()
  await redis.quit()
})
