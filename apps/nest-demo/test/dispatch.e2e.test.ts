import { DEMO_USER, type MockServer, startMockServer } from '@mediroutes/mock-server'
import type { INestApplication } from '@nestjs/common'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../src/create-app.js'
import { startDemo } from '../src/demo-runner.js'

const DATE = '2024-06-03'
const cleanups: Array<() => Promise<void>> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function setEnv(values: Record<string, string | undefined>): void {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]))
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
  apply(values)
  cleanups.push(async () => apply(previous))
}

/** The emulator with the vendor's rate limits, and the app configured for it through MEDIROUTES_*. */
async function boot(): Promise<{ server: MockServer; url: string; app: INestApplication }> {
  const server = await startMockServer()
  cleanups.push(() => server.close())
  setEnv({
    MEDIROUTES_BASE_URL: server.url,
    MEDIROUTES_USERNAME: DEMO_USER.username,
    MEDIROUTES_PASSWORD: DEMO_USER.password,
  })
  const app = await createApp({ logger: false, shutdownHooks: false })
  cleanups.push(() => app.close())
  await app.listen(0, '127.0.0.1')
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1')
  return { server, url, app }
}

interface Trip {
  id: string
  tripDate: string
  status: string
}

describe('nest-demo dispatch service', () => {
  it('250 concurrent requests cost exactly one password grant', async () => {
    const { server, url } = await boot()
    // A cold client: the first token is fetched while all 250 requests wait for it.
    const requests = Array.from({ length: 250 }, (_, i) =>
      i % 5 === 0
        ? fetch(`${url}/trips/T-20240603-0${1 + (i % 9)}`)
        : fetch(`${url}/trips?date=${DATE}`),
    )
    const responses = await Promise.all(requests)
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200))
    const counters = server.counters()
    expect(counters.passwordGrants).toBe(1)
    expect(counters.tokenRequests).toBe(1)
    expect(counters.refreshGrants).toBe(0)
    expect(counters.apiByStatus[200]).toBe(250)
  })

  it('lists, reads and cancels trips, passing 404 and 409 through', async () => {
    const { url } = await boot()
    const trips = (await (await fetch(`${url}/trips?date=${DATE}`)).json()) as Trip[]
    expect(trips.length).toBeGreaterThan(0)
    const scheduled = trips.find((trip) => trip.status === 'Scheduled')!
    const one = (await (await fetch(`${url}/trips/${scheduled.id}`)).json()) as Trip
    expect(one).toMatchObject({ id: scheduled.id, tripDate: DATE })

    const cancel = () =>
      fetch(`${url}/trips/${scheduled.id}/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'Rider request' }),
      })
    const cancelled = await cancel()
    expect(cancelled.status).toBe(200)
    expect(await cancelled.json()).toMatchObject({ status: 'Cancelled' })
    expect((await cancel()).status).toBe(409)
    expect((await fetch(`${url}/trips/T-20240603-99`)).status).toBe(404)
  })

  it('rejects a missing or malformed date with 400 before calling MediRoutes', async () => {
    const { server, url } = await boot()
    for (const query of ['', '?date=', '?date=June%203']) {
      const response = await fetch(`${url}/trips${query}`)
      expect(response.status).toBe(400)
      expect(((await response.json()) as { message: string }).message).toContain('YYYY-MM-DD')
    }
    expect(server.counters().apiRequests).toBe(0)
  })

  it('/health reports the token without calling /token', async () => {
    const { server, url } = await boot()
    await fetch(`${url}/trips?date=${DATE}`)
    for (let probe = 0; probe < 10; probe++) {
      const health = await fetch(`${url}/health`)
      expect(health.status).toBe(200)
      expect(await health.json()).toMatchObject({
        status: 'ok',
        details: { mediroutes: { status: 'up', state: 'valid' } },
      })
    }
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('answers 503 with Retry-After while MediRoutes rate-limits /token', async () => {
    const { server, url } = await boot()
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 429, retryAfter: 90 },
    })
    const response = await fetch(`${url}/trips?date=${DATE}`)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('90')
    expect(await response.json()).toMatchObject({ code: 'rate_limited' })
  })

  it('fails to boot without MEDIROUTES_USERNAME, naming the variable', async () => {
    setEnv({ MEDIROUTES_USERNAME: undefined, MEDIROUTES_PASSWORD: 'x' })
    await expect(createApp({ logger: false, shutdownHooks: false })).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('MEDIROUTES_USERNAME'),
    })
  })

  it('the demo starts the emulator and the app together', async () => {
    const demo = await startDemo({ emulatorPort: 0, appPort: 0, logger: false })
    cleanups.push(() => demo.stop())
    const response = await fetch(`${demo.url}/trips?date=${DATE}`)
    expect(response.status).toBe(200)
    expect(demo.emulator.counters().passwordGrants).toBe(1)
  })
})
