import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { isMediRoutesAuthError, type MediRoutesAuthError } from '@mediroutes/auth-core'
import { describe, expect, it } from 'vitest'
import { createRedisTokenStore, DEFAULT_KEY_PREFIX } from '../src/index.js'
import { redisNames } from '../src/redis-keys.js'
import { clientOf, rejectionOf, storeOf, tokenSet, uniqueKey, useRedisServer } from './helpers.js'

const redis = useRedisServer()

async function rawRecord(
  client: Awaited<ReturnType<typeof clientOf>>,
  key: string,
): Promise<string> {
  const fields = (await client.command('HGETALL', redisNames(DEFAULT_KEY_PREFIX, key).record)) as
    | string[]
    | Record<string, string>
  return JSON.stringify(fields)
}

function configErrorOf(run: () => unknown): MediRoutesAuthError {
  try {
    run()
  } catch (error) {
    if (isMediRoutesAuthError(error)) return error
    throw error
  }
  throw new Error('expected invalid_config, but nothing was thrown')
}

describe('encryption at rest', () => {
  it('stores nothing readable: no token, no refresh token, no user name', async () => {
    const client = await clientOf('ioredis@6', redis())
    const key = uniqueKey()
    const tokens = tokenSet()
    await storeOf(client, { encryptionKey: randomBytes(32) }).set(key, tokens, 60_000)
    const raw = await rawRecord(client, key)
    expect(raw).toContain('g1:default:')
    for (const secret of [tokens.accessToken, tokens.refreshToken!, tokens.userName!, 'Bearer'])
      expect(raw).not.toContain(secret)
  })

  it('cannot be read without the key, or with another key', async () => {
    const client = await clientOf('redis@6', redis())
    const key = uniqueKey()
    await storeOf(client, { encryptionKey: randomBytes(32) }).set(key, tokenSet(), 60_000)
    const withoutKey = (await rejectionOf(storeOf(client).get(key))) as MediRoutesAuthError
    expect(withoutKey.code).toBe('invalid_config')
    expect(withoutKey.message).toContain('give every instance the same encryptionKey')
    const wrongKey = (await rejectionOf(
      storeOf(client, { encryptionKey: randomBytes(32) }).get(key),
    )) as MediRoutesAuthError
    expect(wrongKey.code).toBe('invalid_config')
    expect(wrongKey.message).toContain('does not decrypt')
  })

  it('reads values written with a retired key and writes new ones with the current key', async () => {
    const client = await clientOf('ioredis@5', redis())
    const [old, next] = [randomBytes(32), randomBytes(32)]
    const key = uniqueKey()
    const before = tokenSet({ issuedAt: Date.now() - 1000 })
    await storeOf(client, { encryptionKey: { current: 'k2024', keys: { k2024: old } } }).set(
      key,
      before,
      60_000,
    )
    const rotated = storeOf(client, {
      encryptionKey: { current: 'k2025', keys: { k2024: old, k2025: next } },
    })
    expect(await rotated.get(key)).toEqual(before)
    await rotated.set(key, tokenSet(), 60_000)
    expect(await rawRecord(client, key)).toContain('g1:k2025:')
  })

  it('reads a value written with a single key after moving to a keyring', async () => {
    const client = await clientOf('redis@5', redis())
    const old = randomBytes(32).toString('base64')
    const key = uniqueKey()
    const tokens = tokenSet()
    await storeOf(client, { encryptionKey: old }).set(key, tokens, 60_000)
    const keyring = {
      current: 'new',
      keys: { previous: old, new: randomBytes(32).toString('hex') },
    }
    expect(await storeOf(client, { encryptionKey: keyring }).get(key)).toEqual(tokens)
  })

  it('refuses a value copied under another account, a tampered value, and a planted plain one', async () => {
    const client = await clientOf('ioredis@6', redis())
    const encryptionKey = randomBytes(32)
    const store = storeOf(client, { encryptionKey })
    const [alice, bob] = [uniqueKey(), uniqueKey()]
    await store.set(alice, tokenSet(), 60_000)
    const names = (key: string) => redisNames(DEFAULT_KEY_PREFIX, key).record
    const data = String(await client.command('HGET', names(alice), 'data'))
    await client.command('HSET', names(bob), 'iat', String(Date.now()), 'fp', 'x', 'data', data)
    expect(
      ((await rejectionOf(storeOf(client, { encryptionKey }).get(bob))) as MediRoutesAuthError)
        .code,
    ).toBe('invalid_config')
    const tampered = `${data.slice(0, -4)}${data.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`
    await client.command('HSET', names(bob), 'data', tampered)
    expect(
      ((await rejectionOf(storeOf(client, { encryptionKey }).get(bob))) as MediRoutesAuthError)
        .code,
    ).toBe('invalid_config')
    await client.command('HSET', names(bob), 'data', `j:${JSON.stringify(tokenSet())}`)
    const planted = (await rejectionOf(
      storeOf(client, { encryptionKey }).get(bob),
    )) as MediRoutesAuthError
    expect(planted.message).toContain('not encrypted')
  })

  it('rejects keys of the wrong size with an error that names the fix and not the key', async () => {
    const client = await clientOf('ioredis@6', redis())
    const shortKey = 'c2VjcmV0LWtleS10aGF0LWlzLXRvby1zaG9ydA=='
    const cases: Array<[unknown, string]> = [
      [randomBytes(16), 'must be 32 bytes for AES-256-GCM (got 16 bytes)'],
      [shortKey, 'got a string of 40 characters'],
      ['not a key at all', 'openssl rand -base64 32'],
      [
        { current: 'a', keys: { b: randomBytes(32) } },
        'encryptionKey.keys has no key with that id',
      ],
      [{ current: 'bad id', keys: { 'bad id': randomBytes(32) } }, 'key id "bad id"'],
      [{ current: 'a', keys: { a: randomBytes(31) } }, 'encryptionKey.keys["a"] must be 32 bytes'],
      [42, 'must be a 32-byte key or { current'],
    ]
    for (const [encryptionKey, message] of cases) {
      const error = configErrorOf(() =>
        createRedisTokenStore({ client: client.client, encryptionKey: encryptionKey as never }),
      )
      expect(error.code).toBe('invalid_config')
      expect(error.message).toContain(message)
      expect(error.message).not.toContain(shortKey)
    }
  })

  it('never shows key material in inspect or JSON', async () => {
    const client = await clientOf('ioredis@6', redis())
    const encryptionKey = randomBytes(32)
    const store = storeOf(client, { encryptionKey })
    await store.set(uniqueKey(), tokenSet(), 60_000)
    for (const text of [inspect(store, { depth: 10, showHidden: true }), JSON.stringify(store)]) {
      expect(text).not.toContain(encryptionKey.toString('hex'))
      expect(text).not.toContain(encryptionKey.toString('base64'))
      expect(text).toContain('encrypted')
    }
  })
})
