import { tokenStoreKey } from '@mediroutes/auth-core'
import { describe, expect, it } from 'vitest'
import { DEFAULT_KEY_PREFIX } from '../src/index.js'
import { redisNames } from '../src/redis-keys.js'
import { CLIENT_KINDS } from './clients.js'
import {
  clientOf,
  eventually,
  scriptCalls,
  sleep,
  storeOf,
  tokenSet,
  uniqueKey,
  useRedisServer,
} from './helpers.js'

const redis = useRedisServer()

describe.each(CLIENT_KINDS)('the store over %s', (kind) => {
  it('shares a token set between stores on separate connections', async () => {
    const [a, b] = [await clientOf(kind, redis()), await clientOf(kind, redis())]
    const key = uniqueKey()
    const tokens = tokenSet()
    await storeOf(a).set(key, tokens, 60_000)
    expect(await storeOf(b).get(key)).toEqual(tokens)
  })

  it('keeps a newer token set when an older one is written late', async () => {
    const client = await clientOf(kind, redis())
    const [writer, slowWriter, reader] = [storeOf(client), storeOf(client), storeOf(client)]
    const key = uniqueKey()
    const older = tokenSet({ issuedAt: Date.now() - 5000 })
    const newer = tokenSet()
    await writer.set(key, newer, 60_000)
    await slowWriter.set(key, older, 60_000)
    expect((await reader.get(key))?.accessToken).toBe(newer.accessToken)
    // The slow writer itself learns of the newer set rather than keep its own.
    expect((await slowWriter.get(key))?.accessToken).toBe(newer.accessToken)
  })

  it('gives the record the time to live it was asked for', async () => {
    const client = await clientOf(kind, redis())
    const key = uniqueKey()
    await storeOf(client).set(key, tokenSet(), 90_000)
    const ttl = Number(await client.command('PTTL', redisNames(DEFAULT_KEY_PREFIX, key).record))
    expect(ttl).toBeGreaterThan(80_000)
    expect(ttl).toBeLessThanOrEqual(90_000)
  })

  it('forgets a deleted set everywhere, and a late write of an older set does not bring it back', async () => {
    const client = await clientOf(kind, redis())
    const [a, b] = [storeOf(client), storeOf(client)]
    const key = uniqueKey()
    const tokens = tokenSet({ issuedAt: Date.now() - 1000 })
    await a.set(key, tokens, 60_000)
    expect(await b.get(key)).toBeDefined()
    await eventually('pub/sub is live', () => b.status().updates === 'live')
    await a.delete(key)
    await eventually(
      'the other store sees the deletion',
      async () => (await b.get(key)) === undefined,
    )
    await b.set(key, tokens, 60_000)
    expect(await a.get(key)).toBeUndefined()
    const fresh = tokenSet()
    await b.set(key, fresh, 60_000)
    await eventually(
      'a new login after the deletion is shared',
      async () => (await a.get(key))?.accessToken === fresh.accessToken,
    )
  })

  it('hands the lease to one holder at a time, and only the holder releases it', async () => {
    const client = await clientOf(kind, redis())
    const [a, b] = [storeOf(client), storeOf(client)]
    const key = uniqueKey()
    const first = await a.acquireLease(key, 300)
    expect(first).not.toBeNull()
    expect(await b.acquireLease(key, 300)).toBeNull()
    await eventually(
      'the lease expires by itself',
      async () => (await b.acquireLease(key, 60_000)) !== null,
      5000,
    )
    // The first holder's release comes after its lease expired: it must not free the second holder's lease.
    await first!.release()
    expect(await a.acquireLease(key, 1000)).toBeNull()
  })

  it('keeps an extended lease past its first expiry, in Redis and in the process', async () => {
    const [a, b] = [storeOf(await clientOf(kind, redis())), storeOf(await clientOf(kind, redis()))]
    const key = uniqueKey()
    const lease = await a.acquireLease(key, 300)
    expect(lease).not.toBeNull()
    await lease!.extend!(5000)
    await sleep(600)
    expect(await b.acquireLease(key, 1000)).toBeNull()
    expect(await a.acquireLease(key, 1000)).toBeNull()
    await lease!.release()
    expect(await b.acquireLease(key, 1000)).not.toBeNull()
  })

  it('wakes a waiter when another store writes, and lets it time out otherwise', async () => {
    const client = await clientOf(kind, redis())
    const [writer, waiter] = [storeOf(client), storeOf(client)]
    const key = uniqueKey()
    expect(await waiter.get(key)).toBeUndefined()
    await eventually('pub/sub is live', () => waiter.status().updates === 'live')
    let woken = false
    const waiting = waiter.waitForUpdate(key, 20_000).then(() => {
      woken = true
    })
    await sleep(50)
    expect(woken).toBe(false)
    const tokens = tokenSet()
    await writer.set(key, tokens, 60_000)
    await waiting
    expect((await waiter.get(key))?.accessToken).toBe(tokens.accessToken)
    const started = Date.now()
    await waiter.waitForUpdate(key, 100)
    expect(Date.now() - started).toBeGreaterThanOrEqual(90)
  })

  it('shows a token refused on one instance as expired on the others, keeping its refresh token', async () => {
    const client = await clientOf(kind, redis())
    const [a, b] = [storeOf(client), storeOf(client)]
    const key = uniqueKey()
    const tokens = tokenSet()
    await a.set(key, tokens, 60_000)
    expect(await b.get(key)).toEqual(tokens)
    await eventually('pub/sub is live', () => b.status().updates === 'live')
    await a.reportRejected(key, tokens.accessToken)
    await eventually(
      'the refusal reaches the other store',
      async () => (await b.get(key))!.expiresAt <= Date.now(),
    )
    const seen = await b.get(key)
    expect(seen?.refreshToken).toBe(tokens.refreshToken)
    // A store that starts later learns it from Redis, not from a message it never got.
    const late = storeOf(await clientOf(kind, redis()))
    expect((await late.get(key))!.expiresAt).toBeLessThanOrEqual(Date.now())
    // The next token set is not affected.
    const next = tokenSet({ issuedAt: Date.now() + 1 })
    await b.set(key, next, 60_000)
    await eventually(
      'the new set is served as valid',
      async () => (await a.get(key))?.expiresAt === next.expiresAt,
    )
  })

  it('serves repeated reads from memory, re-reading Redis about once per localCacheMs', async () => {
    const client = await clientOf(kind, redis())
    const store = storeOf(client, { localCacheMs: 60_000 })
    const key = uniqueKey()
    await store.set(key, tokenSet(), 60_000)
    await store.get(key)
    const before = await scriptCalls(client)
    for (let i = 0; i < 1000; i++) await store.get(key)
    // INFO itself is not a script; nothing else runs scripts on this connection's server meanwhile.
    expect((await scriptCalls(client)) - before).toBe(0)
  })

  it('sees a change made behind its back within localCacheMs', async () => {
    const client = await clientOf(kind, redis())
    const store = storeOf(client, { localCacheMs: 200 })
    const key = uniqueKey()
    const first = tokenSet({ issuedAt: Date.now() - 1000 })
    await store.set(key, first, 60_000)
    // Another writer that announces nothing: only the cache's time limit can reveal it.
    const second = tokenSet()
    const { record } = redisNames(DEFAULT_KEY_PREFIX, key)
    await client.command(
      'HSET',
      record,
      'iat',
      String(second.issuedAt),
      'data',
      `j:${JSON.stringify(second)}`,
      'fp',
      'x',
    )
    expect((await store.get(key))?.accessToken).toBe(first.accessToken)
    await eventually(
      'the change is seen',
      async () => (await store.get(key))?.accessToken === second.accessToken,
      3000,
    )
  })

  it('reads Redis, not its cache, once it takes a lease guarding the key (<key>:<purpose>)', async () => {
    const client = await clientOf(kind, redis())
    const store = storeOf(client, { localCacheMs: 60_000 })
    const key = uniqueKey()
    const first = tokenSet({ issuedAt: Date.now() - 1000 })
    await store.set(key, first, 60_000)
    expect((await store.get(key))?.accessToken).toBe(first.accessToken)
    // The last lease holder's write, whose announcement has not arrived yet.
    const second = tokenSet()
    const { record } = redisNames(DEFAULT_KEY_PREFIX, key)
    await client.command(
      'HSET',
      record,
      'iat',
      String(second.issuedAt),
      'data',
      `j:${JSON.stringify(second)}`,
      'fp',
      'x',
    )
    const lease = await store.acquireLease(`${key}:access`, 5000)
    expect(lease).not.toBeNull()
    expect((await store.get(key))?.accessToken).toBe(second.accessToken)
    await lease?.release()
  })

  it('names no account in Redis keys or channels', async () => {
    const client = await clientOf(kind, redis())
    const key = tokenStoreKey('https://api.mediroutes.com', 'alice.smith@example.com')
    const store = storeOf(client)
    await store.set(key, tokenSet(), 60_000)
    await (await store.acquireLease(key, 1000))?.release()
    const names = [
      ...((await client.command('KEYS', '*')) as string[]),
      ...((await client.command('PUBSUB', 'CHANNELS', '*')) as string[]),
    ]
    expect(names.length).toBeGreaterThan(1)
    for (const name of names) {
      expect(name).not.toMatch(/alice|example\.com|api\.mediroutes/i)
      expect(name).not.toContain(key)
    }
  })

  it('closes only the connection it created', async () => {
    const client = await clientOf(kind, redis())
    const countClients = async () =>
      String(await client.command('CLIENT', 'LIST'))
        .trim()
        .split('\n').length
    const before = await countClients()
    const store = storeOf(client)
    await store.get(uniqueKey())
    await eventually('the subscriber connects', async () => (await countClients()) === before + 1)
    await store.close()
    await eventually('the subscriber is closed', async () => (await countClients()) === before)
    expect(await client.command('PING')).toBe('PONG')
  })
})
