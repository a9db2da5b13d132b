import { createMediRoutesClient, type MediRoutesClient } from '@mediroutes/auth-core'
import { DEMO_USER, MOCK_PROVIDERS, type MockServer } from '@mediroutes/mock-server'
import { closeAfterTest, emulator } from '@mediroutes/test-kit'
import { describe, expect, it } from 'vitest'
import { type Answer, FRAMEWORKS, type Framework, type Mounted, mount } from './frameworks.js'

const LAKESIDE = MOCK_PROVIDERS[0]!
const RIDER = '/api/v1/riders/getByRiderId?rider_id=LMT-1001'

/** A resource call the client sent, as it left the server. */
interface Sent {
  method: string
  url: URL
  body: string
}

interface World {
  server: MockServer
  client: MediRoutesClient
  sent: Sent[]
  app: Mounted
}

async function world(framework: Framework): Promise<World> {
  const server = await emulator()
  const sent: Sent[] = []
  const client = createMediRoutesClient({
    baseUrl: server.url,
    ...DEMO_USER,
    fetch: async (input, init = {}) => {
      const url = new URL(input instanceof Request ? input.url : input)
      const body = init.body == null ? '' : await new Response(init.body).text()
      if (url.pathname !== '/token' && url.pathname !== '/api/v1/access')
        sent.push({ method: (init.method ?? 'GET').toUpperCase(), url, body })
      return fetch(url, { ...init, body: body === '' ? undefined : body })
    },
  })
  closeAfterTest(client)
  const app = await mount(framework, {
    client,
    provider: LAKESIDE.name,
    allow: [
      { path: '/api/v1/riders', methods: ['GET'] },
      { path: '/api/v1/singletrip', methods: ['GET', 'POST'] },
    ],
  })
  closeAfterTest(app)
  return { server, client, sent, app }
}

const TRIP = {
  trip_id: 'SUITE-20300201-01',
  rider_id: 'LMT-1003',
  funding_source_id: LAKESIDE.fundingSources[0]!.id,
  space_type: 'AMB',
  pickup: { event_name: 'Home', pickup_time: '2030-02-01 14:00' },
  dropoff: { event_name: 'Clinic', appt_time: '2030-02-01 15:00' },
}

interface Case {
  name: string
  run(w: World): Promise<Answer>
  status: number
  /** The `error.code` of a refusal or failure; `undefined` for a success. */
  code?: string
  /** What MediRoutes must (or must not) have received. */
  check?(w: World): void
}

const CASES: Case[] = [
  {
    name: 'an allowed GET, with the key added on the server',
    run: (w) => w.app.call('GET', RIDER),
    status: 200,
    check: (w) => {
      expect(w.sent.map((s) => s.url.pathname)).toEqual(['/api/v1/riders/getByRiderId'])
      expect(w.sent[0]!.url.searchParams.get('api_key')).toBe(LAKESIDE.apiKey)
    },
  },
  {
    name: 'a POST with a JSON body, tp_api_key added',
    run: (w) =>
      w.app.call('POST', '/api/v1/singletrip', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(TRIP),
      }),
    status: 201,
    check: (w) => {
      expect(w.sent.map((s) => JSON.parse(s.body))).toEqual([
        { ...TRIP, tp_api_key: LAKESIDE.apiKey },
      ])
    },
  },
  {
    name: 'a path outside the allowlist',
    run: (w) => w.app.call('GET', '/api/v1/users'),
    status: 404,
    code: 'not_found',
    check: (w) => expect(w.sent).toEqual([]),
  },
  {
    name: '.. out of the allowlist through an encoded slash',
    run: (w) => w.app.call('GET', '/api/v1/riders/..%2F..%2F..%2Ftoken'),
    status: 404,
    code: 'not_found',
    check: (w) => expect(w.sent).toEqual([]),
  },
  {
    name: 'a method the rule does not list',
    run: (w) => w.app.call('DELETE', '/api/v1/riders/getByRiderId'),
    status: 405,
    code: 'method_not_allowed',
    check: (w) => expect(w.sent).toEqual([]),
  },
  {
    name: 'a browser-sent api_key',
    run: (w) => w.app.call('GET', `${RIDER}&api_key=${LAKESIDE.apiKey}`),
    status: 400,
    code: 'api_key_refused',
    check: (w) => expect(w.sent).toEqual([]),
  },
  {
    name: 'a browser-sent tp_api_key in the body',
    run: (w) =>
      w.app.call('POST', '/api/v1/singletrip', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...TRIP, tp_api_key: 'from-the-browser' }),
      }),
    status: 400,
    code: 'api_key_refused',
    check: (w) => expect(w.sent).toEqual([]),
  },
  {
    name: 'an upstream 401: the token is refreshed and the call retried',
    run: async (w) => {
      await w.client.getAccessToken()
      w.server.revokeAccessTokens()
      return w.app.call('GET', RIDER)
    },
    status: 200,
    check: (w) => {
      // The refused token is replaced once (the first call after the revocation is the claims read).
      expect(w.server.counters()).toMatchObject({ passwordGrants: 1, tokenRequests: 2 })
      expect(w.sent.map((s) => s.url.pathname)).toEqual(['/api/v1/riders/getByRiderId'])
    },
  },
  {
    name: 'an upstream 503',
    run: async (w) => {
      w.server.injectFault({ target: 'api', fault: { kind: 'status', status: 503 }, count: 100 })
      return w.app.call('GET', RIDER)
    },
    // The core's toHttpError mapping: MediRoutes failing is a bad gateway for the browser.
    status: 502,
  },
  {
    name: 'an upstream 500',
    run: async (w) => {
      w.server.injectFault({ target: 'api', fault: { kind: 'status', status: 500 }, count: 100 })
      return w.app.call('GET', RIDER)
    },
    status: 502,
  },
  {
    name: 'an upstream 404',
    run: async (w) => {
      w.server.injectFault({ target: 'api', fault: { kind: 'status', status: 404 }, count: 100 })
      return w.app.call('GET', RIDER)
    },
    status: 404,
  },
]

/** The parts of an answer every framework must give alike. */
function shape(answer: Answer): {
  status: number
  code: string | undefined
  contentType: string | undefined
} {
  let code: string | undefined
  try {
    code = (JSON.parse(answer.body) as { error?: { code?: string } }).error?.code
  } catch {
    code = undefined
  }
  return { status: answer.status, code, contentType: answer.headers['content-type']?.split(';')[0] }
}

describe.each(CASES)('$name', (c) => {
  const seen = new Map<Framework, ReturnType<typeof shape>>()

  it.each(FRAMEWORKS)('on %s', async (framework) => {
    const w = await world(framework)
    const answer = await c.run(w)
    expect(answer.status).toBe(c.status)
    if (c.code !== undefined) expect(shape(answer).code).toBe(c.code)
    c.check?.(w)
    // No token, refresh token or provider key in any header or the body.
    const token = await w.client.getAccessToken()
    const everything = JSON.stringify(answer.headers) + answer.body
    for (const secret of [token, LAKESIDE.apiKey]) expect(everything).not.toContain(secret)
    seen.set(framework, shape(answer))
  })

  it('answers alike in every framework', () => {
    expect(seen.size).toBe(FRAMEWORKS.length)
    const [first, ...rest] = [...seen.values()]
    for (const other of rest) expect(other).toEqual(first)
  })
})
