import { tokenStoreKey } from '@mediroutes/auth-core'
import { RedisServer } from '@mediroutes/redis-harness'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { createRedisTokenStore, DEFAULT_KEY_PREFIX } from '../src/index.js'
import { redisNames } from '../src/redis-keys.js'
import { CLIENT_KINDS } from './clients.js'
import {
  API_PATH,
  clientFor,
  clientOf,
  closeAfterTest,
  DEMO_USER,
  emulator,
  eventually,
  recordingLogger,
  sleep,
  storeOf,
  tokenSet,
  uniqueKey,
} from './helpers.js'

/** A Redis server for one test, which the test may stop, freeze and start again. */
async function ownRedis(): Promise<RedisServer> {
  return closeAfterTest(await RedisServer.start())
}

/** Resolves to 'hung' when `promise` takes longer than `ms`: a hang, not a slow answer, is what fails. */
function orHang<T>(promise: Promise<T>, ms = 15_000): Promise<T | 'hung'> {
  return Promise.race([promise, sleep(ms).then(() => 'hung' as const)])
}

describe.each(CLIENT_KINDS)('Redis trouble, over %s', (kind) => {
  it('keeps the app working while Redis is down, warns once, and shares again when it returns', async () => {
    const redis = await ownRedis()
    const server = await emulator()
    const logger = recordingLogger()
    const store = storeOf(await clientOf(kind, redis), {
      logger,
      localCacheMs: 20,
      commandTimeoutMs: 200,
    })
    const client = clientFor(server, { store })
    expect((await client.fetch(API_PATH)).status).toBe(200)

    await redis.stop()
    const statuses: number[] = []
    for (let round = 0; round < 10; round++) {
      statuses.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, () => client.fetch(API_PATH).then((r) => r.status)),
        )),
      )
      await sleep(30)
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    expect(store.status().redis).toBe('down')
    expect(logger.at('warn')).toHaveLength(1)
    expect(logger.at('warn')[0]).toContain('Redis is unavailable')

    await redis.restart()
    await eventually(
      'the store uses Redis again',
      async () => {
        await client.fetch(API_PATH)
        return store.status().redis === 'up'
      },
      15_000,
    )
    expect(logger.at('info').some((line) => line.includes('Redis answers again'))).toBe(true)
    // Redis lost its data in the restart; the store put the token set back instead of logging in again.
    const probe = await clientOf(kind, redis)
    const { record } = redisNames(DEFAULT_KEY_PREFIX, tokenStoreKey(server.url, DEMO_USER.username))
    await eventually(
      'the token set is back in Redis',
      async () => Number(await probe.command('EXISTS', record)) === 1,
    )
    expect(server.counters().passwordGrants).toBe(1)
    expect(logger.at('warn')).toHaveLength(1)
  })

  it('does not let a hung Redis hang client.fetch, cold or warm', async () => {
    const redis = await ownRedis()
    const server = await emulator()
    const warm = clientFor(server, {
      store: storeOf(await clientOf(kind, redis), { commandTimeoutMs: 200 }),
    })
    expect((await warm.fetch(API_PATH)).status).toBe(200)
    const coldStore = storeOf(await clientOf(kind, redis), { commandTimeoutMs: 200 })
    redis.pause()
    try {
      const cold = clientFor(server, { store: coldStore })
      const results = await orHang(
        Promise.all([
          ...Array.from({ length: 5 }, () => warm.fetch(API_PATH)),
          cold.fetch(API_PATH),
        ]),
      )
      expect(results === 'hung' ? 'hung' : results.map((r) => r.status)).toEqual([
        200, 200, 200, 200, 200, 200,
      ])
    } finally {
      redis.resume()
    }
  })

  it('keeps one grant per process on the in-process lock while Redis is down', async () => {
    const redis = await ownRedis()
    const server = await emulator()
    const store = storeOf(await clientOf(kind, redis), { commandTimeoutMs: 200 })
    await redis.stop()
    // Two clients of one account in one process, sharing the store, both cold.
    const clients = [clientFor(server, { store }), clientFor(server, { store })]
    const statuses = await Promise.all(
      clients.flatMap((c) =>
        Array.from({ length: 20 }, () => c.fetch(API_PATH).then((r) => r.status)),
      ),
    )
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('gives back a lease that Redis granted only after the store stopped waiting', async () => {
    const redis = await ownRedis()
    const key = uniqueKey()
    const late = storeOf(await clientOf(kind, redis), { commandTimeoutMs: 200 })
    const other = storeOf(await clientOf(kind, redis))
    await other.get(key)
    redis.pause()
    try {
      // Redis does not answer: the store cannot tell who holds the lease; the SET NX waits in the socket.
      await late.acquireLease(key, 60_000)
    } finally {
      redis.resume()
    }
    // Once Redis runs the queued SET NX, the store must release it, or the fleet would wait a minute.
    await eventually(
      'another process can take the lease',
      async () => (await other.acquireLease(key, 1000)) !== null,
      10_000,
    )
  })

  it('writes locally while Redis is down and publishes the newer set when it returns', async () => {
    const redis = await ownRedis()
    const key = uniqueKey()
    const writer = storeOf(await clientOf(kind, redis), { commandTimeoutMs: 200, localCacheMs: 20 })
    const old = tokenSet({ issuedAt: Date.now() - 10_000 })
    await writer.set(key, old, 60_000)
    redis.pause()
    const fresh = tokenSet()
    try {
      await writer.set(key, fresh, 60_000)
      expect((await writer.get(key))?.accessToken).toBe(fresh.accessToken)
    } finally {
      redis.resume()
    }
    const reader = storeOf(await clientOf(kind, redis))
    await eventually(
      'the newer set reaches Redis',
      async () => {
        await writer.get(key)
        return (await reader.get(key))?.accessToken === fresh.accessToken
      },
      15_000,
    )
  })
})

describe('changes made while Redis did not answer', () => {
  it('are carried to Redis once it answers: a deletion', async () => {
    const redis = await ownRedis()
    const own = new Redis(redis.url, { lazyConnect: true })
    own.on('error', () => {})
    await own.connect()
    const store = closeAfterTest(createRedisTokenStore({ client: own, localCacheMs: 20 }))
    const other = storeOf(await clientOf('ioredis@6', redis), { localCacheMs: 20 })
    const key = uniqueKey()
    await store.set(key, tokenSet(), 60_000)
    expect(await other.get(key)).toBeDefined()
    own.disconnect()
    await store.delete(key)
    expect(await store.get(key)).toBeUndefined()
    await sleep(50)
    expect(await other.get(key)).toBeDefined()
    await own.connect()
    await eventually('the deletion reaches Redis', async () => {
      await store.get(key)
      return (await other.get(key)) === undefined
    })
  })
})
