import { describe, expect, it } from 'vitest'
import { BROKER_USER, type MockTrip } from '../src/index.js'
import { MOCK_PROVIDERS } from '../src/providers.js'
import { type TripChange, TripStore } from '../src/trip-store.js'
import { data, LAKESIDE, RIVERSIDE, startServer, v1Client } from './helpers.js'

const DATE = '2026-12-05'
const key = { api_key: LAKESIDE.apiKey }
const location = {
  location_name: 'Residence',
  address1: '55 Trinity Ave SW',
  address2: '',
  city: 'Atlanta',
  state: 'GA',
  zip: '30303',
  latitude: 33.749,
  longitude: -84.391,
}
const NEW_TRIP = {
  tp_api_key: LAKESIDE.apiKey,
  trip_id: 'LMT-NEW-1',
  rider_id: 'LMT-1005',
  funding_source_id: 1102,
  space_type: 'WC',
  pickup: { event_name: 'Keisha Barnes', event_location: location, pickup_time: `${DATE} 08:15` },
  dropoff: {
    event_name: 'Clinic',
    event_location: { ...location, location_name: 'Clinic', address1: '80 Jesse Hill Jr Dr SE' },
    appt_time: `${DATE} 09:00:00.000`,
  },
  billable_distance: 4.2,
}

async function dayOf(
  client: Awaited<ReturnType<typeof v1Client>>,
  date = DATE,
): Promise<MockTrip[]> {
  return data<MockTrip[]>(await client.get('/api/v1/rides/getRidesByDate', { ...key, date }))
}

describe('GET /api/v1/rides/getRidesByDate', () => {
  it('lists a realistic day: 6 to 12 trips by pickup time, with GUIDs, events, funding sources and statuses', async () => {
    const server = await startServer()
    const trips = await dayOf(await v1Client(server))
    expect(trips.length).toBeGreaterThanOrEqual(6)
    expect(trips.length).toBeLessThanOrEqual(12)
    for (const trip of trips) {
      expect(trip.trip_guid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      )
      expect(trip.trip_id).toMatch(/^LMT-20261205-\d{2}$/)
      expect(LAKESIDE.fundingSources.map((s) => s.id)).toContain(trip.funding_source_id)
      expect(trip.sequence).toBe(1)
      for (const event of [trip.pickup, trip.dropoff]) {
        expect(Object.keys(event).sort()).toEqual([
          'appt_time',
          'complete_address',
          'event_comment',
          'event_location',
          'event_name',
          'phone_number',
          'pickup_time',
        ])
        expect(event.complete_address).toContain(event.event_location.zip)
      }
      expect(trip.dropoff.appt_time).toMatch(/^2026-12-05 \d{2}:\d{2}:00\.000$/)
      expect(trip.cancel_reason !== undefined).toBe(trip.status === 'cancelled')
      if (trip.status === 'will_call')
        expect(trip.pickup.pickup_time).toBe('2026-12-05 23:59:00.000')
    }
    expect(trips.some((trip) => trip.status === 'scheduled')).toBe(true)
    expect(new Set(trips.map((trip) => trip.funding_source_id)).size).toBe(3)
    const times = trips.map((trip) => trip.pickup.pickup_time || trip.dropoff.appt_time)
    expect(times).toEqual([...times].sort())
  })

  it('seeds the same day on every server, a different one per date and provider, and today too', async () => {
    const a = await v1Client(await startServer())
    const b = await v1Client(await startServer())
    expect(await dayOf(a)).toEqual(await dayOf(b))
    expect(await dayOf(a, '2026-12-06')).not.toEqual(await dayOf(a))
    expect((await dayOf(a, new Date().toISOString().slice(0, 10))).length).toBeGreaterThanOrEqual(6)
    const riverside = await data<MockTrip[]>(
      await a.get('/api/v1/rides/getRidesByDate', { api_key: RIVERSIDE.apiKey, date: DATE }),
    ).catch((error: Error) => error)
    expect(riverside).toBeInstanceOf(Error) // the demo user is a client of Lakeside only
  })

  it('answers a missing or invalid date 400', async () => {
    const client = await v1Client(await startServer())
    for (const date of ['', '2026-13-01', '2026-02-30', 'today']) {
      const response = await client.get('/api/v1/rides/getRidesByDate', { ...key, date })
      expect(response.status, date).toBe(400)
      expect(((await response.json()) as { Message: string }).Message).toMatch(/date/)
    }
  })
})

describe('single trip', () => {
  it('creates a trip 201 with a trip_guid, status scheduled and sequence 1, then reads it by GUID and by trip_id', async () => {
    const server = await startServer()
    const client = await v1Client(server)
    const before = await dayOf(client)
    const created = await data<MockTrip>(
      await client.send('POST', '/api/v1/singletrip', NEW_TRIP),
      201,
    )
    expect(created).toMatchObject({
      trip_id: 'LMT-NEW-1',
      funding_source_id: 1102,
      funding_source_name: 'Peachtree Health Plan (Managed Care)',
      status: 'scheduled',
      sequence: 1,
      space_type: 'WC',
      pickup: {
        pickup_time: `${DATE} 08:15:00.000`,
        complete_address: '55 Trinity Ave SW, Atlanta, GA 30303',
      },
    })
    expect(created).not.toHaveProperty('tp_api_key')
    expect(
      await data(await client.get('/api/v1/singletrip', { ...key, trip_guid: created.trip_guid })),
    ).toEqual(created)
    expect(
      await data(await client.get('/api/v1/singletrip', { ...key, trip_id: 'LMT-NEW-1' })),
    ).toEqual(created)
    expect(await dayOf(client)).toHaveLength(before.length + 1)
    expect((await client.send('POST', '/api/v1/singletrip', NEW_TRIP)).status).toBe(409)
  })

  it('reads a seeded trip by trip_id, and answers 404 for unknown ids and 400 without one', async () => {
    const client = await v1Client(await startServer())
    const [first] = await dayOf(client)
    expect(
      await data(await client.get('/api/v1/singletrip', { ...key, trip_id: first!.trip_id })),
    ).toEqual(first)
    expect(
      (await client.get('/api/v1/singletrip', { ...key, trip_id: 'LMT-20261205-99' })).status,
    ).toBe(404)
    expect(
      (await client.get('/api/v1/singletrip', { ...key, trip_guid: crypto.randomUUID() })).status,
    ).toBe(404)
    expect((await client.get('/api/v1/singletrip', key)).status).toBe(400)
  })

  it('answers 400 with ModelState for every invalid field, and for times with an offset', async () => {
    const client = await v1Client(await startServer())
    const response = await client.send('POST', '/api/v1/singletrip', {
      tp_api_key: LAKESIDE.apiKey,
      funding_source_id: '1101',
      pickup: { pickup_time: '2026-12-05T08:15:00Z', event_location: { latitude: 'north' } },
      dropoff: 'clinic',
      billable_distance: -1,
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { ModelState: Record<string, string[]> }
    expect(Object.keys(body.ModelState).sort()).toEqual([
      'billable_distance',
      'dropoff',
      'funding_source_id',
      'pickup.event_location.latitude',
      'pickup.pickup_time',
      'rider_id',
      'trip_id',
    ])
  })

  it('answers 403 for a funding source outside the claims or of another provider', async () => {
    const server = await startServer()
    const broker = await v1Client(server, BROKER_USER)
    expect((await broker.send('POST', '/api/v1/singletrip', NEW_TRIP)).status).toBe(403)
    const demo = await v1Client(server)
    expect(
      (await demo.send('POST', '/api/v1/singletrip', { ...NEW_TRIP, funding_source_id: 2201 }))
        .status,
    ).toBe(403)
    expect(
      (await broker.send('POST', '/api/v1/singletrip', { ...NEW_TRIP, funding_source_id: 1101 }))
        .status,
    ).toBe(201)
  })

  it('PATCH updates the whole model given, keeps the GUID and bumps sequence and updated_at', async () => {
    const server = await startServer()
    const client = await v1Client(server)
    const created = await data<MockTrip>(
      await client.send('POST', '/api/v1/singletrip', NEW_TRIP),
      201,
    )
    server.clock.advance(60_000)
    const updated = await data<MockTrip>(
      await client.send('PATCH', '/api/v1/singletrip', {
        ...NEW_TRIP,
        trip_guid: created.trip_guid,
        space_type: 'AMB',
        dropoff: { ...NEW_TRIP.dropoff, appt_time: `${DATE} 09:30` },
      }),
    )
    expect(updated).toMatchObject({ trip_guid: created.trip_guid, space_type: 'AMB', sequence: 2 })
    expect(updated.dropoff.appt_time).toBe(`${DATE} 09:30:00.000`)
    expect(Date.parse(updated.updated_at)).toBeGreaterThan(Date.parse(created.updated_at))
    expect(
      (await client.send('PATCH', '/api/v1/singletrip', { tp_api_key: LAKESIDE.apiKey })).status,
    ).toBe(400)
  })
})

describe('withProperties', () => {
  it('sets documented dotted keys from string values (numbers and dates as strings), by POST and by PATCH', async () => {
    const client = await v1Client(await startServer())
    const created = await data<MockTrip>(
      await client.send('POST', '/api/v1/singletrip', NEW_TRIP),
      201,
    )
    const viaPost = await data<MockTrip>(
      await client.send('POST', '/api/v1/singletrip/withProperties', {
        tp_api_key: LAKESIDE.apiKey,
        trip_guid: created.trip_guid,
        properties: {
          'pickup.appt_time': `${DATE} 09:30:00.000`,
          'pickup.event_location.city': 'Decatur',
          'pickup.event_location.latitude': '33.7748',
          'dropoff.phone_number': '(404) 555-0199',
          billable_distance: '6.5',
        },
      }),
    )
    expect(viaPost.pickup.appt_time).toBe(`${DATE} 09:30:00.000`)
    expect(viaPost.pickup.event_location).toMatchObject({ city: 'Decatur', latitude: 33.7748 })
    expect(viaPost.dropoff.phone_number).toBe('(404) 555-0199')
    expect(viaPost.billable_distance).toBe(6.5)
    expect(viaPost.sequence).toBe(2)
    const viaPatch = await data<MockTrip>(
      await client.send('PATCH', '/api/v1/singletrip/withProperties', {
        tp_api_key: LAKESIDE.apiKey,
        trip_guid: created.trip_guid,
        properties: { 'dropoff.event_name': 'Dialysis' },
      }),
    )
    expect(viaPatch).toMatchObject({ sequence: 3, dropoff: { event_name: 'Dialysis' } })
  })

  it('answers 400 naming each key that is unknown, not a string, or not a time', async () => {
    const client = await v1Client(await startServer())
    const created = await data<MockTrip>(
      await client.send('POST', '/api/v1/singletrip', NEW_TRIP),
      201,
    )
    const response = await client.send('POST', '/api/v1/singletrip/withProperties', {
      tp_api_key: LAKESIDE.apiKey,
      trip_guid: created.trip_guid,
      properties: {
        'pickup.secret': 'x',
        'pickup.appt_time': 'tomorrow',
        'pickup.event_location.latitude': 33.7,
      },
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { ModelState: Record<string, string[]> }
    expect(Object.keys(body.ModelState).sort()).toEqual([
      'pickup.appt_time',
      'pickup.event_location.latitude',
      'pickup.secret',
    ])
    const empty = await client.send('POST', '/api/v1/singletrip/withProperties', {
      tp_api_key: LAKESIDE.apiKey,
      trip_guid: created.trip_guid,
      properties: {},
    })
    expect(empty.status).toBe(400)
    const again = await data<MockTrip>(
      await client.get('/api/v1/singletrip', { ...key, trip_guid: created.trip_guid }),
    )
    expect(again).toEqual(created)
  })
})

describe('cancel, will-call, status and cost (assumptions)', () => {
  it('cancels with a reason, then answers 409 to another cancel and to an edit', async () => {
    const client = await v1Client(await startServer())
    const created = await data<MockTrip>(
      await client.send('POST', '/api/v1/singletrip', NEW_TRIP),
      201,
    )
    const body = {
      tp_api_key: LAKESIDE.apiKey,
      trip_guid: created.trip_guid,
      reason: 'Rider hospitalized.',
    }
    const cancelled = await data<MockTrip>(
      await client.send('POST', '/api/v1/singletrip/cancel', body),
    )
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Rider hospitalized.',
      sequence: 2,
    })
    expect((await client.send('POST', '/api/v1/singletrip/cancel', body)).status).toBe(409)
    expect(
      (
        await client.send('PATCH', '/api/v1/singletrip', {
          tp_api_key: LAKESIDE.apiKey,
          trip_guid: created.trip_guid,
          caller: 'x',
        })
      ).status,
    ).toBe(409)
  })

  it('activates a will-call trip with its pickup time, and refuses a trip that is not will-call', async () => {
    const client = await v1Client(await startServer())
    const willCall = await data<MockTrip>(
      await client.send('POST', '/api/v1/singletrip', {
        ...NEW_TRIP,
        trip_id: 'LMT-RETURN-1',
        pickup: { ...NEW_TRIP.pickup, pickup_time: `${DATE} 23:59` },
      }),
      201,
    )
    expect(willCall.status).toBe('will_call')
    const body = {
      tp_api_key: LAKESIDE.apiKey,
      trip_guid: willCall.trip_guid,
      pickup_time: `${DATE} 14:10`,
    }
    const active = await data<MockTrip>(
      await client.send('POST', '/api/v1/singletrip/activateWillCall', body),
    )
    expect(active).toMatchObject({
      status: 'scheduled',
      pickup: { pickup_time: `${DATE} 14:10:00.000` },
    })
    expect((await client.send('POST', '/api/v1/singletrip/activateWillCall', body)).status).toBe(
      409,
    )
    expect(
      (
        await client.send('POST', '/api/v1/singletrip/activateWillCall', {
          ...body,
          pickup_time: '',
        })
      ).status,
    ).toBe(400)
  })

  it('reports status with sequence, driven by the control API and setTripStatus()', async () => {
    const server = await startServer()
    const client = await v1Client(server)
    const created = await data<MockTrip>(
      await client.send('POST', '/api/v1/singletrip', NEW_TRIP),
      201,
    )
    const status = async () =>
      data<{ trip_guid: string; status: string; sequence: number; updated_at: string }>(
        await client.get('/api/v1/singletrip/status', { ...key, trip_guid: created.trip_guid }),
      )
    expect(await status()).toEqual({
      trip_guid: created.trip_guid,
      status: 'scheduled',
      sequence: 1,
      updated_at: created.updated_at,
    })
    const moved = await fetch(`${server.url}/__mock/trips/status`, {
      method: 'POST',
      body: JSON.stringify({ trip_guid: created.trip_guid, status: 'arrived_pickup' }),
    })
    expect(moved.status).toBe(204)
    expect(await status()).toMatchObject({ status: 'arrived_pickup', sequence: 2 })
    server.setTripStatus(created.trip_guid, 'picked_up')
    expect(await status()).toMatchObject({ status: 'picked_up', sequence: 3 })
    const control = (body: unknown) =>
      fetch(`${server.url}/__mock/trips/status`, { method: 'POST', body: JSON.stringify(body) })
    expect((await control({ trip_guid: created.trip_guid, status: 'teleported' })).status).toBe(400)
    expect((await control({ trip_guid: crypto.randomUUID(), status: 'performed' })).status).toBe(
      404,
    )
    expect(() => server.setTripStatus('nope', 'performed')).toThrow(/nope/)
  })

  it('moves a seeded trip of today through the control API without listing it first', async () => {
    const server = await startServer()
    const today = new Date(server.clock.now()).toISOString().slice(0, 10)
    const client = await v1Client(server)
    const [trip] = await data<MockTrip[]>(
      await client.get('/api/v1/rides/getRidesByDate', { ...key, date: today }),
    )
    server.reset()
    server.setTripStatus(trip!.trip_guid, 'assigned')
    const again = await v1Client(server)
    const read = await data<MockTrip>(
      await again.get('/api/v1/singletrip', { ...key, trip_guid: trip!.trip_guid }),
    )
    expect(read).toMatchObject({ status: 'assigned', sequence: 2 })
  })

  it('breaks a trip cost down into lines that add up to the total', async () => {
    const client = await v1Client(await startServer())
    for (const trip of await dayOf(client)) {
      const cost = await data<Record<string, number>>(
        await client.get('/api/v1/rides/getTripCostBreakdown', {
          ...key,
          trip_guid: trip.trip_guid,
        }),
      )
      expect(cost.total_trip_charge).toBe(trip.total_trip_charge)
      expect(
        cost.base_rate! + cost.mileage_charge! + cost.additional_passenger_charge!,
      ).toBeCloseTo(cost.total_trip_charge!, 2)
    }
  })

  it('withrider creates the rider when new and the trip in one call', async () => {
    const client = await v1Client(await startServer())
    const { rider_id: _, ...trip } = NEW_TRIP
    const created = await data<MockTrip>(
      await client.send('POST', '/api/v1/singletrip/withrider', {
        ...trip,
        rider: { rider_id: 'LMT-7777', first_name: 'Grace', last_name: 'Hopper' },
      }),
      201,
    )
    expect(created.rider_id).toBe('LMT-7777')
    const riders = await data<unknown[]>(
      await client.get('/api/v1/riders/getByRiderId', { ...key, rider_id: 'LMT-7777' }),
    )
    expect(riders).toHaveLength(1)
    expect((await client.send('POST', '/api/v1/singletrip/withrider', { ...trip })).status).toBe(
      400,
    )
  })
})

describe('TripStore.onTripChanged', () => {
  it('announces creations and every change with the trip after it, and stops after unsubscribe', () => {
    let now = Date.parse(`${DATE}T12:00:00Z`)
    const store = new TripStore(() => now)
    const seen: TripChange[] = []
    const off = store.onTripChanged((change) => seen.push(change))
    const provider = MOCK_PROVIDERS[0]!
    const [seeded] = store.list(provider, DATE)
    now += 1000
    store.update(seeded!.trip_guid, { status: 'assigned' })
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({
      type: 'changed',
      provider,
      previousStatus: seeded!.status,
      trip: { status: 'assigned', sequence: 2 },
    })
    off()
    store.update(seeded!.trip_guid, { status: 'performed' })
    expect(seen).toHaveLength(1)
  })

  it('keeps announcing to the others when one listener throws', () => {
    const store = new TripStore(() => Date.now())
    const seen: string[] = []
    const original = console.error
    console.error = () => {}
    try {
      store.onTripChanged(() => {
        throw new Error('listener bug')
      })
      store.onTripChanged((change) => seen.push(change.type))
      const [trip] = store.list(MOCK_PROVIDERS[1]!, DATE)
      store.update(trip!.trip_guid, { caller: 'x' })
    } finally {
      console.error = original
    }
    expect(seen).toEqual(['changed'])
  })
})
