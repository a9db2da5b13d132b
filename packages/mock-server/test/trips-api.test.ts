import { beforeEach, describe, expect, it } from 'vitest'
import type { MockServer, Rider, Trip } from '../src/index.js'
import { apiGet, apiSend, login, startServer } from './helpers.js'

let server: MockServer
let token: string

beforeEach(async () => {
  server = await startServer({ rateLimit: false })
  token = (await login(server.url)).access_token
})

const get = (path: string) => apiGet(server.url, path, token)
const send = (method: string, path: string, body?: unknown) =>
  apiSend(server.url, method, path, token, body)

async function tripsOn(date: string): Promise<Trip[]> {
  const response = await get(`/api/trips?date=${date}`)
  expect(response.status).toBe(200)
  return (await response.json()) as Trip[]
}

const ADDRESS = { street: '55 Trinity Ave SW', city: 'Atlanta', state: 'GA', zip: '30303' }
const NEW_TRIP = {
  tripDate: '2024-06-01',
  riderId: 'R-1005',
  pickup: { address: ADDRESS, time: '2024-06-01T13:00:00Z' },
  dropoff: {
    address: { ...ADDRESS, street: '80 Jesse Hill Jr Dr SE' },
    time: '2024-06-01T13:45:00-00:00',
  },
  mobilityType: 'Wheelchair',
}

describe('GET /api/trips?date=', () => {
  it('lists 6 to 12 trips of that date, sorted by pickup time, with ids that encode the date', async () => {
    const trips = await tripsOn('2024-06-01')
    expect(trips.length).toBeGreaterThanOrEqual(6)
    expect(trips.length).toBeLessThanOrEqual(12)
    const times = trips.map((trip) => trip.pickup.time)
    expect(times).toEqual([...times].sort())
    for (const trip of trips) {
      expect(trip.id).toMatch(/^T-20240601-\d{2}$/)
      expect(trip.tripDate).toBe('2024-06-01')
      expect(['Ambulatory', 'Wheelchair', 'Stretcher']).toContain(trip.mobilityType)
      expect([
        'Scheduled',
        'Assigned',
        'EnRoute',
        'PickedUp',
        'Completed',
        'Cancelled',
        'NoShow',
      ]).toContain(trip.status)
      expect(trip.rider.id).toMatch(/^R-10(0[1-9]|1\d|20)$/)
      expect(Object.keys(trip.pickup.address).sort()).toEqual(['city', 'state', 'street', 'zip'])
      expect(Date.parse(trip.dropoff.time)).toBeGreaterThan(Date.parse(trip.pickup.time))
      expect(typeof trip.willCall).toBe('boolean')
      expect(trip.cancellationReason !== undefined).toBe(trip.status === 'Cancelled')
      expect(Number.isFinite(Date.parse(trip.updatedAt))).toBe(true)
    }
    expect(trips.some((trip) => trip.status === 'Scheduled')).toBe(true)
  })

  it('generates the same trips for a date on every server, and trips for any date including today', async () => {
    const other = await startServer()
    const otherToken = (await login(other.url)).access_token
    const again = (await (
      await apiGet(other.url, '/api/trips?date=2024-06-01', otherToken)
    ).json()) as Trip[]
    expect(again).toEqual(await tripsOn('2024-06-01'))
    expect(await tripsOn('2024-06-02')).not.toEqual(again)
    const today = new Date(server.clock.now()).toISOString().slice(0, 10)
    expect((await tripsOn(today)).length).toBeGreaterThanOrEqual(6)
    expect((await tripsOn('1999-12-31')).length).toBeGreaterThanOrEqual(6)
  })

  it('answers a missing or invalid date 400 with a field error', async () => {
    for (const query of ['', '?date=', '?date=2024-13-01', '?date=2024-02-30', '?date=June%201']) {
      const response = await get(`/api/trips${query}`)
      expect(response.status, query).toBe(400)
      const body = (await response.json()) as { message: string; errors: { date: string[] } }
      expect(body.message).toMatch(/date/)
      expect(body.errors.date[0]).toMatch(/2024-06-01/)
    }
  })
})

describe('GET /api/trips/:id', () => {
  it('answers a listed trip, and 404 with a message for an unknown id', async () => {
    const [first] = await tripsOn('2024-06-01')
    const response = await get(`/api/trips/${first!.id}`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(first)
    for (const id of ['T-20240601-99', 'T-20240230-01', 'nonsense']) {
      const missing = await get(`/api/trips/${id}`)
      expect(missing.status).toBe(404)
      expect(await missing.json()).toEqual({ message: `Trip ${id} not found.` })
    }
  })
})

describe('POST /api/trips', () => {
  it('creates a Scheduled trip with the rider and funding defaults, 201 and Location', async () => {
    const before = await tripsOn('2024-06-01')
    const response = await send('POST', '/api/trips', NEW_TRIP)
    expect(response.status).toBe(201)
    const trip = (await response.json()) as Trip
    expect(trip.id).toBe(`T-20240601-${String(before.length + 1).padStart(2, '0')}`)
    expect(response.headers.get('location')).toBe(`${server.url}/api/trips/${trip.id}`)
    expect(trip).toMatchObject({
      tripDate: '2024-06-01',
      status: 'Scheduled',
      mobilityType: 'Wheelchair',
      fundingSource: 'Medicaid',
      rider: { id: 'R-1005', firstName: 'Keisha', lastName: 'Barnes' },
      pickup: { address: ADDRESS, time: '2024-06-01T13:00:00.000Z' },
      dropoff: { time: '2024-06-01T13:45:00.000Z' },
      willCall: false,
    })
    expect(Math.abs(Date.parse(trip.updatedAt) - server.clock.now())).toBeLessThan(5_000)
    expect(await (await get(`/api/trips/${trip.id}`)).json()).toEqual(trip)
    const after = await tripsOn('2024-06-01')
    expect(after).toHaveLength(before.length + 1)
    expect(after.map((t) => t.pickup.time)).toEqual(after.map((t) => t.pickup.time).sort())
  })

  it('keeps an explicit fundingSource, willCall and notes', async () => {
    const response = await send('POST', '/api/trips', {
      ...NEW_TRIP,
      fundingSource: 'Private Pay',
      willCall: true,
      notes: 'Return leg',
    })
    expect(await response.json()).toMatchObject({
      fundingSource: 'Private Pay',
      willCall: true,
      notes: 'Return leg',
    })
  })

  it('answers 400 with an error per invalid field', async () => {
    const response = await send('POST', '/api/trips', {
      tripDate: '2024-02-30',
      riderId: 'R-9999',
      pickup: { address: { ...ADDRESS, state: 'Georgia', zip: '303' }, time: 'tomorrow' },
      dropoff: { time: '2024-06-01T15:00:00Z' },
      mobilityType: 'Bicycle',
      willCall: 'yes',
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { message: string; errors: Record<string, string[]> }
    expect(body.message).toBe('The request is invalid.')
    expect(Object.keys(body.errors).sort()).toEqual([
      'dropoff.address',
      'mobilityType',
      'pickup.address.state',
      'pickup.address.zip',
      'pickup.time',
      'riderId',
      'tripDate',
      'willCall',
    ])
    expect(body.errors.riderId).toEqual(['Rider R-9999 does not exist.'])
  })

  it('answers 400 for missing fields, a dropoff before the pickup, a non-object or a non-JSON body', async () => {
    const empty = (await (await send('POST', '/api/trips', {})).json()) as {
      errors: Record<string, string[]>
    }
    expect(Object.keys(empty.errors).sort()).toEqual([
      'dropoff',
      'mobilityType',
      'pickup',
      'riderId',
      'tripDate',
    ])

    const backwards = await send('POST', '/api/trips', {
      ...NEW_TRIP,
      dropoff: { ...NEW_TRIP.dropoff, time: '2024-06-01T12:00:00Z' },
    })
    expect(Object.keys(((await backwards.json()) as { errors: object }).errors)).toEqual([
      'dropoff.time',
    ])

    const array = await send('POST', '/api/trips', [NEW_TRIP])
    expect(array.status).toBe(400)
    const notJson = await send('POST', '/api/trips', '{"tripDate": ')
    expect(notJson.status).toBe(400)
    expect(await notJson.json()).toEqual({
      message: 'The request body is not valid JSON.',
      errors: { body: ['The body must be valid JSON.'] },
    })
  })
})

describe('PATCH /api/trips/:id/status and POST /api/trips/:id/cancel', () => {
  async function scheduledTrip(): Promise<Trip> {
    return (await (await send('POST', '/api/trips', NEW_TRIP)).json()) as Trip
  }

  it('moves a trip along its lifecycle and keeps the change', async () => {
    const trip = await scheduledTrip()
    server.clock.advance(60_000)
    const response = await send('PATCH', `/api/trips/${trip.id}/status`, { status: 'EnRoute' })
    expect(response.status).toBe(200)
    const updated = (await response.json()) as Trip
    expect(updated.status).toBe('EnRoute')
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(trip.updatedAt))
    expect(((await (await get(`/api/trips/${trip.id}`)).json()) as Trip).status).toBe('EnRoute')
  })

  it('changes a generated trip too, visible in the list', async () => {
    const trips = await tripsOn('2024-06-01')
    const scheduled = trips.find((trip) => trip.status === 'Scheduled')!
    await send('PATCH', `/api/trips/${scheduled.id}/status`, { status: 'Assigned' })
    const after = await tripsOn('2024-06-01')
    expect(after.find((trip) => trip.id === scheduled.id)?.status).toBe('Assigned')
    expect(after).toHaveLength(trips.length)
  })

  it('answers 400 for an unknown status, 404 for an unknown trip, 409 out of Completed', async () => {
    const trip = await scheduledTrip()
    const invalid = await send('PATCH', `/api/trips/${trip.id}/status`, { status: 'Teleported' })
    expect(invalid.status).toBe(400)
    expect(Object.keys(((await invalid.json()) as { errors: object }).errors)).toEqual(['status'])
    expect(
      (await send('PATCH', '/api/trips/T-20240601-99/status', { status: 'Assigned' })).status,
    ).toBe(404)

    await send('PATCH', `/api/trips/${trip.id}/status`, { status: 'Completed' })
    const conflict = await send('PATCH', `/api/trips/${trip.id}/status`, { status: 'Scheduled' })
    expect(conflict.status).toBe(409)
    expect(((await conflict.json()) as { message: string }).message).toContain(trip.id)
  })

  it('cancels with a reason, then answers 409 to a second cancel and to a status change', async () => {
    const trip = await scheduledTrip()
    const response = await send('POST', `/api/trips/${trip.id}/cancel`, {
      reason: 'Rider feels unwell.',
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      status: 'Cancelled',
      cancellationReason: 'Rider feels unwell.',
    })

    const again = await send('POST', `/api/trips/${trip.id}/cancel`)
    expect(again.status).toBe(409)
    expect(await again.json()).toEqual({ message: `Trip ${trip.id} is already cancelled.` })
    expect(
      (await send('PATCH', `/api/trips/${trip.id}/status`, { status: 'Assigned' })).status,
    ).toBe(409)
  })

  it('cancels without a body, refuses a Completed trip, and checks the reason', async () => {
    const trip = await scheduledTrip()
    expect((await send('POST', `/api/trips/${trip.id}/cancel`, { reason: 42 })).status).toBe(400)
    const cancelled = await send('POST', `/api/trips/${trip.id}/cancel`)
    expect(((await cancelled.json()) as Trip).status).toBe('Cancelled')

    const done = await scheduledTrip()
    await send('PATCH', `/api/trips/${done.id}/status`, { status: 'Completed' })
    expect((await send('POST', `/api/trips/${done.id}/cancel`)).status).toBe(409)
    expect((await send('POST', '/api/trips/T-20240601-99/cancel')).status).toBe(404)
  })

  it('forgets every change on reset()', async () => {
    const original = await tripsOn('2024-06-01')
    await send('POST', '/api/trips', NEW_TRIP)
    await send('POST', `/api/trips/${original.find((t) => t.status === 'Scheduled')!.id}/cancel`)
    server.reset()
    token = (await login(server.url)).access_token
    expect(await tripsOn('2024-06-01')).toEqual(original)
  })
})

describe('riders', () => {
  it('GET /api/riders/:id answers a rider with contact and mobility details, 404 otherwise', async () => {
    const response = await get('/api/riders/R-1001')
    expect(response.status).toBe(200)
    const rider = (await response.json()) as Rider
    expect(Object.keys(rider).sort()).toEqual([
      'dateOfBirth',
      'firstName',
      'fundingSource',
      'homeAddress',
      'id',
      'lastName',
      'mobilityType',
      'phone',
    ])
    expect(rider.id).toBe('R-1001')
    expect(rider.dateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const missing = await get('/api/riders/R-0001')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ message: 'Rider R-0001 not found.' })
  })

  it('GET /api/riders lists the pool of 20', async () => {
    const riders = (await (await get('/api/riders')).json()) as Rider[]
    expect(riders.map((rider) => rider.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `R-${1001 + i}`),
    )
  })
})

describe('routing', () => {
  it('answers a known path with another method 405 and Allow, before authentication', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/api/trips', 'GET, POST'],
      ['PUT', '/api/trips/T-20240601-01', 'GET'],
      ['GET', '/api/trips/T-20240601-01/status', 'PATCH'],
      ['GET', '/api/trips/T-20240601-01/cancel', 'POST'],
      ['POST', '/api/riders/R-1001', 'GET'],
    ]
    for (const [method, path, allow] of cases) {
      const response = await fetch(`${server.url}${path}`, { method })
      expect(response.status, `${method} ${path}`).toBe(405)
      expect(response.headers.get('allow')).toBe(allow)
    }
  })

  it('answers an unknown path 404 JSON', async () => {
    for (const path of ['/api/unknown', '/nothing/here', '/']) {
      const response = await get(path)
      expect(response.status, path).toBe(404)
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      expect(((await response.json()) as { message: string }).message).toContain(path)
    }
  })

  it('answers a body over 1 MiB 413', async () => {
    const response = await send('POST', '/api/trips', { notes: 'x'.repeat(1024 * 1024 + 1) })
    expect(response.status).toBe(413)
    // The connection still serves the next request.
    expect((await get('/api/riders/R-1001')).status).toBe(200)
    const chunked = await fetch(`${server.url}/api/trips`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: new Blob(['x'.repeat(1024 * 1024 + 10)]).stream(),
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
    expect(server.counters().apiByStatus[413]).toBe(2)
  })
})
