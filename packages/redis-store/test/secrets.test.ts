import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { tokenStoreKey } from '@mediroutes/auth-core'
import { RedisServer } from '@mediroutes/redis-harness'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
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
} from './helpers.js'

function expectNoSecrets(text: string, secrets: string[]): void {
  for (const secret of secrets) expect(text).not.toContain(secret)
}

describe('secrets', () => {
  it('stay out of logs, pub/sub messages, key names, inspect and JSON through a full lifecycle', async () => {
    const redis = closeAfterTest(await RedisServer.start())
    const spy = new Redis(redis.url)
    closeAfterTest({ close: async () => spy.disconnect() })
    const messages: string[] = []
    spy.on('pmessage', (_pattern, channel, message) => messages.push(`${channel} ${message}`))
    await spy.psubscribe('*')

    const server = await emulator()
    const logger = recordingLogger()
    const encryptionKey = randomBytes(32)
    const stores = [
      storeOf(await clientOf('ioredis@6', redis), {
        logger,
        encryptionKey,
        commandTimeoutMs: 200,
        localCacheMs: 50,
      }),
      storeOf(await clientOf('redis@6', redis), {
        logger,
        encryptionKey,
        commandTimeoutMs: 200,
        localCacheMs: 50,
      }),
    ]
    const clients = stores.map((store) => clientFor(server, { store, logger }))
    const first = await clients[0]!.getTokenSet()
    await clients[1]!.fetch(API_PATH)
    server.revokeAccessTokens()
    await Promise.all(clients.map((c) => c.fetch(API_PATH)))
    const second = await clients[1]!.getTokenSet()
    await redis.stop()
    await sleep(100)
    await clients[0]!.fetch(API_PATH)
    await eventually('the outage is noticed', async () => {
      await clients[0]!.fetch(API_PATH)
      return stores[0]!.status().redis === 'down'
    })
    await redis.restart()
    const probe = await clientOf('ioredis@6', redis)
    await eventually('the token set is back in Redis', async () => {
      await clients[0]!.fetch(API_PATH)
      return ((await probe.command('KEYS', '*')) as string[]).length > 0
    })
    // A store without the key meets the encrypted value: its error must not show it either.
    const stranger = storeOf(await clientOf('ioredis@5', redis), { logger })
    const key = tokenStoreKey(server.url, DEMO_USER.username)
    let unreadable: unknown
    await eventually(
      'the set put back after the restart is unreadable without the key',
      async () => {
        unreadable = await stranger.get(key).then(
          () => undefined,
          (error: unknown) => error,
        )
        return unreadable !== undefined
      },
    )
    const keys = await probe.command('KEYS', '*')

    const secrets = [
      DEMO_USER.password,
      first.accessToken,
      first.refreshToken!,
      second.accessToken,
      second.refreshToken!,
      encryptionKey.toString('hex'),
      encryptionKey.toString('base64'),
    ]
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(messages.length).toBeGreaterThan(2)
    expect(logger.lines.some((line) => line.includes('Redis is unavailable'))).toBe(true)
    expectNoSecrets(messages.join('\n'), secrets)
    expectNoSecrets(logger.lines.join('\n'), secrets)
    expectNoSecrets(String(keys), [...secrets, DEMO_USER.username])
    for (const store of stores) {
      expectNoSecrets(inspect(store, { depth: 10, showHidden: true }), secrets)
      expectNoSecrets(JSON.stringify(store), secrets)
    }
    expectNoSecrets(String(unreadable), secrets)
    expectNoSecrets(JSON.stringify(unreadable), secrets)
    expectNoSecrets(inspect(unreadable, { depth: 10, showHidden: true }), secrets)
  })
})
