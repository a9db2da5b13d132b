import { BROKER_USER, MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { describe, expect, it } from 'vitest'
import { createRequestBudget } from '../src/index.js'
import { clientFor, emulator } from './helpers.js'

const broker = { username: BROKER_USER.username, password: BROKER_USER.password }
const LAKESIDE = MOCK_PROVIDERS[0]!.name
const today = () => new Date().toISOString().slice(0, 10)

describe('API rate limits', () => {
  it('absorbs 429s under the per-minute reading: every idempotent call succeeds', async () => {
    const server = await emulator({ rateLimit: { per: 'minute', api: 10 } })
    const client = clientFor(server, broker)
    const lakeside = client.forProvider(LAKESIDE)
    await lakeside.trips.getByDate(today())
    // Two seconds before the window closes: the 429s say so, and the test waits two seconds, not sixty.
    server.clock.advance(58_000)
    const calls = Array.from({ length: 16 }, () => lakeside.trips.getByDate(today()))
    const results = await Promise.allSettled(calls)
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    const counters = server.counters()
    expect(counters.rateLimited).toBeGreaterThan(0)
    expect(counters.apiByStatus[200]).toBe(1 + 1 + 16) // access, the first call, the burst
  })

  it('pauses every caller of a shared budget after one 429', async () => {
    const server = await emulator({ rateLimit: { per: 'second', api: 5 } })
    // A budget that never limits by itself, so only the pause can hold callers back.
    const apiRateLimit = createRequestBudget({ requests: 1000, windowMs: 1000 })
    const client = clientFor(server, { ...broker, apiRateLimit })
    const lakeside = client.forProvider(LAKESIDE)
    await client.getAccess()
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => lakeside.trips.getByDate(today())),
    )
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    // Without the shared pause each of the 20 would meet a 429 in every window it retried in.
    expect(server.counters().rateLimited).toBeLessThan(40)
  })

  it('retries a POST after a 429, which means it was not processed, and creates it once', async () => {
    const server = await emulator({ rateLimit: { per: 'second', api: 4 } })
    const client = clientFor(server, { ...broker, apiRateLimit: false })
    const riverside = client.forProvider('Riverside Wheelchair Vans')
    await client.getAccess()
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        riverside.trips.create({
          trip_id: `RWV-RL-${i}`,
          rider_id: 'RWV-1001',
          funding_source_id: 2201,
          pickup: { complete_address: '1 Main St, Macon, GA', pickup_time: `${today()} 09:00` },
          dropoff: { complete_address: '2 Oak St, Macon, GA', appt_time: `${today()} 10:00` },
        }),
      ),
    )
    expect(new Set(created.map((t) => t.trip_guid)).size).toBe(8)
    const counters = server.counters()
    expect(counters.rateLimited).toBeGreaterThan(0)
    expect(counters.apiByStatus[201]).toBe(8)
    expect(counters.apiByStatus[409] ?? 0).toBe(0)
  })

  it('gives up after maxRateLimitWaitMs and reports rate_limited from the typed helpers', async () => {
    const server = await emulator({ rateLimit: { per: 'minute', api: 2 } })
    const client = clientFor(server, { ...broker, maxRateLimitWaitMs: 0 })
    const lakeside = client.forProvider(LAKESIDE)
    await lakeside.trips.getByDate(today())
    const error = await lakeside.trips.getByDate(today()).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'rate_limited', status: 429 })
  })
})
