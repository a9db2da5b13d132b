import { createMediRoutesClient } from '@mediroutes/auth-core'
import { RedisServer } from '@mediroutes/redis-harness'
import { describe, expect, it } from 'vitest'
import { createRedisRequestBudget, createRedisTokenBudget } from '../src/index.js'
import {
  API_PATH,
  clientOf,
  closeAfterTest,
  DEMO_USER,
  emulator,
  rejectionOf,
  sleep,
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
  it('keeps three processes together under the per-second reading, where alone they would exceed it', async () => {
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
        createRedisTokenBudget({ client: (await clientOf(kind, redis())).client, windowMs: 1100 }),
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
    const response = await budgeted(`${server.url}${API_PATH}`)
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

  it('goes ahead on the pacing of this process alone while Redis is down', async () => {
    const own = closeAfterTest(await RedisServer.start())
    const budget = createRedisTokenBudget({
      client: (await clientOf('ioredis@6', own)).client,
      limit: 5,
      windowMs: 60_000,
    })
    await own.stop()
    // The fleet's window is out of reach; this process alone still keeps to 5 per window.
    await Promise.all(Array.from({ length: 5 }, () => budget.take('http://127.0.0.1:1/token')))
    expect(await outcomeOf(budget.take, 'http://127.0.0.1:1/token', 1000)).toBe('waited')
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

  it('defaults to the stricter reading of the vendor limit: 10 per 61 s', async () => {
    const budget = createRedisTokenBudget({ client: (await clientOf('ioredis@6', redis())).client })
    expect(JSON.parse(JSON.stringify(budget))).toEqual({
      type: 'RedisTokenBudget',
      limit: 10,
      windowMs: 61_000,
    })
  })
})

/** A take that gives up after `ms`: 'waited' when the budget held it back, 'went' when it passed. */
async function outcomeOf(
  take: (url: string, signal: AbortSignal) => Promise<void>,
  url: string,
  ms = 300,
): Promise<'went' | 'waited'> {
  try {
    await take(url, AbortSignal.timeout(ms))
    return 'went'
  } catch {
    return 'waited'
  }
}

describe('the fleet-wide API request budget', () => {
  it('defaults to the per-second reading: 300 per 1.1 s', async () => {
    const budget = createRedisRequestBudget({
      client: (await clientOf('ioredis@6', redis())).client,
    })
    expect(JSON.parse(JSON.stringify(budget))).toEqual({
      type: 'RedisRequestBudget',
      limit: 300,
      windowMs: 1100,
    })
  })

  it('keeps three processes together under the API limit, where alone they would exceed it', async () => {
    const server = await emulator({ rateLimit: { token: 10, api: 20 } })
    const url = `${server.url}${API_PATH}`
    const unbudgeted = await Promise.all(Array.from({ length: 60 }, () => fetch(url)))
    expect(unbudgeted.filter((r) => r.status === 429).length).toBeGreaterThan(0)
    await sleep(1100)
    server.resetCounters()
    const budgets = await Promise.all(
      (['ioredis@6', 'redis@6', 'redis@5'] as const).map(async (kind) =>
        createRedisRequestBudget({
          client: (await clientOf(kind, redis())).client,
          keyPrefix: 'api-three:',
          limit: 20,
        }),
      ),
    )
    const statuses = await Promise.all(
      budgets.flatMap((budget) =>
        Array.from({ length: 20 }, async () => {
          await budget.take(url)
          return (await fetch(url)).status
        }),
      ),
    )
    expect(statuses).toHaveLength(60)
    expect(server.counters().rateLimited).toBe(0)
  })

  it('holds the whole fleet when one process pauses it after a 429', async () => {
    const [a, b] = await Promise.all(
      (['ioredis@6', 'redis@6'] as const).map(async (kind) =>
        createRedisRequestBudget({
          client: (await clientOf(kind, redis())).client,
          keyPrefix: 'api-pause:',
        }),
      ),
    )
    const url = 'http://127.0.0.1:1/api/v1/access'
    expect(await outcomeOf(b!.take, url)).toBe('went')
    await a!.take(url)
    await a!.pause(60_000)
    expect(await outcomeOf(b!.take, url)).toBe('waited')
    expect(await outcomeOf(a!.take, url)).toBe('waited')
  })

  it('paces each process on its own while Redis is down', async () => {
    const own = closeAfterTest(await RedisServer.start())
    const budget = createRedisRequestBudget({
      client: (await clientOf('ioredis@6', own)).client,
      limit: 2,
      windowMs: 60_000,
      commandTimeoutMs: 200,
    })
    await own.stop()
    const url = 'http://127.0.0.1:1/api/v1/access'
    expect(await outcomeOf(budget.take, url)).toBe('went')
    expect(await outcomeOf(budget.take, url)).toBe('went')
    expect(await outcomeOf(budget.take, url, 1000)).toBe('waited')
  })

  it('plugs into the client as tokenRateLimit and apiRateLimit, counting each call in Redis', async () => {
    const server = await emulator()
    const redisClient = await clientOf('ioredis@6', redis())
    const keyPrefix = 'as-options:'
    const client = createMediRoutesClient({
      baseUrl: server.url,
      ...DEMO_USER,
      tokenRateLimit: createRedisTokenBudget({ client: redisClient.client, keyPrefix }),
      apiRateLimit: createRedisRequestBudget({ client: redisClient.client, keyPrefix }),
    })
    try {
      for (let i = 0; i < 3; i++) expect((await client.fetch(API_PATH)).status).toBe(200)
      const windows = (await redisClient.command('KEYS', `${keyPrefix}*`)) as string[]
      const sizes = await Promise.all(windows.map((k) => redisClient.command('ZCARD', k)))
      expect(sizes.map(Number).sort()).toEqual([1, 3])
    } finally {
      await client.close()
    }
  })
})
