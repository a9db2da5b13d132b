import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MockServer, MockTrip, WebhookPayload } from '../src/index.js'
import { BROKER_USER } from '../src/index.js'
import { data, LAKESIDE, RIVERSIDE, startServer, type V1Client, v1Client } from './helpers.js'

/** A callback receiver on a real port: records every delivery, answers what `answer` says. */
interface Receiver {
  url: string
  received: { headers: IncomingHttpHeaders; payload: WebhookPayload }[]
  answer: number[]
}

const receivers: Server[] = []
afterEach(async () => {
  await Promise.all(
    receivers.splice(0).map((server) => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    }),
  )
})

async function receiver(): Promise<Receiver> {
  const state: Receiver = { url: '', received: [], answer: [] }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      state.received.push({
        headers: req.headers,
        payload: JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookPayload,
      })
      res.writeHead(state.answer.shift() ?? 202).end()
    })
  })
  receivers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/s3cr3t`
  return state
}

let server: MockServer
let demo: V1Client
let trip: MockTrip

async function todaysTrip(client: V1Client, apiKey = LAKESIDE.apiKey): Promise<MockTrip> {
  const date = new Date(server.clock.now()).toISOString().slice(0, 10)
  const trips = await data<MockTrip[]>(
    await client.get('/api/v1/rides/getRidesByDate', { api_key: apiKey, date }),
  )
  return trips.find((candidate) => candidate.status === 'scheduled')!
}

function subscribe(client: V1Client, body: Record<string, unknown>): Promise<Response> {
  return client.send('POST', '/api/v1/webhook/trip', {
    tp_api_key: LAKESIDE.apiKey,
    version: 1,
    ...body,
  })
}

beforeEach(async () => {
  server = await startServer({ rateLimit: false })
  server.webhooks.configure({ retryDelaysMs: [10, 20, 30] })
  demo = await v1Client(server)
  trip = await todaysTrip(demo)
})

describe('trip-level subscriptions', () => {
  it('delivers every change of the trip with the stored headers, in order', async () => {
    const hook = await receiver()
    const response = await subscribe(demo, {
      trip_guid: trip.trip_guid,
      callback_url: hook.url,
      callback_headers: { 'X-Dispatch': 'east' },
      name: 'dispatch',
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ Message: 'Subscribed' })
    server.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    await server.webhooks.idle()
    server.webhooks.advanceTrip(trip.trip_guid, 'arrived_pickup')
    await server.webhooks.idle()
    expect(hook.received.map(({ payload }) => [payload.status, payload.sequence])).toEqual([
      ['assigned', trip.sequence + 1],
      ['arrived_pickup', trip.sequence + 2],
    ])
    expect(hook.received[0]!.headers['x-dispatch']).toBe('east')
    expect(hook.received[0]!.payload).toMatchObject({
      webhook_name: 'dispatch',
      event: 'trip.changed',
      trip_guid: trip.trip_guid,
      trip_id: trip.trip_id,
      funding_source_id: trip.funding_source_id,
    })
    expect(server.webhooks.deliveries().map((d) => d.outcome)).toEqual(['delivered', 'delivered'])
  })

  it('delivers a change made through the API as well', async () => {
    const hook = await receiver()
    await subscribe(demo, { trip_guid: trip.trip_guid, callback_url: hook.url, name: 'api' })
    const cancelled = await demo.send('POST', '/api/v1/singletrip/cancel', {
      tp_api_key: LAKESIDE.apiKey,
      trip_guid: trip.trip_guid,
      reason: 'rider called',
    })
    expect(cancelled.status).toBe(200)
    await server.webhooks.idle()
    expect(hook.received.map(({ payload }) => payload.status)).toEqual(['cancelled'])
  })

  it('refuses a name used twice for the provider with 409, and frees it on unsubscribe', async () => {
    const hook = await receiver()
    const body = { trip_guid: trip.trip_guid, callback_url: hook.url, name: 'once' }
    expect((await subscribe(demo, body)).status).toBe(200)
    const again = await subscribe(demo, body)
    expect(again.status).toBe(409)
    expect(((await again.json()) as { Message: string }).Message).toMatch(/already exists/)
    const gone = await demo.send('DELETE', '/api/v1/webhook/trip', undefined, {
      api_key: LAKESIDE.apiKey,
      name: 'once',
    })
    expect(gone.status).toBe(200)
    expect((await subscribe(demo, body)).status).toBe(200)
    const unknown = await demo.send('DELETE', '/api/v1/webhook/trip', undefined, {
      api_key: LAKESIDE.apiKey,
      name: 'never',
    })
    expect(unknown.status).toBe(404)
  })

  it('answers 400 for a missing field and 403 for a trip outside the claims', async () => {
    const hook = await receiver()
    const missing = await subscribe(demo, { trip_guid: trip.trip_guid, name: 'x' })
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as { Message: string }).Message).toMatch(/callback_url/)
    const broker = await v1Client(server, BROKER_USER)
    const riverside = await todaysTrip(broker, RIVERSIDE.apiKey)
    const foreign = await subscribe(demo, {
      trip_guid: riverside.trip_guid,
      callback_url: hook.url,
      name: 'x',
    })
    expect(foreign.status).toBe(403)
    const noKey = await demo.send('POST', '/api/v1/webhook/trip', {
      trip_guid: trip.trip_guid,
      callback_url: hook.url,
      name: 'x',
      version: 1,
    })
    expect(noKey.status).toBe(400)
  })
})

describe('funding-source-level subscriptions', () => {
  it('take a form body and deliver trip.created for trips booked in the funding source', async () => {
    const hook = await receiver()
    const model = {
      funding_source_id: trip.funding_source_id,
      callback_url: hook.url,
      name: 'new-trips',
      version: 1,
    }
    const response = await fetch(`${server.url}/api/v1/webhook/newTrip`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${demo.token}` },
      body: new URLSearchParams({
        webhookNewTripModel: JSON.stringify(model),
        api_key: LAKESIDE.apiKey,
      }),
    })
    expect(response.status).toBe(200)
    const {
      trip_guid: _guid,
      status: _status,
      sequence: _sequence,
      updated_at: _at,
      ...copy
    } = trip
    const created = await demo.send('POST', '/api/v1/singletrip', {
      ...copy,
      trip_id: `${trip.trip_id}-copy`,
      tp_api_key: LAKESIDE.apiKey,
    })
    expect(created.status).toBe(201)
    await server.webhooks.idle()
    expect(hook.received.map(({ payload }) => payload.event)).toEqual(['trip.created'])
    expect(server.webhooks.subscriptions()).toEqual([
      expect.objectContaining({ type: 'newTrip', name: 'new-trips', callbackHeaderNames: [] }),
    ])
  })
})

describe('faults', () => {
  let hook: Receiver
  beforeEach(async () => {
    hook = await receiver()
    await subscribe(demo, { trip_guid: trip.trip_guid, callback_url: hook.url, name: 'faulty' })
  })
  const statuses = () => hook.received.map(({ payload }) => payload.status)

  it('duplicate sends the same delivery twice', async () => {
    server.webhooks.injectFault({ fault: { kind: 'duplicate' } })
    server.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    await server.webhooks.idle()
    expect(statuses()).toEqual(['assigned', 'assigned'])
  })

  it('drop never sends it, and says so in the log', async () => {
    server.webhooks.injectFault({ fault: { kind: 'drop' } })
    server.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    await server.webhooks.idle()
    expect(statuses()).toEqual([])
    expect(server.webhooks.deliveries()[0]).toMatchObject({ outcome: 'dropped', fault: 'drop' })
  })

  it('reorder delivers an older state after the newer one', async () => {
    server.webhooks.injectFault({ fault: { kind: 'reorder' } })
    server.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    server.webhooks.advanceTrip(trip.trip_guid, 'arrived_pickup')
    await server.webhooks.idle()
    expect(statuses()).toEqual(['arrived_pickup', 'assigned'])
  })

  it('forge follows the real delivery with a made-up state far ahead', async () => {
    server.webhooks.injectFault({ fault: { kind: 'forge', status: 'cancelled' } })
    server.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    await server.webhooks.idle()
    expect(statuses()).toEqual(['assigned', 'cancelled'])
    expect(hook.received[1]!.payload.sequence).toBeGreaterThan(trip.sequence + 100)
    expect(server.webhooks.deliveries().map((d) => d.forged)).toEqual([false, true])
  })

  it('a receiver answering 500 gets the configured retries, then the delivery is dropped', async () => {
    hook.answer.push(500, 500, 500, 500)
    server.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    await server.webhooks.idle()
    expect(statuses()).toEqual(['assigned', 'assigned', 'assigned', 'assigned'])
    const [record] = server.webhooks.deliveries()
    expect(record!.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 500, 500])
    expect(record!.outcome).toBe('failed')
  })

  it('a retry that succeeds ends the delivery', async () => {
    hook.answer.push(500)
    server.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    await server.webhooks.idle()
    expect(server.webhooks.deliveries()[0]).toMatchObject({ outcome: 'delivered' })
    expect(statuses()).toEqual(['assigned', 'assigned'])
  })

  it('delay holds the delivery', async () => {
    server.webhooks.injectFault({ fault: { kind: 'delay', ms: 50 } })
    server.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    expect(statuses()).toEqual([])
    await server.webhooks.idle()
    expect(statuses()).toEqual(['assigned'])
  })

  it('refuses an unknown fault kind', () => {
    expect(() => server.webhooks.injectFault({ fault: { kind: 'explode' } as never })).toThrow(
      /delay.*duplicate/,
    )
  })
})

describe('the control API', () => {
  it('advances a trip, forges a delivery and lists deliveries over HTTP', async () => {
    const hook = await receiver()
    await subscribe(demo, { trip_guid: trip.trip_guid, callback_url: hook.url, name: 'ctl' })
    const advanced = await fetch(`${server.url}/__mock/webhooks/advance`, {
      method: 'POST',
      body: JSON.stringify({ trip_guid: trip.trip_guid, status: 'assigned' }),
    })
    expect(advanced.status).toBe(200)
    const forged = await fetch(`${server.url}/__mock/webhooks/forge`, {
      method: 'POST',
      body: JSON.stringify({ trip_guid: trip.trip_guid, status: 'performed' }),
    })
    expect(await forged.json()).toEqual({ sent: 1 })
    await server.webhooks.idle()
    const log = (await (await fetch(`${server.url}/__mock/webhooks/deliveries`)).json()) as {
      forged: boolean
    }[]
    expect(log.map((entry) => entry.forged)).toEqual([false, true])
    const unknown = await fetch(`${server.url}/__mock/webhooks/advance`, {
      method: 'POST',
      body: JSON.stringify({ trip_guid: 'nope', status: 'assigned' }),
    })
    expect(unknown.status).toBe(404)
  })

  it('plays a day: every open trip of the day ends final, each change delivered to its subscription', async () => {
    const hook = await receiver()
    await subscribe(demo, { trip_guid: trip.trip_guid, callback_url: hook.url, name: 'day' })
    const played = server.webhooks.playDay({ speed: 86_400 * 20 })
    expect(played.changes).toBeGreaterThan(0)
    expect(await played.done).toBe(played.changes)
    await server.webhooks.idle()
    const statuses = hook.received.map(({ payload }) => payload.status)
    expect(statuses.at(-1)).toMatch(/performed|no_show/)
    expect(statuses[0]).toBe('assigned')
  })

  it('reset forgets subscriptions and the log', async () => {
    const hook = await receiver()
    await subscribe(demo, { trip_guid: trip.trip_guid, callback_url: hook.url, name: 'r' })
    server.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    await server.webhooks.idle()
    server.reset()
    expect(server.webhooks.subscriptions()).toEqual([])
    expect(server.webhooks.deliveries()).toEqual([])
  })
})
