import { RedisServer } from '@mediroutes/redis-harness'
import { describe, expect, it } from 'vitest'
import { clientOf, closeAfterTest, eventually, sleep, storeOf, uniqueKey } from './helpers.js'

/** A Redis server for one test, which the test may freeze and let run again. */
async function ownRedis(): Promise<RedisServer> {
  return closeAfterTest(await RedisServer.start())
}

describe('the fleet lease when Redis answers slowly', () => {
  it('stays held, in the eyes of a process that saw it held, until it would expire', async () => {
    const redis = await ownRedis()
    const holder = storeOf(await clientOf('ioredis@6', redis))
    const waiter = storeOf(await clientOf('ioredis@6', redis), { commandTimeoutMs: 100 })
    const key = uniqueKey()
    expect(await holder.acquireLease(key, 5000)).not.toBeNull()
    expect(await waiter.acquireLease(key, 5000)).toBeNull()
    redis.pause()
    try {
      // Two slow answers in a row: the store counts Redis as unavailable, yet the holder still holds.
      expect(await waiter.acquireLease(key, 5000)).toBeNull()
      expect(await waiter.acquireLease(key, 5000)).toBeNull()
    } finally {
      redis.resume()
    }
  })

  it('is not taken in-process at the first slow answer, only after some answers too slow to tell', async () => {
    const redis = await ownRedis()
    const store = storeOf(await clientOf('redis@6', redis), { commandTimeoutMs: 100 })
    const key = uniqueKey()
    await store.get(key)
    redis.pause()
    try {
      expect(await store.acquireLease(key, 60_000)).toBeNull()
      // Five command timeouts: a hung Redis must not hang the app.
      await sleep(600)
      const lease = await store.acquireLease(key, 60_000)
      expect(lease).not.toBeNull()
      await lease?.release()
    } finally {
      redis.resume()
    }
  })

  it('is taken in-process at once while Redis refuses connections', async () => {
    const redis = await ownRedis()
    const store = storeOf(await clientOf('ioredis@6', redis), { commandTimeoutMs: 100 })
    const key = uniqueKey()
    await store.get(key)
    await redis.stop()
    await eventually('the store sees Redis gone', async () => {
      await store.get(uniqueKey())
      return store.status().redis === 'down'
    })
    const lease = await store.acquireLease(key, 60_000)
    expect(lease).not.toBeNull()
    await lease?.release()
  })
})
