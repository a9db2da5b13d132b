import { createMediRoutesClient, type MediRoutesClient } from '@mediroutes/auth-core'
import {
  callbackUrlFor,
  generateWebhookSecret,
  type TripChange,
  type TripWebhookFailure,
} from '@mediroutes/auth-core/webhooks'
import {
  DEMO_USER,
  MOCK_PROVIDERS,
  type MockServer,
  type MockTrip,
  startMockServer,
} from '@mediroutes/mock-server'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HARNESSES, type ReceiverApp } from './harnesses.js'

const LAKESIDE = MOCK_PROVIDERS[0]!
const READ_PATH = '/api/v1/singletrip'
const ACCESS_PATH = '/api/v1/access'

describe.each(HARNESSES)('$name', (harness) => {
  let emulator: MockServer
  let client: MediRoutesClient
  let app: ReceiverApp
  let trip: MockTrip
  let secret: string
  let seen: TripChange[]
  let failures: TripWebhookFailure[]
  let handle: (change: TripChange) => void | Promise<void>

  /** Every delivery answered by the receiver, and everything it accepted handled. */
  const settle = async (): Promise<void> => {
    await emulator.webhooks.idle()
    await app.idle()
  }
  const statuses = () => seen.map((change) => change.status)
  const reads = (path = READ_PATH) => emulator.counters().requestsByPath[path] ?? 0

  beforeEach(async () => {
    emulator = await startMockServer({ rateLimit: false })
    emulator.webhooks.configure({ retryDelaysMs: [20, 50, 100] })
    client = createMediRoutesClient({ baseUrl: emulator.url, ...DEMO_USER })
    seen = []
    failures = []
    handle = (change) => void seen.push(change)
    secret = generateWebhookSecret()
    app = await harness.start({
      client,
      secret,
      onTripChanged: (change) => handle(change),
      onError: (failure) => void failures.push(failure),
    })
    const provider = client.forProvider(LAKESIDE.name)
    const today = new Date(emulator.clock.now()).toISOString().slice(0, 10)
    const trips = await provider.trips.getByDate(today)
    trip = trips.find((candidate) => candidate.status === 'scheduled') as unknown as MockTrip
    await provider.webhooks.subscribeTrip({
      tripGuid: trip.trip_guid,
      callbackUrl: callbackUrlFor(app.callbackBase, secret),
      name: 'dispatch-board',
    })
  })

  afterEach(async () => {
    await app.close()
    await client.close()
    await emulator.close()
  })

  it('hands every status change of a subscribed trip to the handler once, in order, as the API has it', async () => {
    const path = ['assigned', 'arrived_pickup', 'picked_up', 'arrived_dropoff', 'performed']
    for (const status of path) {
      emulator.webhooks.advanceTrip(trip.trip_guid, status)
      await settle()
    }
    expect(statuses()).toEqual(path)
    const sequences = seen.map((change) => change.sequence!)
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b))
    expect(new Set(sequences).size).toBe(sequences.length)
    expect(seen.every((change) => change.provider === LAKESIDE.name)).toBe(true)
    expect(seen[0]!.trip).toMatchObject({ trip_guid: trip.trip_guid, trip_id: trip.trip_id })
    expect(failures).toEqual([])
  })

  it('absorbs duplicated and reordered deliveries: each state once, never an older one after a newer', async () => {
    emulator.webhooks.injectFault({ fault: { kind: 'duplicate' } })
    emulator.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    await settle()
    emulator.webhooks.injectFault({ fault: { kind: 'reorder' } })
    emulator.webhooks.advanceTrip(trip.trip_guid, 'arrived_pickup')
    emulator.webhooks.advanceTrip(trip.trip_guid, 'picked_up')
    await settle()
    const delivered = emulator.webhooks.deliveries()
    // The emulator really misbehaved: a duplicate, and the older state held back until the newer went out.
    expect(delivered.map((d) => [d.payload.status, d.fault ?? null, d.outcome])).toEqual([
      ['assigned', 'duplicate', 'delivered'],
      ['assigned', 'duplicate', 'delivered'],
      ['arrived_pickup', 'reorder', 'delivered'],
      ['picked_up', null, 'delivered'],
    ])
    expect(delivered[2]!.attempts[0]!.at).toBeGreaterThanOrEqual(delivered[3]!.attempts[0]!.at)
    // Reading back after the reordered pair finds the newest state, so `arrived_pickup` is
    // never shown: the handler sees what the API has, not what the deliveries claim.
    expect(statuses()).toEqual(['assigned', 'picked_up'])
  })

  it('ends with the true trip state after forged deliveries, at one read each at most', async () => {
    emulator.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    await settle()
    const before = reads()
    expect(emulator.webhooks.forge(trip.trip_guid, 'cancelled')).toBe(1)
    await settle()
    expect(reads() - before).toBeLessThanOrEqual(1)
    emulator.webhooks.injectFault({ fault: { kind: 'forge', status: 'no_show' } })
    emulator.webhooks.advanceTrip(trip.trip_guid, 'arrived_pickup')
    await settle()
    const forged = emulator.webhooks.deliveries().filter((d) => d.forged)
    expect(forged.map((d) => [d.payload.status, d.outcome])).toEqual([
      ['cancelled', 'delivered'],
      ['no_show', 'delivered'],
    ])
    expect(statuses()).toEqual(['assigned', 'arrived_pickup'])
    expect(seen.at(-1)!.notification).toBeDefined()
  })

  it('answers a delivery to a wrong path 404 without any API call', async () => {
    await settle()
    const before = {
      reads: reads(),
      access: reads(ACCESS_PATH),
      api: emulator.counters().apiRequests,
    }
    const payload = JSON.stringify({
      trip_guid: trip.trip_guid,
      funding_source_id: trip.funding_source_id,
      status: 'cancelled',
    })
    const wrong = [
      `${app.callbackBase}/${generateWebhookSecret()}`,
      `${app.callbackBase}/${secret.slice(0, -1)}`,
      app.callbackBase,
    ]
    for (const url of wrong) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
      })
      expect(response.status).toBe(404)
    }
    await settle()
    expect({
      reads: reads(),
      access: reads(ACCESS_PATH),
      api: emulator.counters().apiRequests,
    }).toEqual(before)
    expect(seen).toEqual([])
  })

  it('reports a throwing handler, keeps answering deliveries, and hands over the next change', async () => {
    handle = (change) => {
      if (change.status === 'assigned') throw new TypeError('dispatch board offline')
      seen.push(change)
    }
    emulator.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    await settle()
    expect(failures.map((f) => [f.stage, f.errorName, f.tripGuid])).toEqual([
      ['handler', 'TypeError', trip.trip_guid],
    ])
    emulator.webhooks.advanceTrip(trip.trip_guid, 'arrived_pickup')
    await settle()
    expect(statuses()).toEqual(['arrived_pickup'])
    expect(emulator.webhooks.deliveries().map((d) => d.outcome)).toEqual(['delivered', 'delivered'])
  })
})
