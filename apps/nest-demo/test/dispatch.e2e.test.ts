import { BROKER_USER, DEMO_USER, MOCK_PROVIDERS, type MockServer } from '@mediroutes/mock-server'
import { closeAfterTest, emulator, useEnv } from '@mediroutes/test-kit'
import type { INestApplication } from '@nestjs/common'
import { describe, expect, it } from 'vitest'
import { createApp } from '../src/create-app.js'
import { startDemo } from '../src/demo-runner.js'

const DATE = '2026-12-05'
const LAKESIDE = 'Lakeside Medical Transport'
const RIVERSIDE = 'Riverside Wheelchair Vans'

/** The emulator with the vendor's rate limits, and the app configured for it through MEDIROUTES_*. */
async function boot(): Promise<{ server: MockServer; url: string; app: INestApplication }> {
  const server = await emulator()
  useEnv({
    MEDIROUTES_BASE_URL: server.url,
    MEDIROUTES_USERNAME: DEMO_USER.username,
    MEDIROUTES_PASSWORD: DEMO_USER.password,
    MEDIROUTES_BROKER_USERNAME: BROKER_USER.username,
    MEDIROUTES_BROKER_PASSWORD: BROKER_USER.password,
  })
  const app = await createApp({ logger: false, shutdownHooks: false })
  closeAfterTest(app)
  await app.listen(0, '127.0.0.1')
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1')
  return { server, url, app }
}

interface Trip {
  trip_guid: string
  trip_id: string
  status: string
  funding_source_id: number
}

interface ProviderView {
  name: string
  fundingSources: { id: number; name: string }[]
}

async function json<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url)
  return { status: response.status, body: (await response.json()) as T }
}

const path = (provider: string) => `/broker/providers/${encodeURIComponent(provider)}`

describe('nest-demo dispatch service', () => {
  it('250 concurrent requests for two accounts cost one login and one claims read each', async () => {
    const { server, url } = await boot()
    // Cold clients: the first token and the claims are fetched while every request waits.
    const requests = Array.from({ length: 250 }, (_, i) =>
      i % 2 === 0
        ? fetch(`${url}/client/trips?date=${DATE}`)
        : fetch(`${url}${path(i % 3 === 0 ? LAKESIDE : RIVERSIDE)}/trips?date=${DATE}`),
    )
    const responses = await Promise.all(requests)
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200))
    const counters = server.counters()
    expect(counters.passwordGrants).toBe(2)
    expect(counters.tokenRequests).toBe(2)
    expect(counters.requestsByPath['/api/v1/access']).toBe(2)
    expect(counters.requestsByPath['/api/v1/rides/getRidesByDate']).toBe(250)
  })

  it('shows the client user its one provider and the brokerage user its three, without keys', async () => {
    const { url } = await boot()
    const client = await json<ProviderView[]>(`${url}/client/providers`)
    const broker = await json<ProviderView[]>(`${url}/broker/providers`)

    expect(client.body.map((provider) => provider.name)).toEqual([LAKESIDE])
    expect(client.body[0]?.fundingSources).toHaveLength(3)
    expect(broker.body.map((provider) => provider.name)).toEqual(
      MOCK_PROVIDERS.map((provider) => provider.name),
    )
    expect(broker.body[0]?.fundingSources.map((source) => source.id)).toEqual([1101])
    const text = JSON.stringify([client.body, broker.body])
    for (const provider of MOCK_PROVIDERS) expect(text).not.toContain(provider.apiKey)
  })

  it("lists each account's trips within its claims, and reads one back by GUID", async () => {
    const { url } = await boot()
    const own = await json<Trip[]>(`${url}/client/trips?date=${DATE}`)
    const brokered = await json<Trip[]>(`${url}${path(LAKESIDE)}/trips?date=${DATE}`)

    expect(own.body.length).toBeGreaterThan(0)
    // The client user sees every funding source of Lakeside; the broker only Medicaid (1101).
    expect(new Set(own.body.map((trip) => trip.funding_source_id)).size).toBeGreaterThan(1)
    expect(brokered.body.length).toBeGreaterThan(0)
    expect(new Set(brokered.body.map((trip) => trip.funding_source_id))).toEqual(new Set([1101]))

    const first = brokered.body[0]!
    const one = await json<Trip>(`${url}${path(LAKESIDE)}/trips/${first.trip_guid}`)
    expect(one.body).toMatchObject({ trip_guid: first.trip_guid, trip_id: first.trip_id })
    const mine = await json<Trip>(`${url}/client/trips/${first.trip_guid}`)
    expect(mine.body.trip_guid).toBe(first.trip_guid)
  })

  it('answers 403 for a provider outside the claims, and after a revoked agreement', async () => {
    const { server, url } = await boot()
    const unknown = await json<{ code: string; message: string }>(
      `${url}${path('Nowhere Transit')}/trips?date=${DATE}`,
    )
    expect(unknown.status).toBe(403)
    expect(unknown.body.code).toBe('unknown_provider')

    expect((await fetch(`${url}${path(RIVERSIDE)}/trips?date=${DATE}`)).status).toBe(200)
    server.revokeAccess('broker', RIVERSIDE)
    const revoked = await json<{ code: string }>(`${url}${path(RIVERSIDE)}/trips?date=${DATE}`)
    expect(revoked.status).toBe(403)
    expect(revoked.body.code).toBe('access_denied')
    expect(JSON.stringify(revoked.body)).not.toContain('mr_live_')
  })

  it('rejects a missing or malformed date with 400 before calling MediRoutes', async () => {
    const { server, url } = await boot()
    for (const query of ['', '?date=', '?date=June%203']) {
      const response = await fetch(`${url}${path(LAKESIDE)}/trips${query}`)
      expect(response.status).toBe(400)
      expect(((await response.json()) as { message: string }).message).toContain('YYYY-MM-DD')
    }
    expect(server.counters().apiRequests).toBe(0)
  })

  it('/health reports the token without calling /token', async () => {
    const { server, url } = await boot()
    await fetch(`${url}/client/trips?date=${DATE}`)
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
    const response = await fetch(`${url}/client/trips?date=${DATE}`)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('90')
    expect(await response.json()).toMatchObject({ code: 'rate_limited' })
  })

  it('fails to boot without MEDIROUTES_USERNAME, naming the variable', async () => {
    useEnv({ MEDIROUTES_USERNAME: undefined, MEDIROUTES_PASSWORD: 'x' })
    await expect(createApp({ logger: false, shutdownHooks: false })).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('MEDIROUTES_USERNAME'),
    })
  })

  it('the demo starts the emulator and the app together', async () => {
    const demo = await startDemo({ emulatorPort: 0, appPort: 0, logger: false })
    closeAfterTest({ close: () => demo.stop() })
    const client = await fetch(`${demo.url}/client/trips?date=${DATE}`)
    const broker = await fetch(`${demo.url}${path(RIVERSIDE)}/trips?date=${DATE}`)
    expect([client.status, broker.status]).toEqual([200, 200])
    expect(demo.emulator.counters().passwordGrants).toBe(2)
  })
})
