import { randomBytes } from 'node:crypto'
import {
  BROKER_USER,
  MOCK_PROVIDERS,
  type MockServer,
  startMockServer,
} from '@mediroutes/mock-server'
import { RedisServer } from '@mediroutes/redis-harness'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FleetWorker, startFleet } from './support/fleet.js'

const [LAKESIDE, RIVERSIDE, SUMMIT] = MOCK_PROVIDERS as [
  (typeof MOCK_PROVIDERS)[number],
  (typeof MOCK_PROVIDERS)[number],
  (typeof MOCK_PROVIDERS)[number],
]
const SECRETS = [...MOCK_PROVIDERS.map((p) => p.apiKey), BROKER_USER.password]
const FLEET_SIZE = 4
const today = () => new Date().toISOString().slice(0, 10)

let redis: RedisServer
let server: MockServer
let fleet: FleetWorker[]

const count = (path: string) => server.counters().requestsByPath[path] ?? 0

beforeAll(async () => {
  redis = await RedisServer.start()
  server = await startMockServer()
  fleet = await startFleet(FLEET_SIZE, {
    baseUrl: server.url,
    redisUrl: redis.url,
    username: BROKER_USER.username,
    password: BROKER_USER.password,
    encryptionKey: randomBytes(32).toString('hex'),
  })
})

afterAll(async () => {
  await Promise.all((fleet ?? []).map((w) => w.close()))
  await server?.close()
  await redis?.close()
})

describe("a brokerage user's fleet on one Redis store", () => {
  it('makes one /token and one /api/v1/access request in total, and each provider gets its own key', async () => {
    const date = today()
    const replies = await Promise.all(
      fleet.flatMap((worker) => [
        worker.run({ cmd: 'calls', provider: LAKESIDE.name, n: 5, date }),
        worker.run({ cmd: 'calls', provider: RIVERSIDE.name, n: 5, date }),
        worker.run({ cmd: 'calls', provider: SUMMIT.name, n: 2, date }),
      ]),
    )
    for (const reply of replies) expect(reply.errors).toEqual([])
    // Each provider's trips are those of the funding sources it shared: the key picked the provider.
    const ids = (i: number) => replies[i]!.fundingSourceIds
    expect(ids(0)).toEqual([1101])
    expect(ids(1)).toEqual([2201, 2202])
    expect(ids(2)).toEqual([3301])
    expect(count('/token')).toBe(1)
    expect(count('/api/v1/access')).toBe(1)
    expect(server.counters().apiByStatus[403]).toBeUndefined()
  })

  it('turns a revoked data-sharing agreement into one re-read of the claims and access_denied, not a storm', async () => {
    const date = today()
    const before = count('/api/v1/access')
    const callsBefore = count('/api/v1/rides/getRidesByDate')
    server.revokeAccess(BROKER_USER.username, SUMMIT.name)
    const replies = await Promise.all(
      fleet.map((worker) => worker.run({ cmd: 'calls', provider: SUMMIT.name, n: 10, date })),
    )
    const again = await Promise.all(
      fleet.map((worker) => worker.run({ cmd: 'calls', provider: SUMMIT.name, n: 10, date })),
    )
    for (const reply of [...replies, ...again]) {
      expect(reply.ok).toBe(0)
      expect(
        (reply.errors as { code: string }[])
          .map((e) => e.code)
          .filter((c) => c !== 'access_denied'),
      ).toEqual([])
    }
    expect(count('/api/v1/access') - before).toBe(1)
    // Only calls in flight when the agreement ended reach the API; the later ones are refused locally.
    const reached = count('/api/v1/rides/getRidesByDate') - callsBefore
    expect(reached).toBeLessThanOrEqual(FLEET_SIZE * 10)
    // The other providers keep working, without another read.
    const lakeside = await Promise.all(
      fleet.map((worker) => worker.run({ cmd: 'calls', provider: LAKESIDE.name, n: 2, date })),
    )
    for (const reply of lakeside) expect(reply.errors).toEqual([])
    expect(count('/api/v1/access') - before).toBe(1)
    expect(count('/token')).toBe(1)
    console.log(
      `revoked agreement: ${FLEET_SIZE * 20} calls refused with access_denied, ${reached} reached the API, 1 claims re-read`,
    )
  })

  it('lets no API key or password reach any output, JSON, inspect or Redis', async () => {
    const accessReplies = await Promise.all(fleet.map((worker) => worker.run({ cmd: 'access' })))
    expect(accessReplies[0]!.providers).toEqual([LAKESIDE.name, RIVERSIDE.name])
    const client = new Redis(redis.url)
    try {
      const keys = await client.keys('*')
      expect(keys.length).toBeGreaterThan(0)
      let contents = keys.join('\n')
      for (const key of keys) {
        const type = await client.type(key)
        if (type === 'hash') contents += JSON.stringify(await client.hgetall(key))
        else if (type === 'string') contents += await client.get(key)
        else if (type === 'zset') contents += JSON.stringify(await client.zrange(key, '0', '-1'))
      }
      const output = fleet.map((w) => w.output).join('\n')
      expect(output).toContain('MediRoutes access claims read')
      for (const secret of SECRETS) {
        expect(output).not.toContain(secret)
        expect(contents).not.toContain(secret)
      }
      expect(contents).not.toContain(LAKESIDE.name)
    } finally {
      client.disconnect()
    }
  })
})
