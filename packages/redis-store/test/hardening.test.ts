import { randomBytes } from 'node:crypto'
import { tokenStoreKey } from '@mediroutes/auth-core'
import { describe, expect, it } from 'vitest'
import { DEFAULT_KEY_PREFIX } from '../src/index.js'
import { redisNames } from '../src/redis-keys.js'
import {
  API_PATH,
  clientFor,
  clientOf,
  DEMO_USER,
  emulator,
  recordingLogger,
  sleep,
  storeOf,
  tokenSet,
  uniqueKey,
  useRedisServer,
} from './helpers.js'

const redis = useRedisServer()

const recordOf = (key: string) => redisNames(DEFAULT_KEY_PREFIX, key).record

describe.each([
  ['without encryption', undefined],
  ['with encryption', randomBytes(32)],
] as const)('a record dated in the future (%s)', (_, encryptionKey) => {
  it('does not outrank a newer login written by another process', async () => {
    const client = await clientOf('ioredis@6', redis())
    const key = uniqueKey()
    const first = tokenSet({ issuedAt: Date.now() - 1000 })
    await storeOf(client, { encryptionKey }).set(key, first, 60_000)
    await client.command('HSET', recordOf(key), 'iat', '9000000000000000')
    const next = tokenSet()
    await storeOf(client, { encryptionKey }).set(key, next, 60_000)
    expect((await storeOf(client, { encryptionKey }).get(key))?.accessToken).toBe(next.accessToken)
  })

  it('turns a refused token into one grant, not one per call, in warm and cold processes', async () => {
    const server = await emulator()
    const key = tokenStoreKey(server.url, DEMO_USER.username)
    const warm = clientFor(server, {
      store: storeOf(await clientOf('ioredis@6', redis()), { encryptionKey }),
    })
    expect((await warm.fetch(API_PATH)).status).toBe(200)
    await dateFarAhead(key)
    server.revokeAccessTokens()
    const before = server.counters().tokenRequests
    const cold = clientFor(server, {
      store: storeOf(await clientOf('redis@6', redis()), { encryptionKey }),
    })
    const statuses: number[] = []
    for (let i = 0; i < 20; i++) {
      statuses.push((await warm.fetch(API_PATH)).status)
      statuses.push((await cold.fetch(API_PATH)).status)
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    // One refresh for the refused token; a password grant if the refresh token went with it.
    expect(server.counters().tokenRequests - before).toBeLessThanOrEqual(2)
  })

  async function dateFarAhead(key: string): Promise<void> {
    const raw = await clientOf('ioredis@6', redis())
    await raw.command('HSET', recordOf(key), 'iat', '9000000000000000')
  }
})

describe('the version of an encrypted record', () => {
  it('is authenticated by the sealed data: a nudged iat makes the record unreadable, and it is replaced', async () => {
    const client = await clientOf('ioredis@6', redis())
    const encryptionKey = randomBytes(32)
    const key = uniqueKey()
    const first = tokenSet({ issuedAt: Date.now() - 1000 })
    await storeOf(client, { encryptionKey }).set(key, first, 60_000)
    // Within any clock tolerance, so only the seal can tell.
    await client.command('HSET', recordOf(key), 'iat', String(Date.now() + 30_000))
    const logger = recordingLogger()
    const reader = storeOf(client, { encryptionKey, logger })
    expect(await reader.get(key)).toBeUndefined()
    expect(logger.lines.join('\n')).toContain('unreadable')
    const next = tokenSet()
    await reader.set(key, next, 60_000)
    expect((await storeOf(client, { encryptionKey }).get(key))?.accessToken).toBe(next.accessToken)
  })
})

describe('a stored token that could not be sent', () => {
  it.each([
    ['a CR/LF in the access token', { accessToken: 'abc\r\nX-Injected: 1' }],
    ['non-ASCII text in the access token', { accessToken: 'tökén' }],
    ['a CR/LF in the token type', { tokenType: 'Bearer\r\nX: 1' }],
    ['non-ASCII text in the token type', { tokenType: 'Bearér' }],
  ])('(%s) is logged once, treated as absent, and replaced', async (_, bad) => {
    const client = await clientOf('redis@6', redis())
    const key = uniqueKey()
    const planted = { ...tokenSet(), ...bad }
    await client.command(
      'HSET',
      recordOf(key),
      'iat',
      String(planted.issuedAt),
      'fp',
      'x',
      'data',
      `j:${JSON.stringify(planted)}`,
    )
    const logger = recordingLogger()
    const store = storeOf(client, { logger })
    expect(await store.get(key)).toBeUndefined()
    expect(await store.get(key)).toBeUndefined()
    const unusable = logger.lines.filter((line) => line.includes('cannot be sent'))
    expect(unusable).toHaveLength(1)
    expect(logger.lines.join('\n')).not.toContain(planted.accessToken)
    const next = tokenSet()
    await store.set(key, next, 60_000)
    expect((await storeOf(client).get(key))?.accessToken).toBe(next.accessToken)
  })

  it('does not fail the calls of a cold process: it logs in and replaces the record', async () => {
    const server = await emulator()
    const client = await clientOf('ioredis@6', redis())
    const key = tokenStoreKey(server.url, DEMO_USER.username)
    const planted = { ...tokenSet(), accessToken: 'abc\r\ndef' }
    await client.command(
      'HSET',
      recordOf(key),
      'iat',
      String(planted.issuedAt),
      'fp',
      'x',
      'data',
      `j:${JSON.stringify(planted)}`,
    )
    const cold = clientFor(server, { store: storeOf(client) })
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await cold.fetch(API_PATH)).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200])
    expect(server.counters().passwordGrants).toBe(1)
  })
})

describe('the local read-through cache', () => {
  it('honours the ttl a set was given, in memory as in Redis', async () => {
    const client = await clientOf('ioredis@6', redis())
    const store = storeOf(client)
    const key = uniqueKey()
    await store.set(key, tokenSet(), 300)
    expect(await store.get(key)).toBeDefined()
    await sleep(1300)
    expect(await store.get(key)).toBeUndefined()
  })

  it('honours the remaining ttl of a record read from Redis', async () => {
    const client = await clientOf('ioredis@6', redis())
    const key = uniqueKey()
    await storeOf(client).set(key, tokenSet(), 400)
    const reader = storeOf(client, { localCacheMs: 60_000 })
    expect(await reader.get(key)).toBeDefined()
    await sleep(600)
    expect(await reader.get(key)).toBeUndefined()
  })
})

describe('an unreadable record', () => {
  it.each([
    ['a key of another type (WRONGTYPE)', ['SET', 'not-a-hash']],
    ['a non-numeric version', ['HSET', 'iat', 'soon', 'fp', 'x', 'data', 'j:{}']],
  ] as const)(
    '(%s) is repaired and logged as unreadable, not as Redis being down',
    async (_, command) => {
      const client = await clientOf('ioredis@6', redis())
      const key = uniqueKey()
      const [name, ...args] = command
      await client.command(name, recordOf(key), ...args)
      const logger = recordingLogger()
      const store = storeOf(client, { logger })
      expect(await store.get(key)).toBeUndefined()
      const tokens = tokenSet()
      await store.set(key, tokens, 60_000)
      expect(store.status().redis).toBe('up')
      expect(await client.command('TYPE', recordOf(key))).toBe('hash')
      expect((await storeOf(client).get(key))?.accessToken).toBe(tokens.accessToken)
      const said = logger.lines.join('\n')
      expect(said).toContain('unreadable')
      expect(said).not.toContain('Redis is unavailable')
    },
  )
})
