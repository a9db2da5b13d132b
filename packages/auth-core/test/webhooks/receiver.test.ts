import { describe, expect, it, vi } from 'vitest'
import {
  callbackUrlFor,
  createTripWebhookReceiver,
  generateWebhookSecret,
  type TripChange,
  type TripWebhookClient,
  type WebhookTrip,
} from '../../src/webhooks/index.js'

/** Trips per provider as the API would answer them, and a count of reads. */
function fakeClient(trips: Map<string, WebhookTrip>) {
  const reads: string[] = []
  let accessReads = 0
  const client: TripWebhookClient = {
    async getAccess() {
      accessReads += 1
      return {
        providers: [
          { name: 'Lakeside', fundingSources: [{ id: 1 }] },
          { name: 'Riverside', fundingSources: [{ id: 2 }, { id: 3 }] },
        ],
      }
    },
    forProvider(name) {
      return {
        async fetch(input) {
          const guid = new URL(String(input), 'http://api.invalid').searchParams.get('trip_guid')!
          reads.push(`${name}:${guid}`)
          const trip = trips.get(guid)
          const owner = trip?.funding_source_id === 1 ? 'Lakeside' : 'Riverside'
          if (trip === undefined || owner !== name)
            return Response.json({ Message: 'no' }, { status: 403 })
          return Response.json({ Data: structuredClone(trip) })
        },
      }
    },
  }
  return { client, reads, accessReads: () => accessReads }
}

const secret = generateWebhookSecret()
const url = callbackUrlFor('http://receiver.test/hooks/mediroutes', secret)

function delivery(body: unknown, target = url, init: RequestInit = {}): Request {
  return new Request(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  })
}

function setup(handler?: (change: TripChange) => void | Promise<void>) {
  const trips = new Map<string, WebhookTrip>([
    ['g-1', { trip_guid: 'g-1', status: 'scheduled', sequence: 1, funding_source_id: 1 }],
    ['g-2', { trip_guid: 'g-2', status: 'assigned', sequence: 4, funding_source_id: 2 }],
  ])
  const fake = fakeClient(trips)
  const seen: TripChange[] = []
  const onError = vi.fn()
  const receive = createTripWebhookReceiver({
    client: fake.client,
    secret,
    onTripChanged: handler ?? ((change) => void seen.push(change)),
    onError,
  })
  return { trips, receive, seen, onError, ...fake }
}

describe('createTripWebhookReceiver', () => {
  it('answers 404 to a wrong path, a wrong method and a near-miss secret, without reading anything', async () => {
    const { receive, reads } = setup()
    const wrong = [
      delivery(
        { trip_guid: 'g-1', funding_source_id: 1 },
        'http://receiver.test/hooks/mediroutes/nope',
      ),
      delivery({ trip_guid: 'g-1' }, `${url.slice(0, -1)}${url.endsWith('x') ? 'y' : 'x'}`),
      delivery({ trip_guid: 'g-1' }, 'http://receiver.test/hooks/mediroutes'),
      new Request(url, { method: 'GET' }),
    ]
    for (const request of wrong) expect((await receive(request)).status).toBe(404)
    await receive.idle()
    expect(reads).toEqual([])
    expect(receive.stats()).toMatchObject({ notFound: 4, accepted: 0, reads: 0 })
  })

  it('reads the trip back with the provider that owns the funding source and hands over the trip as read', async () => {
    const { receive, seen, reads } = setup()
    const response = await receive(
      delivery({ trip_guid: 'g-2', funding_source_id: 2, status: 'performed', sequence: 99 }),
    )
    expect(response.status).toBe(202)
    await receive.idle()
    expect(reads).toEqual(['Riverside:g-2'])
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ provider: 'Riverside', status: 'assigned', sequence: 4 })
    expect(seen[0]!.notification.status).toBe('performed')
  })

  it('runs the handler once for the same state delivered twice and drops an older state', async () => {
    const { receive, seen, trips } = setup()
    const note = { trip_guid: 'g-1', funding_source_id: 1 }
    await receive(delivery(note))
    await receive.idle()
    await receive(delivery(note))
    await receive.idle()
    trips.set('g-1', { ...trips.get('g-1')!, status: 'assigned', sequence: 2 })
    await receive(delivery(note))
    await receive.idle()
    // The API answering an older state (a lagging replica) must not move the handler backwards.
    trips.set('g-1', { ...trips.get('g-1')!, status: 'scheduled', sequence: 1 })
    await receive(delivery(note))
    await receive.idle()
    expect(seen.map((change) => change.status)).toEqual(['scheduled', 'assigned'])
    expect(receive.stats()).toMatchObject({ handled: 2, duplicates: 1, stale: 1 })
  })

  it('costs at most two reads per trip for a burst of deliveries', async () => {
    const { receive, reads, seen } = setup()
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        receive(delivery({ trip_guid: 'g-1', funding_source_id: 1 })),
      ),
    )
    expect(responses.every((response) => response.status === 202)).toBe(true)
    await receive.idle()
    expect(reads.length).toBeLessThanOrEqual(2)
    expect(seen).toHaveLength(1)
  })

  it('ignores a trip outside the claims and a funding source nobody owns', async () => {
    const { receive, seen, reads } = setup()
    await receive(delivery({ trip_guid: 'g-unknown', funding_source_id: 1 }))
    await receive(delivery({ trip_guid: 'g-1', funding_source_id: 777 }))
    await receive.idle()
    expect(seen).toEqual([])
    expect(reads).toEqual(['Lakeside:g-unknown'])
    expect(receive.stats().ignored).toBe(2)
  })

  it('a forged funding source is read with the wrong key, refused, and the real one still wins', async () => {
    const { receive, seen } = setup()
    // Both arrive before the read starts, so they merge: the forged id must not hide the real one.
    await Promise.all([
      receive(delivery({ trip_guid: 'g-1', funding_source_id: 2, status: 'cancelled' })),
      receive(delivery({ trip_guid: 'g-1', funding_source_id: 1, status: 'scheduled' })),
    ])
    await receive.idle()
    expect(seen.map((change) => [change.provider, change.status])).toEqual([
      ['Lakeside', 'scheduled'],
    ])
  })

  it('reports a throwing handler with its class name, keeps answering, and retries on the next delivery', async () => {
    let calls = 0
    const { receive, onError } = setup(() => {
      calls += 1
      if (calls === 1) throw new RangeError('boom')
    })
    await receive(delivery({ trip_guid: 'g-1', funding_source_id: 1 }))
    await receive.idle()
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0]![0]).toMatchObject({
      stage: 'handler',
      tripGuid: 'g-1',
      errorName: 'RangeError',
    })
    expect((await receive(delivery({ trip_guid: 'g-1', funding_source_id: 1 }))).status).toBe(202)
    await receive.idle()
    expect(calls).toBe(2)
  })

  it('refuses a body over the limit with 413 and a non-notification with 400', async () => {
    const { receive, reads } = setup()
    const big = delivery({ trip_guid: 'g-1', padding: 'x'.repeat(20_000) })
    expect((await receive(big)).status).toBe(413)
    expect((await receive(delivery('not json'))).status).toBe(400)
    expect((await receive(delivery({ trip: 'g-1' }))).status).toBe(400)
    await receive.idle()
    expect(reads).toEqual([])
  })

  it('answers 429 with Retry-After once a source exceeds its rate', async () => {
    const { client } = fakeClient(new Map())
    const receive = createTripWebhookReceiver({
      client,
      secret,
      onTripChanged: () => {},
      rateLimit: { requests: 2, windowMs: 60_000 },
    })
    const statuses = []
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await receive(delivery({ trip_guid: `g-${i}` }), { source: '10.0.0.1' })).status,
      )
    }
    const other = await receive(delivery({ trip_guid: 'g-9' }), { source: '10.0.0.2' })
    expect(statuses).toEqual([202, 202, 429])
    expect(other.status).toBe(202)
    await receive.idle()
  })

  it('accepts the secret from a header when told so', async () => {
    const { client } = fakeClient(new Map())
    const receive = createTripWebhookReceiver({
      client,
      secret,
      secretHeader: 'X-MediRoutes-Webhook-Secret',
      onTripChanged: () => {},
    })
    const plain = 'http://receiver.test/hooks/mediroutes'
    expect((await receive(delivery({ trip_guid: 'g-1' }, plain))).status).toBe(404)
    const withHeader = delivery({ trip_guid: 'g-1' }, plain, {
      headers: { 'content-type': 'application/json', 'x-mediroutes-webhook-secret': secret },
    })
    expect((await receive(withHeader)).status).toBe(202)
    await receive.idle()
  })

  it('refuses a short secret and never echoes it', () => {
    const { client } = fakeClient(new Map())
    expect(() =>
      createTripWebhookReceiver({ client, secret: 'short-secret', onTripChanged: () => {} }),
    ).toThrow(/at least 22 characters/)
    try {
      createTripWebhookReceiver({ client, secret: 'short-secret', onTripChanged: () => {} })
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('short-secret')
    }
  })

  it('builds the callback URL from a base with or without a trailing slash', () => {
    expect(callbackUrlFor('https://x.test/hooks/', secret)).toBe(`https://x.test/hooks/${secret}`)
    expect(callbackUrlFor('https://x.test/hooks', secret)).toBe(`https://x.test/hooks/${secret}`)
    expect(generateWebhookSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('answers 503 after close and waits for accepted work', async () => {
    let release!: () => void
    const handled = new Promise<void>((resolve) => {
      release = resolve
    })
    const { receive, seen } = setup(async (change) => {
      await handled
      seen.push(change)
    })
    await receive(delivery({ trip_guid: 'g-1', funding_source_id: 1 }))
    const closing = receive.close()
    expect((await receive(delivery({ trip_guid: 'g-1', funding_source_id: 1 }))).status).toBe(503)
    release()
    await closing
    expect(seen).toHaveLength(1)
  })
})
