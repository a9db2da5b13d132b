import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CONTENDER_IDS, DEMO_CREDENTIALS } from '../src/contender.js'
import { type ContenderSetup, contenderFor } from '../src/contenders/index.js'
import { fetchAccessToken } from '../src/contenders/plain-fetch.js'
import { type EmulatorProcess, startEmulator } from '../src/emulator-process.js'
import { type RedisProcess, startRedis } from '../src/redis-process.js'
import { emulatorView, toMeasurement } from '../src/runner.js'
import { CALL_PATH } from '../src/scenarios.js'

let emulator: EmulatorProcess
let redis: RedisProcess

beforeAll(async () => {
  ;[emulator, redis] = await Promise.all([startEmulator(), startRedis()])
})
afterAll(async () => {
  await Promise.all([emulator?.stop(), redis?.stop()])
})
beforeEach(() => emulator.reset())

describe.each(CONTENDER_IDS)('%s', (id) => {
  it('completes one call against the emulator, logging in exactly once', async () => {
    const setup: ContenderSetup = { redisUrl: redis.url, keyPrefix: `bench-test:${id}:` }
    if (id === 'plain-fetch') {
      setup.accessToken = await fetchAccessToken(emulator.url, DEMO_CREDENTIALS)
      await emulator.resetCounters()
    }
    const caller = await (await contenderFor(id, setup)).createCaller(emulator.url)
    try {
      expect(await caller.call(CALL_PATH)).toBe(200)
      const counters = await emulator.counters()
      // The baseline was handed its token; every other contender must have fetched its own.
      expect(counters.tokenRequests).toBe(id === 'plain-fetch' ? 0 : 1)
      expect(counters.apiRequests).toBe(1)
      expect(counters.unauthorized).toBe(0)
    } finally {
      await caller.close()
    }
  })
})

describe('contenderFor', () => {
  it('refuses a baseline without a token and sdk-redis without Redis, saying what is missing', async () => {
    await expect(contenderFor('plain-fetch')).rejects.toThrow(/access token/)
    await expect(contenderFor('sdk-redis')).rejects.toThrow(/redisUrl/)
  })
})

describe('reading the emulator', () => {
  it('turns counters and the token log into figures: token requests, 429s, 401s, refusals', async () => {
    await emulator.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 429, retryAfter: 1 },
      count: 1,
    })
    const token = (grant: Record<string, string>) =>
      fetch(`${emulator.url}/token`, { method: 'POST', body: new URLSearchParams(grant) }).then(
        (response) => response.status,
      )
    expect(await token({ grant_type: 'password', ...DEMO_CREDENTIALS })).toBe(429)
    expect(await token({ grant_type: 'refresh_token', refresh_token: 'not-a-token' })).toBe(401)
    const api = await fetch(`${emulator.url}${CALL_PATH}`, {
      headers: { authorization: 'Bearer forged' },
    })
    expect(api.status).toBe(401)

    const load = { calls: 4, failed: 1, seconds: 2, latenciesMs: [1, 2, 3] }
    const measurement = toMeasurement('openid-client', await emulatorView(emulator), load)
    expect(measurement).toEqual({
      contender: 'openid-client',
      tokenRequests: 2,
      refusedTokenRequests: 1,
      tooManyRequests: 1,
      unauthorized: 1,
      calls: 4,
      failed: 1,
      callsPerSecond: 1.5,
      p50Ms: 2,
      p99Ms: 3,
    })
  })
})
