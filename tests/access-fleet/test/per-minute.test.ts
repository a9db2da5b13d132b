import { randomBytes } from 'node:crypto'
import {
  BROKER_USER,
  MOCK_PROVIDERS,
  type MockServer,
  startMockServer,
} from '@mediroutes/mock-server'
import { RedisServer } from '@mediroutes/redis-harness'
import { afterAll, expect, it } from 'vitest'
import { type FleetWorker, startFleet } from './support/fleet.js'

/** The per-minute reading, scaled down so three processes are far above it. */
const API_PER_MINUTE = 60
const TOKEN_PER_MINUTE = 10
const FLEET_SIZE = 3
const LOOPS_PER_PROCESS = 4
/**
 * The emulator's window: a real minute by default. CI's second Node line shortens it (the
 * behaviour under test does not change with the window's length, only the waits do).
 */
const WINDOW_MS = windowFromEnv(process.env.MEDIROUTES_PER_MINUTE_WINDOW_MS)
/** Two windows of traffic; new calls stop 5 s before the second window ends, so the last waits are short. */
const LOAD_MS = 2 * WINDOW_MS - 5_000

function windowFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 60_000
  const ms = Number(value)
  if (!Number.isInteger(ms) || ms < 10_000 || ms > 60_000) {
    throw new Error(
      `MEDIROUTES_PER_MINUTE_WINDOW_MS must be a whole number of ms from 10000 to 60000, got "${value}"`,
    )
  }
  return ms
}

let redis: RedisServer | undefined
let server: MockServer | undefined
let fleet: FleetWorker[] = []

afterAll(async () => {
  await Promise.all(fleet.map((w) => w.close()))
  await server?.close()
  await redis?.close()
})

it('a fleet above the per-minute limit for two windows fails no idempotent call and stays within the /token limit', async () => {
  redis = await RedisServer.start()
  server = await startMockServer({
    rateLimit: { per: 'minute', api: API_PER_MINUTE, token: TOKEN_PER_MINUTE, windowMs: WINDOW_MS },
  })
  fleet = await startFleet(FLEET_SIZE, {
    baseUrl: server.url,
    redisUrl: redis.url,
    username: BROKER_USER.username,
    password: BROKER_USER.password,
    encryptionKey: randomBytes(32).toString('hex'),
  })
  const started = Date.now()
  const results = await Promise.all(
    fleet.map((worker) =>
      worker.run<{ ok: number; errors: Record<string, number>; maxMs: number; p50Ms: number }>({
        cmd: 'load',
        providers: [MOCK_PROVIDERS[0]!.name, MOCK_PROVIDERS[1]!.name],
        concurrency: LOOPS_PER_PROCESS,
        durationMs: LOAD_MS,
        date: new Date().toISOString().slice(0, 10),
      }),
    ),
  )
  const elapsedMs = Date.now() - started
  const counters = server.counters()
  const ok = results.reduce((sum, r) => sum + r.ok, 0)
  const windows = Math.ceil(elapsedMs / WINDOW_MS)
  console.log(
    [
      `per-minute reading: ${FLEET_SIZE} processes x ${LOOPS_PER_PROCESS} loops against ${API_PER_MINUTE} API requests per ${WINDOW_MS / 1000} s window`,
      `  wall time ${(elapsedMs / 1000).toFixed(1)} s (${windows} windows)`,
      `  calls succeeded ${ok}, failed ${results.reduce((sum, r) => sum + Object.values(r.errors).reduce((a, b) => a + b, 0), 0)}`,
      `  429s absorbed ${counters.rateLimited}, API requests ${counters.apiRequests}`,
      `  /token requests ${counters.requestsByPath['/token'] ?? 0}, /api/v1/access requests ${counters.requestsByPath['/api/v1/access'] ?? 0}`,
      `  latency p50 ${Math.max(...results.map((r) => r.p50Ms))} ms, max ${Math.max(...results.map((r) => r.maxMs))} ms`,
    ].join('\n'),
  )
  for (const result of results) expect(result.errors).toEqual({})
  // The limit was really met, and every window was used up to it.
  expect(counters.rateLimited).toBeGreaterThan(0)
  expect(ok).toBeGreaterThanOrEqual(API_PER_MINUTE)
  expect(counters.requestsByPath['/token']).toBeLessThanOrEqual(TOKEN_PER_MINUTE * windows)
  expect(counters.tokenByStatus[429]).toBeUndefined()
  expect(counters.requestsByPath['/api/v1/access']).toBe(1)
})
