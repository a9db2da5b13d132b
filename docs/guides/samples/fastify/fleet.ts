import { mediRoutesOptionsFromEnv } from '@mediroutes/auth-core'
import { mediRoutes } from '@mediroutes/fastify'
import { createRedisTokenStore } from '@mediroutes/redis-store'
import Fastify from 'fastify'
import { Redis } from 'ioredis'

const app = Fastify({ logger: true })
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
const store = createRedisTokenStore({ client: redis, logger: app.log })

// Every instance shares one token through Redis instead of logging in on its own.
await app.register(mediRoutes, { ...mediRoutesOptionsFromEnv(), store })

// The plugin closes the client it created; the store and Redis are yours.
app.addHook('onClose', async () => {
  await store.close()
  await redis.quit()
})

await app.listen({ port: Number(process.env.PORT ?? 3000) })
