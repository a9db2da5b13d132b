import { inspect } from 'node:util'
import { BROKER_USER, MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { describe, expect, it } from 'vitest'
import { type MediRoutesAuthError, MemoryTokenStore } from '../src/index.js'
import { clientFor, emulator, recordingLogger, rejectionOf } from './helpers.js'

const [LAKESIDE, RIVERSIDE, SUMMIT] = MOCK_PROVIDERS as [
  (typeof MOCK_PROVIDERS)[number],
  (typeof MOCK_PROVIDERS)[number],
  (typeof MOCK_PROVIDERS)[number],
]
const KEYS = MOCK_PROVIDERS.map((p) => p.apiKey)
const broker = { username: BROKER_USER.username, password: BROKER_USER.password }
const today = () => new Date().toISOString().slice(0, 10)

function accessReads(server: { counters(): { requestsByPath: Record<string, number> } }): number {
  return server.counters().requestsByPath['/api/v1/access'] ?? 0
}

/** A transport that records the URLs and bodies the client sends. */
function recordingFetch() {
  const sent: { url: string; body: string }[] = []
  const impl: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    sent.push({ url, body: typeof init?.body === 'string' ? init.body : '' })
    return fetch(input, init)
  }
  return { sent, impl }
}

describe('client.forProvider()', () => {
  it("adds each provider's own key: api_key in the query, tp_api_key in JSON bodies", async () => {
    const server = await emulator()
    const transport = recordingFetch()
    const client = clientFor(server, { ...broker, fetch: transport.impl })
    const lakeside = client.forProvider('Lakeside Medical Transport')
    const riverside = client.forProvider(RIVERSIDE.apiKey)
    expect((await lakeside.fetch(`/api/v1/rides/getRidesByDate?date=${today()}`)).status).toBe(200)
    expect((await riverside.fetch(`/api/v1/rides/getRidesByDate?date=${today()}`)).status).toBe(200)
    const created = await riverside.trips.create({
      trip_id: 'RWV-TEST-1',
      rider_id: 'RWV-1001',
      funding_source_id: 2201,
      pickup: { complete_address: '1 Main St, Macon, GA', pickup_time: `${today()} 09:00` },
      dropoff: { complete_address: '2 Oak St, Macon, GA', appt_time: `${today()} 10:00` },
    })
    const queries = transport.sent.filter((s) => s.url.includes('getRidesByDate'))
    expect(new URL(queries[0]!.url).searchParams.get('api_key')).toBe(LAKESIDE.apiKey)
    expect(new URL(queries[1]!.url).searchParams.get('api_key')).toBe(RIVERSIDE.apiKey)
    const post = transport.sent.find((s) => s.url.endsWith('/api/v1/singletrip'))!
    expect(JSON.parse(post.body).tp_api_key).toBe(RIVERSIDE.apiKey)
    expect(created.trip_guid).toMatch(/\S/)
    expect(created).not.toHaveProperty('tp_api_key')
  })

  it('unwraps Data in the typed helpers for riders and trips', async () => {
    const server = await emulator()
    const lakeside = clientFor(server, broker).forProvider('lakeside medical transport')
    const riders = await lakeside.riders.getByRiderId('LMT-1001')
    expect(riders[0]).toMatchObject({ rider_id: 'LMT-1001' })
    const byMediroutesId = await lakeside.riders.getByMediroutesRiderId(
      riders[0]!.mediroutes_rider_id,
    )
    expect(byMediroutesId[0]!.rider_id).toBe('LMT-1001')
    const trips = await lakeside.trips.getByDate(today())
    expect(trips.length).toBeGreaterThan(0)
    expect(trips.every((t) => t.funding_source_id === 1101)).toBe(true)
    // A trip that can still change: the day's seeded mix includes final ones (performed, cancelled).
    const open = trips.find((t) => t.status === 'scheduled')!
    const trip = await lakeside.trips.get({ tripGuid: open.trip_guid })
    expect(trip.trip_guid).toBe(open.trip_guid)
    const byId = await lakeside.trips.get({ tripId: trip.trip_id! })
    expect(byId.trip_guid).toBe(trip.trip_guid)
    const changed = await lakeside.trips.updateProperties(trip.trip_guid, {
      'pickup.phone_number': '(404) 555-0199',
    })
    expect(changed?.pickup?.phone_number).toBe('(404) 555-0199')
    const updated = await lakeside.trips.update({ trip_guid: trip.trip_guid, caller: 'SDK test' })
    expect(updated?.caller).toBe('SDK test')
  })

  it('names the providers it knows, never a key, for an unknown provider', async () => {
    const server = await emulator()
    const client = clientFor(server, broker)
    const byName = (await rejectionOf(
      client.forProvider('Lakside Medical').trips.getByDate(today()),
    )) as MediRoutesAuthError
    expect(byName.code).toBe('unknown_provider')
    expect(byName.message).toContain('"Lakeside Medical Transport", "Riverside Wheelchair Vans"')
    const byKey = (await rejectionOf(
      client.forProvider('mr_live_unknown_0000000000000000').fetch('/api/v1/access'),
    )) as MediRoutesAuthError
    expect(byKey.code).toBe('unknown_provider')
    for (const error of [byName, byKey])
      for (const key of [...KEYS, 'mr_live_unknown_0000000000000000'])
        expect(`${error.message}${JSON.stringify(error)}`).not.toContain(key)
    expect(server.counters().requestsByPath['/api/v1/rides/getRidesByDate']).toBeUndefined()
  })

  it('turns a 403 into access_denied for a resource outside the claims', async () => {
    const server = await emulator()
    const lakeside = clientFor(server, broker).forProvider(LAKESIDE.name)
    // LMT-1002 bills funding source 1102, which was not shared with the broker.
    const error = (await rejectionOf(
      lakeside.riders.getByRiderId('LMT-1002'),
    )) as MediRoutesAuthError
    expect(error.code).toBe('access_denied')
    expect(error.status).toBe(403)
  })

  it('after a revoked agreement reads the claims once, then refuses that provider without calling', async () => {
    const server = await emulator({ rateLimit: false })
    const store = new MemoryTokenStore()
    const logger = recordingLogger()
    const client = clientFor(server, { ...broker, store, logger })
    const summit = client.forProvider(SUMMIT.name)
    const lakeside = client.forProvider(LAKESIDE.name)
    await summit.trips.getByDate(today())
    server.revokeAccess(BROKER_USER.username, SUMMIT.name)
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => summit.trips.getByDate(today())),
    )
    const later = await Promise.allSettled([summit.trips.getByDate(today())])
    for (const result of [...results, ...later]) {
      expect(result.status).toBe('rejected')
      expect(((result as PromiseRejectedResult).reason as MediRoutesAuthError).code).toBe(
        'access_denied',
      )
    }
    expect(accessReads(server)).toBe(2)
    const calls = server.counters().requestsByPath['/api/v1/rides/getRidesByDate']!
    expect(calls).toBeLessThanOrEqual(31)
    // The other providers keep working.
    expect((await lakeside.trips.getByDate(today())).length).toBeGreaterThan(0)
    expect(accessReads(server)).toBe(2)
    const text = `${logger.lines.join('\n')}${results.map((r) => inspect(r, { depth: 5 })).join('')}`
    for (const key of KEYS) expect(text).not.toContain(key)
  })

  it('shows the provider name, never the key, in inspect and JSON', async () => {
    const server = await emulator()
    const byKey = clientFor(server, broker).forProvider(RIVERSIDE.apiKey)
    expect(inspect(byKey)).not.toContain(RIVERSIDE.apiKey)
    expect(JSON.stringify(byKey)).not.toContain(RIVERSIDE.apiKey)
    await byKey.provider()
    expect(inspect(byKey)).toContain(RIVERSIDE.name)
    expect(JSON.stringify(await byKey.provider())).not.toContain(RIVERSIDE.apiKey)
  })

  it('refuses malformed helper arguments before any request', async () => {
    const server = await emulator()
    const lakeside = clientFor(server, broker).forProvider(LAKESIDE.name)
    expect(
      ((await rejectionOf(lakeside.trips.getByDate('12/05/2026'))) as MediRoutesAuthError).code,
    ).toBe('invalid_config')
    expect(server.counters().apiRequests).toBe(0)
  })
})
