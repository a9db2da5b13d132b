import { Cluster, Redis } from 'ioredis'
import { Cluster as Cluster5, Redis as Redis5 } from 'ioredis-v5'
import { createClient, createCluster } from 'redis'
import { createClient as createClient5, createCluster as createCluster5 } from 'redis-v5'
import { describe, expect, it } from 'vitest'
import { createRedisTokenStore, type RedisTokenStore } from '../src/index.js'

const url = 'redis://127.0.0.1:1'
const rootNodes = [{ url }]

// Each client is passed as is: `pnpm typecheck` fails if a supported client's type stops fitting `client`.
const clients = {
  'ioredis 6 Redis': () => createRedisTokenStore({ client: new Redis(url, { lazyConnect: true }) }),
  'ioredis 6 Cluster': () =>
    createRedisTokenStore({ client: new Cluster([url], { lazyConnect: true }) }),
  'ioredis 5 Redis': () =>
    createRedisTokenStore({ client: new Redis5(url, { lazyConnect: true }) }),
  'ioredis 5 Cluster': () =>
    createRedisTokenStore({ client: new Cluster5([url], { lazyConnect: true }) }),
  'node-redis 6 client': () => createRedisTokenStore({ client: createClient({ url }) }),
  'node-redis 6 cluster': () => createRedisTokenStore({ client: createCluster({ rootNodes }) }),
  'node-redis 5 client': () => createRedisTokenStore({ client: createClient5({ url }) }),
  'node-redis 5 cluster': () => createRedisTokenStore({ client: createCluster5({ rootNodes }) }),
} satisfies Record<string, () => RedisTokenStore>

describe('supported client types', () => {
  it.each(Object.entries(clients))(
    'accepts %s without a cast and without connecting it',
    async (name, create) => {
      const store = create()
      expect(store.status().client).toBe(name.startsWith('ioredis') ? 'ioredis' : 'node-redis')
      await store.close()
    },
  )
})
