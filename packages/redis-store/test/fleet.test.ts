import { tokenStoreKey } from '@mediroutes/auth-core'
import { RedisServer } from '@mediroutes/redis-harness'
import { describe, expect, it } from 'vitest'
import { DEFAULT_KEY_PREFIX } from '../src/index.js'
import { redisNames } from '../src/redis-keys.js'
import { connectClient } from './clients.js'
import { everyone, FleetWorker, type WorkerConfig, type WorkerEvent } from './fleet.js'
import {
  closeAfterTest,
  DEMO_USER,
  emulator,
  eventually,
  sleep,
  useRedisServer,
} from './helpers.js'

const sharedRedis = useRedisServer()

/** `count` worker processes, alternating ioredis and node-redis, stopped after the test. */
async function fleetOf(count: number, config: WorkerConfig): Promise<FleetWorker[]> {
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) =>
      FleetWorker.start({ client: i % 2 === 0 ? 'ioredis' : 'redis', ...config }),
    ),
  )
  const workers = started.flatMap((s) =>
    s.status === 'fulfilled' ? [closeAfterTest(s.value)] : [],
  )
  const failure = started.find((s) => s.status === 'rejected')
  if (failure) throw failure.reason
  return workers
}

/** What the instances logged, shown when an assertion about the fleet fails. */
function logsOf(workers: FleetWorker[]): string {
  return workers.flatMap((worker) => worker.logs()).join('\n')
}

function totals(results: WorkerEvent[]) {
  const errors: Record<string, number> = {}
  for (const r of results)
    for (const [code, n] of Object.entries(r.errors ?? {})) errors[code] = (errors[code] ?? 0) + n
  return {
    ok: results.reduce((sum, r) => sum + (r.ok ?? 0), 0),
    failed: results.reduce((sum, r) => sum + (r.failed ?? 0), 0),
    errors,
  }
}

describe('a fleet of 8 processes sharing one Redis store', () => {
  it('logs in exactly once for 8 x 100 concurrent calls on a cold store', async () => {
    const server = await emulator()
    const workers = await fleetOf(8, {
      baseUrl: server.url,
      redisUrl: sharedRedis().url,
      keyPrefix: 'fleet-cold:',
    })
    const results = await everyone(workers, 'burst 100', 'burst')
    expect(totals(results)).toEqual({ ok: 800, failed: 0, errors: {} })
    expect(server.counters().passwordGrants, logsOf(workers)).toBe(1)
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('refreshes exactly once when every instance meets a revoked token, and never reuses a refresh token', async () => {
    const server = await emulator()
    const workers = await fleetOf(8, {
      baseUrl: server.url,
      redisUrl: sharedRedis().url,
      keyPrefix: 'fleet-revoked:',
    })
    await everyone(workers, 'burst 10', 'burst')
    server.revokeAccessTokens()
    const results = await everyone(workers, 'burst 100', 'burst')
    expect(totals(results)).toEqual({ ok: 800, failed: 0, errors: {} })
    const counters = server.counters()
    expect(counters.refreshGrants, logsOf(workers)).toBe(1)
    expect(counters.passwordGrants, logsOf(workers)).toBe(1)
    // An instance that sent a refresh token already spent by another would have been refused (invalid_grant).
    expect(counters.rejectedTokenRequests).toBe(0)
  })

  it('refreshes exactly once across a natural expiry under steady traffic', async () => {
    // 8 s tokens refreshed in the last 2-3 s: every instance would refresh on its own between 5 and 6 s.
    const server = await emulator({ tokenLifetimeSeconds: 8 })
    const workers = await fleetOf(8, {
      baseUrl: server.url,
      redisUrl: sharedRedis().url,
      keyPrefix: 'fleet-expiry:',
      refreshWindowSeconds: 2,
    })
    await everyone(workers, 'steady 4', 'steady-started')
    const loginAt = server.tokenRequests()[0]!.at
    // Past every instance's refresh point, before the first token expires (7.6 s) and long before
    // the second token's earliest refresh point (about 10 s).
    await sleep(Math.max(0, loginAt + 7000 - Date.now()))
    const results = await everyone(workers, 'stop', 'steady')
    expect(totals(results).failed).toBe(0)
    const counters = server.counters()
    expect(counters.refreshGrants, logsOf(workers)).toBe(1)
    expect(counters.passwordGrants, logsOf(workers)).toBe(1)
    expect(counters.rejectedTokenRequests).toBe(0)
    // No call ever went out with an expired token.
    expect(counters.unauthorized).toBe(0)
  })

  it('fails no call when Redis is stopped in the middle of steady traffic and started again', async () => {
    const redis = closeAfterTest(await RedisServer.start())
    const server = await emulator()
    const workers = await fleetOf(8, { baseUrl: server.url, redisUrl: redis.url })
    await everyone(workers, 'steady 4', 'steady-started')
    await sleep(300)
    await redis.stop()
    await sleep(1500)
    await redis.restart()
    // The restarted Redis is empty; the instances put the token set back once they find it again.
    const probe = closeAfterTest(await connectClient('ioredis@6', redis.url))
    const { record } = redisNames(DEFAULT_KEY_PREFIX, tokenStoreKey(server.url, DEMO_USER.username))
    await eventually(
      'the token set is back in Redis',
      async () => Number(await probe.command('EXISTS', record)) === 1,
      20_000,
    )
    await sleep(500)
    const results = await everyone(workers, 'stop', 'steady')
    const { ok, failed, errors } = totals(results)
    expect({ failed, errors }).toEqual({ failed: 0, errors: {} })
    expect(ok).toBeGreaterThan(100)
    // The token set survived the restart through the instances' caches: nobody logged in again.
    expect(server.counters().passwordGrants, logsOf(workers)).toBe(1)
  })

  it('recovers after the lease expires when its holder is killed in the middle of a grant', async () => {
    const server = await emulator()
    const config = {
      baseUrl: server.url,
      redisUrl: sharedRedis().url,
      keyPrefix: 'fleet-killed:',
      timeoutMs: 3000,
    }
    const [holder, ...others] = await fleetOf(8, config)
    // The holder's token request hangs in the emulator; the lease lasts 2 x timeoutMs = 6 s.
    server.injectFault({ target: 'token', fault: { kind: 'latency', ms: 60_000 } })
    const holderStarted = Date.now()
    holder!.send('burst 1')
    await eventually('the holder is waiting for /token', () => server.counters().faultsServed === 1)
    for (const worker of others) worker.send('burst 10')
    await sleep(200)
    await holder!.kill()
    const results = await Promise.all(others.map((worker) => worker.next('burst')))
    expect(totals(results), logsOf(others)).toEqual({ ok: 70, failed: 0, errors: {} })
    expect(server.counters().passwordGrants, logsOf(others)).toBe(1)
    const grant = server.tokenRequests().find((request) => request.status === 200)
    // The survivors waited for the dead holder's lease to expire instead of logging in beside it.
    expect(grant!.at - holderStarted).toBeGreaterThan(5000)
  })
})
