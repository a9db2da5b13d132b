import { type MediRoutesClient, tokenStoreKey } from '@mediroutes/auth-core'
import { describe, expect, it } from 'vitest'
import type { ClientKind } from './clients.js'
import {
  API_PATH,
  clientFor,
  clientOf,
  DEMO_USER,
  emulator,
  eventually,
  storeOf,
  useRedisServer,
} from './helpers.js'

const redis = useRedisServer()

/** `count` clients, each with its own Redis connection and store, as separate processes would have. */
async function fleet(
  server: Awaited<ReturnType<typeof emulator>>,
  count: number,
  extra: { keyPrefix: string },
) {
  const kinds: ClientKind[] = ['ioredis@6', 'redis@6', 'ioredis@5', 'redis@5']
  const members: Array<{ client: MediRoutesClient; store: ReturnType<typeof storeOf> }> = []
  for (let i = 0; i < count; i++) {
    const store = storeOf(await clientOf(kinds[i % kinds.length]!, redis()), extra)
    members.push({ store, client: clientFor(server, { store }) })
  }
  return members
}

async function callAll(
  members: Array<{ client: MediRoutesClient }>,
  callsEach: number,
): Promise<number[]> {
  const calls = members.flatMap(({ client }) =>
    Array.from({ length: callsEach }, () => client.fetch(API_PATH).then((r) => r.status)),
  )
  return Promise.all(calls)
}

describe('clients sharing the Redis store', () => {
  it('log in once for 20 cold clients on mixed client libraries', async () => {
    const server = await emulator()
    const members = await fleet(server, 20, { keyPrefix: 'cold:' })
    const statuses = await callAll(members, 50)
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    expect(server.counters().passwordGrants).toBe(1)
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('refresh once when every client meets a revoked token at the same moment', async () => {
    const server = await emulator()
    const members = await fleet(server, 20, { keyPrefix: 'revoked:' })
    await callAll(members, 5)
    server.revokeAccessTokens()
    const statuses = await callAll(members, 50)
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    const counters = server.counters()
    expect(counters.passwordGrants).toBe(1)
    expect(counters.refreshGrants).toBe(1)
    expect(counters.rejectedTokenRequests).toBe(0)
  })

  it('do not reuse a token another client was refused, even before its replacement exists', async () => {
    const server = await emulator()
    const [a, b] = await fleet(server, 2, { keyPrefix: 'refused:' })
    await callAll([a!, b!], 1)
    const key = tokenStoreKey(server.url, DEMO_USER.username)
    server.revokeAccessTokens()
    // A's refresh is slow, so B calls while the refused token is still the newest one in Redis.
    server.injectFault({ target: 'token', fault: { kind: 'latency', ms: 500 } })
    const first = a!.client.fetch(API_PATH)
    await eventually(
      'B hears of the refusal',
      async () => (await b!.store.get(key))!.expiresAt <= Date.now(),
    )
    const second = b!.client.fetch(API_PATH)
    expect([(await first).status, (await second).status]).toEqual([200, 200])
    const counters = server.counters()
    // Only A's first call met the revoked token.
    expect(counters.unauthorized).toBe(1)
    expect(counters.refreshGrants).toBe(1)
  })
})
