import { BROKER_USER, MOCK_PROVIDERS, type MockServer } from '@mediroutes/mock-server'
import { describe, expect, it, vi } from 'vitest'
import type { MediRoutesClient } from '../src/index.js'
import {
  createMediRoutesProxy,
  type MediRoutesProxy,
  type MediRoutesProxyOptions,
  type MediRoutesProxyTarget,
} from '../src/proxy/index.js'
import { clientFor, emulator, LAKESIDE, recordingLogger } from './helpers.js'

const APP = 'http://app.test'
const MOUNT = '/api/mediroutes'
const RIVERSIDE = MOCK_PROVIDERS[1]!
const TODAY = new Date().toISOString().slice(0, 10)
const broker = { username: BROKER_USER.username, password: BROKER_USER.password }

/** One request the client sent, as it left the process. */
interface Sent {
  method: string
  url: URL
  headers: Headers
  body: string
}

/** A transport that records what leaves the process; `reply` may answer instead of the emulator. */
function recordingFetch(reply?: (sent: Sent) => Response | undefined) {
  const sent: Sent[] = []
  const transport = async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : input)
    const body = init.body == null ? '' : await new Response(init.body).text()
    const record = {
      method: (init.method ?? 'GET').toUpperCase(),
      url,
      headers: new Headers(init.headers),
      body,
    }
    sent.push(record)
    const replied = reply?.(record)
    if (replied !== undefined) return replied
    return fetch(url, { ...init, body: body === '' ? undefined : body })
  }
  const isResource = (r: Sent) =>
    !r.url.pathname.endsWith('/token') && r.url.pathname !== '/api/v1/access'
  return Object.assign(transport as typeof fetch, {
    sent,
    /** Calls to resources: neither token nor claims requests. */
    api: () => sent.filter(isResource),
  })
}

interface Setup {
  server: MockServer
  client: MediRoutesClient
  proxy: MediRoutesProxy
  transport: ReturnType<typeof recordingFetch>
}

async function setup(
  options: Partial<MediRoutesProxyOptions> = {},
  reply?: (sent: Sent) => Response | undefined,
  account: { username: string; password: string } | undefined = undefined,
): Promise<Setup> {
  const server = await emulator()
  const transport = recordingFetch(reply)
  const client = clientFor(server, { fetch: transport, ...account })
  const proxy = createMediRoutesProxy({
    client,
    mountPath: MOUNT,
    provider: LAKESIDE.name,
    allow: [
      { path: '/api/v1/rides/getRidesByDate', methods: ['GET'] },
      { path: '/api/v1/singletrip', methods: ['GET', 'POST', 'PATCH'] },
      { path: '/api/v1/riders', methods: ['GET'] },
      { path: '/api/v1/access', methods: ['GET'], provider: undefined },
    ],
    ...options,
  })
  return { server, client, proxy, transport }
}

function call(proxy: MediRoutesProxy, method: string, path: string, init: RequestInit = {}) {
  return proxy(new Request(`${APP}${MOUNT}${path}`, { method, ...init }))
}

async function readAll(response: Response): Promise<{ text: string; error?: unknown }> {
  const reader = response.body!.getReader()
  let text = ''
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { text }
      text += new TextDecoder().decode(value)
    }
  } catch (error) {
    return { text, error }
  }
}

describe('createMediRoutesProxy: provider keys', () => {
  it("adds the rule's provider key on the server, as api_key on a GET", async () => {
    const { proxy, transport, client } = await setup()
    const response = await call(proxy, 'GET', `/api/v1/rides/getRidesByDate?date=${TODAY}`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { Data: { funding_source_id: number }[] }
    expect(body.Data.length).toBeGreaterThan(0)
    const [sent] = transport.api()
    expect(sent?.url.pathname).toBe('/api/v1/rides/getRidesByDate')
    expect(sent?.url.searchParams.get('api_key')).toBe(LAKESIDE.apiKey)
    expect(sent?.url.searchParams.get('date')).toBe(TODAY)
    expect(sent?.headers.get('authorization')).toBe(`Bearer ${await client.getAccessToken()}`)
  })

  it('adds it as tp_api_key to a JSON body', async () => {
    const { proxy, transport } = await setup()
    const trips = (await (
      await call(proxy, 'GET', `/api/v1/rides/getRidesByDate?date=${TODAY}`)
    ).json()) as { Data: { trip_guid: string; status: string }[] }
    const trip = trips.Data.find((t) => t.status === 'scheduled')!
    const properties = { 'pickup.event_comment': 'Ring twice' }
    const response = await call(proxy, 'POST', '/api/v1/singletrip/withProperties', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trip_guid: trip.trip_guid, properties }),
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { Data: { pickup: unknown } }).Data.pickup).toMatchObject({
      event_comment: 'Ring twice',
    })
    const sent = transport.api().at(-1)!
    expect(JSON.parse(sent.body)).toEqual({
      trip_guid: trip.trip_guid,
      properties,
      tp_api_key: LAKESIDE.apiKey,
    })
    expect(sent.url.searchParams.has('api_key')).toBe(false)
  })

  it('takes the provider from a function of the request, per rule', async () => {
    const provider = vi.fn((request: Request, _target: MediRoutesProxyTarget) =>
      new URL(request.url).searchParams.get('date') === TODAY ? RIVERSIDE.name : LAKESIDE.name,
    )
    const { proxy, transport } = await setup(
      {
        allow: [{ path: '/api/v1/rides', methods: ['GET'], provider }],
      },
      undefined,
      broker,
    )
    const response = await call(proxy, 'GET', `/api/v1/rides/getRidesByDate?date=${TODAY}`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { Data: { funding_source_id: number }[] }
    expect(new Set(body.Data.map((t) => t.funding_source_id))).toEqual(new Set([2201, 2202]))
    expect(provider.mock.calls[0]?.[1]).toEqual({
      method: 'GET',
      path: '/api/v1/rides/getRidesByDate',
    })
    expect(transport.api()[0]?.url.searchParams.get('api_key')).toBe(RIVERSIDE.apiKey)
  })

  it.each([
    ['the query', '?date=2026-12-05&api_key=mr_live_guess', undefined, undefined],
    ['the query, in capitals', '?API_KEY=x', undefined, undefined],
    ['a JSON body', '', JSON.stringify({ trip_guid: 'g', tp_api_key: 'x' }), 'application/json'],
    ['a JSON body, any case', '', JSON.stringify({ Tp_Api_Key: 'x' }), 'text/plain'],
    ['a form body', '', 'api_key=x&trip_guid=g', 'application/x-www-form-urlencoded'],
  ])(
    'refuses a browser request carrying its own key in %s with 400 api_key_refused',
    async (_case, query, body, type) => {
      const logger = recordingLogger()
      const { proxy, transport } = await setup({ logger })
      const method = body === undefined ? 'GET' : 'POST'
      const path = body === undefined ? '/api/v1/rides/getRidesByDate' : '/api/v1/singletrip'
      const response = await call(proxy, method, `${path}${query}`, {
        ...(body === undefined ? {} : { body, headers: { 'content-type': type! } }),
      })
      expect(response.status).toBe(400)
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'api_key_refused',
      )
      expect(transport.sent).toEqual([])
      expect(logger.lines.join('\n')).toMatch(/carried a provider API key; refused/)
      expect(logger.lines.join('\n')).not.toContain('mr_live_guess')
    },
  )

  it('answers a provider the claims do not list as toHttpError says: 403 unknown_provider', async () => {
    const { proxy } = await setup({ provider: 'Lakside' })
    const response = await call(proxy, 'GET', `/api/v1/rides/getRidesByDate?date=${TODAY}`)
    expect(response.status).toBe(403)
    const body = await response.text()
    expect(JSON.parse(body)).toMatchObject({ statusCode: 403, code: 'unknown_provider' })
    for (const provider of MOCK_PROVIDERS) expect(body).not.toContain(provider.apiKey)
  })

  it('withholds a response that echoes any provider key the client knows, not only the one used', async () => {
    const logger = recordingLogger()
    const { proxy } = await setup(
      { logger, allow: [{ path: '/api/v1/riders', methods: ['GET'], provider: LAKESIDE.name }] },
      (sent) =>
        sent.url.pathname.startsWith('/api/v1/riders')
          ? Response.json({ Data: [{ note: `see ${RIVERSIDE.apiKey}` }] })
          : undefined,
      broker,
    )
    const response = await call(proxy, 'GET', '/api/v1/riders/getByRiderId?rider_id=LMT-1001')
    const { text, error } = await readAll(response)
    expect(String(error)).toMatch(/contained a MediRoutes secret/)
    expect(text).not.toContain(RIVERSIDE.apiKey.slice(0, 12))
    expect(logger.lines.join('\n')).toMatch(/held a secret; withheld/)
    expect(logger.lines.join('\n')).not.toContain(RIVERSIDE.apiKey)
  })

  it('withholds the access claims themselves: they list every key', async () => {
    const { proxy } = await setup()
    const response = await call(proxy, 'GET', '/api/v1/access')
    expect(response.status).toBe(200)
    const { text, error } = await readAll(response)
    expect(error).toBeDefined()
    expect(text).not.toContain(LAKESIDE.apiKey)
  })
})

describe('createMediRoutesProxy: what it sends back (issue 17, items 4 and 5)', () => {
  it('drops a rewritten Location that holds the token', async () => {
    let token = ''
    const { proxy, client } = await setup({}, (sent) =>
      sent.url.pathname === '/api/v1/singletrip'
        ? Response.json(
            { Data: { trip_id: '1' } },
            {
              status: 201,
              headers: { location: `/api/v1/singletrip?trip_id=1&access_token=${token}` },
            },
          )
        : undefined,
    )
    token = await client.getAccessToken()
    const response = await call(proxy, 'POST', '/api/v1/singletrip', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trip_id: '1' }),
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('location')).toBeNull()
    for (const [, value] of response.headers) expect(value).not.toContain(token)
  })

  it('rewrites a clean Location onto the proxy', async () => {
    const { proxy } = await setup({}, (sent) =>
      sent.url.pathname === '/api/v1/singletrip'
        ? new Response('{}', {
            status: 201,
            headers: {
              location: '/api/v1/singletrip?trip_id=1',
              'content-type': 'application/json',
            },
          })
        : undefined,
    )
    const response = await call(proxy, 'POST', '/api/v1/singletrip', {
      headers: { 'content-type': 'application/json' },
      body: '{"trip_id":"1"}',
    })
    expect(response.headers.get('location')).toBe(`${MOUNT}/api/v1/singletrip?trip_id=1`)
  })

  it("never copies MediRoutes' status text", async () => {
    let token = ''
    const { proxy, client } = await setup({}, (sent) =>
      sent.url.pathname.startsWith('/api/v1/rides')
        ? Response.json({ Data: [] }, { status: 200, statusText: `OK ${token}` })
        : undefined,
    )
    token = await client.getAccessToken()
    const response = await call(proxy, 'GET', `/api/v1/rides/getRidesByDate?date=${TODAY}`)
    expect(response.status).toBe(200)
    expect(response.statusText).not.toContain(token)
    expect(response.statusText).toBe('')
  })
})

describe('createMediRoutesProxy: paths', () => {
  it('reads the MediRoutes path below mountPath, or from segments an adapter passes', async () => {
    const { proxy, transport } = await setup()
    const below = await call(
      proxy,
      'GET',
      '/api/v1/singletrip/..%2Friders/getByRiderId?rider_id=LMT-1002',
    )
    expect(below.status).toBe(200)
    const segments = await proxy(new Request(`${APP}/anything?rider_id=LMT-1003`), {
      segments: ['api', 'v1', 'riders', 'getByRiderId'],
    })
    expect(segments.status).toBe(200)
    expect(transport.api().map((r) => r.url.pathname)).toEqual([
      '/api/v1/riders/getByRiderId',
      '/api/v1/riders/getByRiderId',
    ])
    expect((await proxy(new Request(`${APP}/elsewhere/api/v1/riders`))).status).toBe(404)
  })

  it('takes the request path as the MediRoutes path when mounted at the root', async () => {
    const server = await emulator()
    const proxy = createMediRoutesProxy({
      client: clientFor(server),
      allow: ['/api/v1/riders'],
      provider: LAKESIDE.name,
    })
    const response = await proxy(new Request(`${APP}/api/v1/riders/getByRiderId?rider_id=LMT-1001`))
    expect(((await response.json()) as { Data: { rider_id: string }[] }).Data[0]?.rider_id).toBe(
      'LMT-1001',
    )
  })

  it.each([
    ['a path outside the allowlist', '/api/v1/users'],
    ['a partial segment', '/api/v1/ridersX'],
    ['.. out of the allowlist', '/api/v1/riders/../../token'],
    ['an encoded .. with slash', '/api/v1/riders/..%2F..%2F..%2Ftoken'],
    ['a double-encoded ..', '/api/v1/riders/%252e%252e/x'],
    ['a backslash', '/api/v1/riders/..%5C..%5Ctoken'],
  ])('answers 404 for %s without calling MediRoutes', async (_case, path) => {
    const { proxy, transport } = await setup()
    const response = await call(proxy, 'GET', path)
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No MediRoutes route is allowed at this path.' },
    })
    expect(transport.sent).toEqual([])
  })

  it('answers 405 with Allow for a method the rule does not list', async () => {
    const { proxy, transport } = await setup()
    const response = await call(proxy, 'DELETE', '/api/v1/riders')
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
    expect(transport.sent).toEqual([])
  })

  it('answers 413 for a body over maxBodyBytes', async () => {
    const { proxy, transport } = await setup({ maxBodyBytes: 10 })
    const response = await call(proxy, 'POST', '/api/v1/singletrip', { body: 'x'.repeat(100) })
    expect(response.status).toBe(413)
    expect(transport.sent).toEqual([])
  })
})

describe('createMediRoutesProxy: options', () => {
  it.each([
    ['no options', undefined, /needs options/],
    ['no client', { allow: ['/api/v1/riders'] }, /client must be/],
    [
      'an empty provider',
      { client: {}, allow: ['/api/v1/riders'], provider: ' ' },
      /provider must be/,
    ],
    [
      "a rule's bad provider",
      { allow: [{ path: '/api/v1/riders', methods: ['GET'], provider: 3 }] },
      /allow\[0\]\.provider must be/,
    ],
    ['a relative mountPath', { allow: ['/api/v1'], mountPath: 'api' }, /mountPath must start/],
    ['the root', { allow: ['/'] }, /would forward every path/],
  ])('refuses %s with invalid_config, at once', (_case, options, message) => {
    expect(() => createMediRoutesProxy(options as unknown as MediRoutesProxyOptions)).toThrow(
      expect.objectContaining({ code: 'invalid_config', message: expect.stringMatching(message) }),
    )
  })
})
