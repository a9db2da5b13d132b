import { createMediRoutesClient, type MediRoutesClient } from '@mediroutes/auth-core'
import { MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { describe, expect, it } from 'vitest'
import { mediRoutes, mediRoutesProxy } from '../src/index.js'
import { app, closeAfterTest, DEMO_USER, demoOptions, emulator } from './helpers.js'

const LAKESIDE = MOCK_PROVIDERS[0]!
const RIDER = '/api/mediroutes/api/v1/riders/getByRiderId?rider_id=LMT-1001'

/** A client whose resource calls are recorded, so a test sees what left the server. */
function recordingClient(baseUrl: string): {
  client: MediRoutesClient
  sent: URL[]
  bodies: string[]
} {
  const sent: URL[] = []
  const bodies: string[] = []
  const client = createMediRoutesClient({
    baseUrl,
    ...DEMO_USER,
    fetch: async (input, init = {}) => {
      const url = new URL(input instanceof Request ? input.url : input)
      if (url.pathname.startsWith('/api/v1/') && url.pathname !== '/api/v1/access') {
        sent.push(url)
        if (init.body != null) bodies.push(await new Response(init.body).text())
      }
      return fetch(url, init)
    },
  })
  closeAfterTest(client)
  return { client, sent, bodies }
}

async function proxied(options: { useDecorated?: boolean } = {}) {
  const server = await emulator()
  const fastify = app()
  const recorded = recordingClient(server.url)
  if (options.useDecorated) await fastify.register(mediRoutes, demoOptions(server))
  await fastify.register(mediRoutesProxy, {
    prefix: '/api/mediroutes',
    provider: LAKESIDE.name,
    allow: [
      { path: '/api/v1/riders', methods: ['GET'] },
      { path: '/api/v1/singletrip', methods: ['GET', 'POST'] },
    ],
    ...(options.useDecorated ? {} : { client: recorded.client }),
  })
  return { fastify, server, ...recorded }
}

describe('mediRoutesProxy', () => {
  it("forwards an allowed GET with the provider's key added on the server", async () => {
    const { fastify, sent } = await proxied()
    const response = await fastify.inject({ method: 'GET', url: RIDER })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      Data: [expect.objectContaining({ rider_id: 'LMT-1001' })],
    })
    expect(sent.map((u) => u.pathname)).toEqual(['/api/v1/riders/getByRiderId'])
    expect(sent[0]!.searchParams.get('api_key')).toBe(LAKESIDE.apiKey)
    expect(response.body).not.toContain(LAKESIDE.apiKey)
  })

  it('uses fastify.mediroutes when no client is given', async () => {
    const { fastify } = await proxied({ useDecorated: true })
    const response = await fastify.inject({ method: 'GET', url: RIDER })
    expect(response.statusCode).toBe(200)
  })

  it('forwards a JSON body with tp_api_key added', async () => {
    const { fastify, bodies } = await proxied()
    const trip = {
      trip_id: 'FST-20300201-01',
      rider_id: 'LMT-1003',
      funding_source_id: LAKESIDE.fundingSources[0]!.id,
      space_type: 'AMB',
      pickup: { event_name: 'Home', pickup_time: '2030-02-01 14:00' },
      dropoff: { event_name: 'Clinic', appt_time: '2030-02-01 15:00' },
    }
    const response = await fastify.inject({
      method: 'POST',
      url: '/api/mediroutes/api/v1/singletrip',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(trip),
    })
    expect(response.statusCode).toBe(201)
    expect(bodies).toEqual([JSON.stringify({ ...trip, tp_api_key: LAKESIDE.apiKey })])
  })

  it.each([
    ['a path outside the allowlist', 'GET', '/api/mediroutes/api/v1/users', 404, 'not_found'],
    [
      '.. out of the allowlist',
      'GET',
      '/api/mediroutes/api/v1/riders/..%2F..%2Ftoken',
      404,
      'not_found',
    ],
    [
      'a method not allowed',
      'DELETE',
      '/api/mediroutes/api/v1/riders/x',
      405,
      'method_not_allowed',
    ],
    ['a browser-sent api_key', 'GET', `${RIDER}&api_key=stolen`, 400, 'api_key_refused'],
  ] as const)('refuses %s without calling MediRoutes', async (_case, method, url, status, code) => {
    const { fastify, sent } = await proxied()
    const response = await fastify.inject({ method, url })
    expect(response.statusCode).toBe(status)
    expect(response.json().error.code).toBe(code)
    expect(sent).toEqual([])
  })

  it('refuses a body over bodyLimit with the core answer', async () => {
    const server = await emulator()
    const fastify = app()
    const { client } = recordingClient(server.url)
    await fastify.register(mediRoutesProxy, {
      prefix: '/p',
      client,
      bodyLimit: 8,
      allow: [{ path: '/api/v1/singletrip', methods: ['POST'] }],
    })
    const response = await fastify.inject({
      method: 'POST',
      url: '/p/api/v1/singletrip',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ trip_id: 'too-long-for-eight-bytes' }),
    })
    expect(response.statusCode).toBe(413)
    expect(response.json().error.code).toBe('payload_too_large')
  })

  it('answers 413 over real HTTP too: the rest of the body is drained, not the socket destroyed', async () => {
    const server = await emulator()
    const fastify = app()
    const { client, sent } = recordingClient(server.url)
    await fastify.register(mediRoutesProxy, {
      prefix: '/p',
      client,
      bodyLimit: 1024,
      allow: [{ path: '/api/v1/singletrip', methods: ['POST'] }],
    })
    const url = await fastify.listen({ port: 0, host: '127.0.0.1' })
    const response = await fetch(`${url}/p/api/v1/singletrip`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notes: 'x'.repeat(200_000) }),
    })
    expect(response.status).toBe(413)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'payload_too_large',
    )
    expect(sent).toEqual([])
  })

  it('sends back no token or key in any header or the body', async () => {
    const { fastify, client } = await proxied()
    const response = await fastify.inject({ method: 'GET', url: RIDER })
    const token = await client.getAccessToken()
    const everything = JSON.stringify(response.headers) + response.body
    expect(everything).not.toContain(token)
    expect(everything).not.toContain(LAKESIDE.apiKey)
    expect(fastify.logs.text()).not.toContain(LAKESIDE.apiKey)
  })
})
