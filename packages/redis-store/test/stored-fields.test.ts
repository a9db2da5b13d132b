import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DEFAULT_KEY_PREFIX } from '../src/index.js'
import { redisNames } from '../src/redis-keys.js'
import { clientOf, storeOf, tokenSet, uniqueKey, useRedisServer } from './helpers.js'

const redis = useRedisServer()

/** Access claims as a client stores them beside its token set. */
function claims(apiKey: string) {
  return {
    fetchedAt: Date.now(),
    providers: [
      { name: 'Lakeside Medical Transport', apiKey, fundingSources: [{ id: 1, name: 'Medicaid' }] },
    ],
  }
}

describe('fields stored beside the token set', () => {
  it('travel with it, encrypted like the tokens', async () => {
    const client = await clientOf('ioredis@6', redis())
    const encryptionKey = randomBytes(32)
    const key = uniqueKey()
    const apiKey = `mr_live_${randomBytes(8).toString('hex')}`
    const value = { ...tokenSet(), access: claims(apiKey) }
    await storeOf(client, { encryptionKey }).set(key, value, 60_000)
    expect(await storeOf(client, { encryptionKey }).get(key)).toEqual(value)
    const raw = JSON.stringify(
      await client.command('HGETALL', redisNames(DEFAULT_KEY_PREFIX, key).record),
    )
    expect(raw).not.toContain(apiKey)
    expect(raw).not.toContain('Lakeside')
  })

  it('are accepted when written for the token already stored, and a late plain write keeps them', async () => {
    const client = await clientOf('redis@6', redis())
    const key = uniqueKey()
    const tokens = tokenSet()
    const [granting, claiming, late] = [storeOf(client), storeOf(client), storeOf(client)]
    await granting.set(key, tokens, 60_000)
    const withAccess = { ...tokens, access: claims('mr_live_a') }
    await claiming.set(key, withAccess, 60_000)
    expect(await storeOf(client).get(key)).toEqual(withAccess)
    // A second writer of the same grant, without claims, arrives late.
    await late.set(key, tokens, 60_000)
    expect(await storeOf(client).get(key)).toEqual(withAccess)
    // Claims read again for the same token replace the older ones.
    const reread = { ...tokens, access: claims('mr_live_b') }
    await granting.set(key, reread, 60_000)
    expect(await storeOf(client).get(key)).toEqual(reread)
  })
})
