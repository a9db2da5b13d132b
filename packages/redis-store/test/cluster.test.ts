import { Cluster } from 'ioredis'
import { createCluster } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createRedisTokenBudget,
  createRedisTokenStore,
  type RedisClientLike,
} from '../src/index.js'
import { closeAfterTest, eventually, tokenSet, uniqueKey } from './helpers.js'
import { RedisCluster } from './redis-cluster.js'

let cluster: RedisCluster
beforeAll(async () => {
  cluster = await RedisCluster.start()
})
afterAll(async () => {
  await cluster?.close()
})

/** Cluster clients of both libraries, connected and closed after the test. */
const clusterClients: Record<string, () => Promise<RedisClientLike>> = {
  'ioredis Cluster': async () => {
    const client = new Cluster(cluster.rootNodes, { lazyConnect: true })
    client.on('error', () => {})
    await client.connect()
    closeAfterTest({ close: async () => client.disconnect() })
    return client as unknown as RedisClientLike
  },
  'node-redis createCluster': async () => {
    const client = createCluster({
      rootNodes: cluster.rootNodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
    })
    client.on('error', () => {})
    await client.connect()
    closeAfterTest({ close: async () => client.destroy() })
    return client as unknown as RedisClientLike
  },
}

describe.each(Object.keys(clusterClients))('on a Redis Cluster through %s', (name) => {
  const connect = clusterClients[name]!

  it('shares token sets, and announces changes across nodes', async () => {
    // Keys of several accounts land on different nodes; every script touches one key only.
    const [a, b] = [
      closeAfterTest(createRedisTokenStore({ client: await connect() })),
      closeAfterTest(createRedisTokenStore({ client: await connect() })),
    ]
    for (let i = 0; i < 6; i++) {
      const key = uniqueKey()
      const tokens = tokenSet()
      await a.set(key, tokens, 60_000)
      expect(await b.get(key)).toEqual(tokens)
      const next = tokenSet({ issuedAt: tokens.issuedAt + 1 })
      await eventually('pub/sub is live', () => b.status().updates === 'live')
      const woken = b.waitForUpdate(key, 20_000)
      await a.set(key, next, 60_000)
      await woken
      expect((await b.get(key))?.accessToken).toBe(next.accessToken)
    }
  })

  it('hands out the lease to one holder at a time', async () => {
    const [a, b] = [
      closeAfterTest(createRedisTokenStore({ client: await connect() })),
      closeAfterTest(createRedisTokenStore({ client: await connect() })),
    ]
    const key = uniqueKey()
    const lease = await a.acquireLease(key, 10_000)
    expect(lease).not.toBeNull()
    expect(await b.acquireLease(key, 10_000)).toBeNull()
    await lease!.release()
    expect(await b.acquireLease(key, 10_000)).not.toBeNull()
    expect(a.status().redis).toBe('up')
  })

  it('keeps the /token budget', async () => {
    const budget = createRedisTokenBudget({
      client: await connect(),
      limit: 2,
      windowMs: 60_000,
      keyPrefix: `cluster-${name.length}:`,
    })
    await budget.take('https://api.example.test/token')
    await budget.take('https://api.example.test/token')
    const controller = new AbortController()
    const third = budget.take('https://api.example.test/token', controller.signal)
    setTimeout(() => controller.abort(new Error('waited as it should')), 300)
    await expect(third).rejects.toThrow('waited as it should')
  })
})
