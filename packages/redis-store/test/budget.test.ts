import { createMediRoutesClient } from '@mediroutes/auth-core'
import { RedisServer } from '@mediroutes/redis-harness'
import { describe, expect, it } from 'vitest'
import { createRedisTokenBudget } from '../src/index.js'
import {
  clientOf,
  DEMO_USER,
  emulator,
  rejectionOf,
  sleep,
  track,
  useRedisServer,
} from './helpers.js'

const redis = useRedisServer()

const passwordGrant = () => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'password',
    username: DEMO_USER.username,
    password: DEMO_USER.password,
  }).toString(),
})

describe('the fleet-wide /token budget', () => {
  it('keeps three processes together under the vendor limit, where alone they would exceed it', async () => {
    const server = await emulator()
    const unbudgeted = await Promise.all(
      Array.from({ length: 30 }, () => fetch(`${server.url}/token`, passwordGrant())),
    )
    expect(unbudgeted.filter((r) => r.status === 429).length).toBeGreaterThan(0)
    await sleep(1100)
    server.resetCounters()

    const kinds = ['ioredis@6', 'redis@6', 'ioredis@5'] as const
    const budgets = await Promise.all(
      kinds.map(async (kind) =>
        createRedisTokenBudget({ client: (await clientOf(kind, redis())).client }),
      ),
    )
    const calls = budgets.flatMap((budget) => {
      const budgeted = budget.wrapFetch()
      return Array.from({ length: 10 }, () => budgeted(`${server.url}/token`, passwordGrant()))
    })
    const statuses = (await Promise.all(calls)).map((r) => r.status)
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    expect(server.counters().rateLimited).toBe(0)
    expect(server.counters().passwordGrants).toBe(30)
  })

  it('plugs into the client as beforeTokenRequest, so a long wait for a slot is not a timeout', async () => {
    const server = await emulator()
    const budget = createRedisTokenBudget({
      client: (await clientOf('ioredis@6', redis())).client,
      limit: 1,
      windowMs: 1500,
    })
    await budget.take(`${server.url}/token`)
    const client = createMediRoutesClient({
      baseUrl: server.url,
      ...DEMO_USER,
      timeoutMs: 300,
      maxRetries: 0,
      beforeTokenRequest: budget.take,
    })
    try {
      // The slot frees after about 1.5 s, five times the attempt timeout.
      expect(await client.getAccessToken()).toBeTruthy()
      expect(server.counters().tokenRequests).toBe(1)
    } finally {
      await client.close()
    }
  })

  it('lets other requests through without waiting', async () => {
    const server = await emulator()
    const budget = createRedisTokenBudget({
      client: (await clientOf('redis@6', redis())).client,
      limit: 1,
      windowMs: 60_000,
    })
    const budgeted = budget.wrapFetch()
    await budget.take(`${server.url}/token`)
    // The budget is spent for a minute; API calls and GETs are not token requests.
    const response = await budgeted(`${server.url}/api/riders/R-1001`)
    expect(response.status).toBe(401)
  })

  it('stops waiting when the caller aborts', async () => {
    const budget = createRedisTokenBudget({
      client: (await clientOf('ioredis@6', redis())).client,
      limit: 1,
      windowMs: 60_000,
      keyPrefix: 'abort:',
    })
    await budget.take('http://127.0.0.1:1/token')
    const controller = new AbortController()
    const waiting = budget.take('http://127.0.0.1:1/token', controller.signal)
    controller.abort(new Error('caller gave up'))
    expect(((await rejectionOf(waiting)) as Error).message).toBe('caller gave up')
  })

  it('goes ahead without the budget while Redis is down', async () => {
    const own = track(await RedisServer.start())
    const budget = createRedisTokenBudget({
      client: (await clientOf('ioredis@6', own)).client,
      limit: 1,
      windowMs: 60_000,
    })
    await own.stop()
    await Promise.all(Array.from({ length: 5 }, () => budget.take('http://127.0.0.1:1/token')))
  })

  it('rejects wrong options with invalid_config', async () => {
    const client = (await clientOf('ioredis@6', redis())).client
    for (const [options, message] of [
      [{ limit: 0 }, 'limit must be a whole number'],
      [{ windowMs: -5 }, 'windowMs must be a positive whole number'],
      [{ keyPrefix: 'a{b}' }, 'keyPrefix must be a string without braces'],
    ] as const) {
      expect(() => createRedisTokenBudget({ client, ...options })).toThrow(message)
    }
  })
})
