import type { Logger, MediRoutesClient } from '@mediroutes/auth-core'
import type { MockServer } from '@mediroutes/mock-server'
import { describe, expect, it, vi } from 'vitest'
import {
  createMediRoutesHandlers,
  getMediRoutesClient,
  type MediRoutesAuthorizeTarget,
  type MediRoutesHandlers,
  type MediRoutesHandlersOptions,
} from '../src/index.js'
import {
  clientFor,
  emulator,
  LAKESIDE,
  quietLogger,
  recordingFetch,
  recordingLogger,
  type SentRequest,
  today,
} from './helpers.js'

const APP = 'http://app.test'
/** A rider of the demo provider, looked up by the caller's own rider ID. */
const RIDER_1001 = '/api/v1/riders/getByRiderId?rider_id=LMT-1001'
const RIDER_SEGMENTS = ['api', 'v1', 'riders', 'getByRiderId']

interface Setup {
  server: MockServer
  client: MediRoutesClient
  handlers: MediRoutesHandlers
  transport: ReturnType<typeof recordingFetch>
}

async function setup(
  options: Partial<MediRoutesHandlersOptions> = {},
  reply?: (sent: SentRequest) => Response | undefined,
): Promise<Setup> {
  const server = await emulator()
  const transport = recordingFetch(reply)
  const client = clientFor(server, { fetch: transport })
  const handlers = createMediRoutesHandlers({
    provider: LAKESIDE.name,
    allow: [
      { path: '/api/v1/singletrip', methods: ['GET', 'POST', 'PATCH'] },
      { path: '/api/v1/riders', methods: ['GET'] },
      { path: '/api/v1/rides', methods: ['GET'] },
    ],
    client,
    logger: quietLogger,
    ...options,
  })
  return { server, client, handlers, transport }
}

/** Calls the handler the way Next.js does for `/api/mediroutes/[...path]`, or directly (`params: false`). */
function call(
  handlers: MediRoutesHandlers,
  method: keyof MediRoutesHandlers,
  path: string,
  init: RequestInit & { params?: string[] | false } = {},
): Promise<Response> {
  const { params, ...rest } = init
  const request = new Request(`${APP}/api/mediroutes${path}`, { method, ...rest })
  if (params === false) return handlers[method](request)
  const segments = params ?? path.split('?')[0]!.split('/').slice(1).map(decodeURIComponent)
  return handlers[method](request, { params: Promise.resolve({ path: segments }) })
}

async function currentToken(client: MediRoutesClient): Promise<string> {
  return client.getAccessToken()
}

describe('what the proxy forwards', () => {
  it("forwards an allowed GET with the server token and the provider's key, and returns the answer", async () => {
    const { handlers, transport, client } = await setup()
    const response = await call(handlers, 'GET', RIDER_1001)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      Data: [expect.objectContaining({ rider_id: 'LMT-1001', last_name: 'Hammond' })],
    })
    const [sent] = transport.api()
    expect(sent?.url.pathname).toBe('/api/v1/riders/getByRiderId')
    expect(sent?.url.searchParams.get('api_key')).toBe(LAKESIDE.apiKey)
    expect(sent?.headers.get('authorization')).toBe(`Bearer ${await currentToken(client)}`)
  })

  it('refuses a browser request that brings its own api_key, with 400', async () => {
    const { handlers, transport } = await setup()
    const response = await call(handlers, 'GET', `${RIDER_1001}&api_key=${LAKESIDE.apiKey}`)
    expect(response.status).toBe(400)
    expect((await response.json()).error.code).toBe('api_key_refused')
    expect(transport.sent).toEqual([])
  })

  it('keeps the query string', async () => {
    const { handlers, transport } = await setup()
    const response = await call(handlers, 'GET', `/api/v1/rides/getRidesByDate?date=${today()}`)
    expect(response.status).toBe(200)
    expect(Array.isArray((await response.json()).Data)).toBe(true)
    expect(transport.api()[0]?.url.search).toBe(`?date=${today()}&api_key=${LAKESIDE.apiKey}`)
  })

  it('reads the path from the URL below mountPath when Next.js passes no params', async () => {
    const { handlers, transport } = await setup({ mountPath: '/api/mediroutes/' })
    const response = await call(
      handlers,
      'GET',
      '/api/v1/singletrip/..%2Friders/getByRiderId?rider_id=LMT-1002',
      { params: false },
    )
    expect(response.status).toBe(200)
    expect(transport.api().map((r) => r.url.pathname)).toEqual(['/api/v1/riders/getByRiderId'])
    const outside = await handlers.GET(new Request(`${APP}/elsewhere${RIDER_1001}`))
    expect(outside.status).toBe(404)
  })

  it("never forwards the browser's cookies, Authorization or other headers", async () => {
    const { handlers, transport, client } = await setup({ forwardHeaders: ['X-Tenant'] })
    await call(handlers, 'GET', RIDER_1001, {
      headers: {
        authorization: 'Bearer from-the-browser',
        cookie: 'session=browser-cookie',
        'x-tenant': 'north',
        'x-custom': 'nope',
        'accept-language': 'es',
        'accept-encoding': 'br',
        'if-none-match': '"v1"',
      },
    })
    const headers = transport.api()[0]!.headers
    expect(headers.get('authorization')).toBe(`Bearer ${await currentToken(client)}`)
    expect(headers.get('cookie')).toBeNull()
    expect(headers.get('x-custom')).toBeNull()
    expect(headers.get('accept-encoding')).toBeNull()
    expect(headers.get('x-tenant')).toBe('north')
    expect(headers.get('accept-language')).toBe('es')
    expect(headers.get('if-none-match')).toBe('"v1"')
  })

  it('drops headers that the Connection header names as hop-by-hop', async () => {
    const { handlers, transport } = await setup()
    // undici refuses to send `connection` itself, but a Request built by a server may carry it.
    const request = new Request(`${APP}/api/mediroutes${RIDER_1001}`)
    const headers = new Headers({ 'x-request-id': 'r-1', 'accept-language': 'fr' })
    Object.defineProperty(request, 'headers', { value: new Headers(headers) })
    request.headers.append('connection', 'x-request-id')
    await handlers.GET(request, { params: Promise.resolve({ path: RIDER_SEGMENTS }) })
    const sent = transport.api()[0]!.headers
    expect(sent.get('x-request-id')).toBeNull()
    expect(sent.get('accept-language')).toBe('fr')
  })

  it('forwards a body under the limit, and replays it when the token was refused', async () => {
    const { handlers, server, transport } = await setup()
    await call(handlers, 'GET', RIDER_1001)
    server.revokeAccessTokens()
    const trip = {
      trip_id: 'APP-20300201-01',
      rider_id: 'LMT-1003',
      funding_source_id: LAKESIDE.fundingSources[0]!.id,
      space_type: 'AMB',
      pickup: { event_name: 'Home', pickup_time: '2030-02-01 14:00' },
      dropoff: { event_name: 'Clinic', appt_time: '2030-02-01 15:00' },
    }
    const response = await call(handlers, 'POST', '/api/v1/singletrip', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(trip),
    })
    expect(response.status).toBe(201)
    expect((await response.json()).Data).toMatchObject({ trip_id: trip.trip_id })
    const posts = transport.api().filter((r) => r.method === 'POST')
    const keyed = JSON.stringify({ ...trip, tp_api_key: LAKESIDE.apiKey })
    expect(posts.map((r) => r.body)).toEqual([keyed, keyed])
  })

  it("answers HEAD with MediRoutes' status and no body", async () => {
    const { handlers, transport } = await setup()
    const response = await call(handlers, 'HEAD', RIDER_1001)
    // The emulator serves GET only on this resource, as ASP.NET Web API does without [HttpHead].
    expect(response.status).toBe(405)
    expect(response.body).toBeNull()
    expect(transport.api().map((r) => r.method)).toEqual(['HEAD'])
  })
})

describe('what the proxy refuses', () => {
  it.each([
    ['a path outside the allowlist', ['api', 'v1', 'users']],
    ['a partial segment', ['api', 'v1', 'ridersX']],
    ['.. out of the allowlist', ['api', 'v1', 'riders', '..', 'users']],
    ['an encoded slash with ..', ['api', 'v1', 'riders', '..%2F..%2F..%2Ftoken']],
    ['.. decoded from %2e%2e', ['api', 'v1', 'riders', '..', '..', '..', 'token']],
    ['a double-encoded ..', ['api', 'v1', 'riders', '%2e%2e', 'users']],
    ['a backslash', ['api', 'v1', 'riders', '..\\users']],
    ['the bare root', []],
  ])('answers 404 for %s without calling MediRoutes', async (_case, params) => {
    const { handlers, transport } = await setup()
    const response = await call(handlers, 'GET', `/${params.join('/')}`, {
      params: params.map((p) => (p.includes('%2F') ? decodeURIComponent(p) : p)),
    })
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No MediRoutes route is allowed at this path.' },
    })
    expect(transport.sent).toEqual([])
  })

  it('answers 405 with Allow for a method the path does not accept, and OPTIONS locally', async () => {
    const { handlers, transport } = await setup()
    const refused = await call(handlers, 'DELETE', RIDER_1001)
    expect(refused.status).toBe(405)
    expect(refused.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
    expect((await refused.json()).error.code).toBe('method_not_allowed')
    const options = await call(handlers, 'OPTIONS', '/api/v1/singletrip/cancel')
    expect(options.status).toBe(204)
    expect(options.headers.get('allow')).toBe('GET, POST, PATCH, HEAD, OPTIONS')
    expect(transport.sent).toEqual([])
  })

  it('defaults to read-only methods for plain string rules', async () => {
    const { handlers } = await setup({ allow: ['/api/v1/singletrip'] })
    expect((await call(handlers, 'POST', '/api/v1/singletrip', { body: '{}' })).status).toBe(405)
  })

  it('answers 413 from Content-Length without reading the body', async () => {
    const { handlers, transport } = await setup({ maxBodyBytes: 10 })
    let pulled = 0
    const body = new ReadableStream({
      pull(controller) {
        pulled++
        controller.enqueue(new TextEncoder().encode('x'.repeat(100)))
      },
    })
    const request = new Request(`${APP}/api/mediroutes/api/v1/singletrip`, {
      method: 'POST',
      body,
      headers: { 'content-length': '100' },
      duplex: 'half',
    } as RequestInit)
    const response = await handlers.POST(request, {
      params: Promise.resolve({ path: ['api', 'v1', 'singletrip'] }),
    })
    expect(response.status).toBe(413)
    expect((await response.json()).error.code).toBe('payload_too_large')
    expect(pulled).toBeLessThanOrEqual(1)
    expect(transport.sent).toEqual([])
  })

  it('answers 413 while streaming a body that declares no length, and stops reading it', async () => {
    const { handlers, transport } = await setup({ maxBodyBytes: 1000 })
    let pulled = 0
    const endless = new ReadableStream({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(300))
      },
    })
    const request = new Request(`${APP}/api/mediroutes/api/v1/singletrip`, {
      method: 'POST',
      body: endless,
      duplex: 'half',
    } as RequestInit)
    const response = await handlers.POST(request, {
      params: Promise.resolve({ path: ['api', 'v1', 'singletrip'] }),
    })
    expect(response.status).toBe(413)
    expect(pulled).toBeLessThan(10)
    expect(transport.sent).toEqual([])
  })
})

describe('the authorize hook', () => {
  it('gets the method and the normalised path, before anything is forwarded', async () => {
    const authorize = vi.fn((_request: Request, _target: MediRoutesAuthorizeTarget) => true)
    const { handlers, transport } = await setup({ authorize })
    await call(
      handlers,
      'GET',
      '/api/v1/singletrip/x/../../riders/getByRiderId?rider_id=LMT-1001',
      {
        params: ['api', 'v1', 'singletrip', 'x', '..', '..', 'riders', 'getByRiderId'],
      },
    )
    expect(authorize).toHaveBeenCalledTimes(1)
    expect(authorize.mock.calls[0]?.[1]).toEqual({
      method: 'GET',
      path: '/api/v1/riders/getByRiderId',
    })
    expect(transport.api()).toHaveLength(1)
  })

  it('is not asked about paths that are refused anyway', async () => {
    const authorize = vi.fn(() => true)
    const { handlers } = await setup({ authorize })
    await call(handlers, 'GET', '/api/v1/users')
    await call(handlers, 'DELETE', RIDER_1001)
    expect(authorize).not.toHaveBeenCalled()
  })

  it.each([
    ['false', () => false, 401, 'unauthorized'],
    ['a truthy value that is not true', () => 'yes' as unknown as boolean, 401, 'unauthorized'],
    ['a rejected promise', () => Promise.reject(new Error('session store down')), 403, 'forbidden'],
    [
      'a throw',
      () => {
        throw new Error('boom')
      },
      403,
      'forbidden',
    ],
  ])('refuses on %s without contacting MediRoutes', async (_case, authorize, status, code) => {
    const logger = recordingLogger()
    const { handlers, transport } = await setup({ authorize, logger })
    const response = await call(handlers, 'POST', '/api/v1/singletrip', { body: '{}' })
    expect(response.status).toBe(status)
    expect((await response.json()).error.code).toBe(code)
    expect(transport.sent).toEqual([])
    if (status === 403) expect(logger.lines.join('\n')).toMatch(/authorize hook threw/)
  })

  it('sends a Response it returns as is', async () => {
    const { handlers, transport } = await setup({
      authorize: () => new Response('go away', { status: 418 }),
    })
    const response = await call(handlers, 'GET', RIDER_1001)
    expect(response.status).toBe(418)
    expect(await response.text()).toBe('go away')
    expect(transport.sent).toEqual([])
  })
})

describe('what comes back', () => {
  it('drops cookies, auth challenges, hop-by-hop and framing headers from MediRoutes', async () => {
    const { handlers } = await setup({}, () => {
      const headers = new Headers({
        'content-type': 'application/json',
        'x-trace': 'abc',
        'x-private': 'v',
        connection: 'x-private',
        'keep-alive': 'timeout=5',
        'www-authenticate': 'Bearer',
        'strict-transport-security': 'max-age=1',
        'access-control-allow-origin': '*',
        'content-encoding': 'gzip',
        etag: '"v2"',
      })
      headers.append('set-cookie', 'ARRAffinity=abc; Path=/')
      headers.append('set-cookie', 'other=1')
      return new Response('{"ok":true}', { status: 200, headers })
    })
    const response = await call(handlers, 'GET', RIDER_1001)
    expect(await response.json()).toEqual({ ok: true })
    const names = [...response.headers.keys()].sort()
    expect(names).toEqual(['content-type', 'etag', 'x-trace'])
  })

  it('drops a header that holds the token, and fails a body that does', async () => {
    const logger = recordingLogger()
    let token = ''
    const { handlers, client } = await setup({ logger }, () => {
      const half = Math.floor(token.length / 2)
      const chunks = ['{"echo":"', token.slice(0, half), token.slice(half), '"}']
      return new Response(
        new ReadableStream({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk))
            controller.close()
          },
        }),
        { headers: { 'x-echo': `Bearer ${token}`, 'content-type': 'application/json' } },
      )
    })
    token = await client.getAccessToken()
    const response = await call(handlers, 'GET', RIDER_1001)
    expect(response.headers.get('x-echo')).toBeNull()
    const reader = response.body!.getReader()
    const received: string[] = []
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) return
          received.push(new TextDecoder().decode(value))
        }
      })(),
    ).rejects.toThrow(/contained a MediRoutes secret/)
    expect(received.join('')).not.toContain(token.slice(0, 20))
    expect(logger.lines.join('\n')).toMatch(/header held a secret; dropped/)
    expect(logger.lines.join('\n')).toMatch(/response held a secret; withheld/)
    expect(logger.lines.join('\n')).not.toContain(token)
  })

  it('streams: the answer starts before MediRoutes has finished sending', async () => {
    let finish: () => void = () => {}
    const { handlers } = await setup({}, () => {
      const encoder = new TextEncoder()
      return new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(encoder.encode(`[${'"row",'.repeat(2000)}`))
            finish = () => {
              controller.enqueue(encoder.encode('"last"]'))
              controller.close()
            }
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      )
    })
    const response = await call(handlers, 'GET', `/api/v1/rides/getRidesByDate?date=${today()}`)
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value).startsWith('["row",')).toBe(true)
    finish()
    let rest = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      rest += new TextDecoder().decode(value)
    }
    expect(rest.endsWith('"last"]')).toBe(true)
  })

  it('rewrites Location onto the route, and drops it when it holds the token (issue 17.4)', async () => {
    let token = ''
    const { handlers, client } = await setup({}, (sent) =>
      sent.method === 'POST'
        ? new Response('{}', {
            status: 201,
            headers: {
              location: sent.body.includes('leak')
                ? `/api/v1/singletrip?trip_id=1&access_token=${token}`
                : '/api/v1/singletrip?trip_id=1',
            },
          })
        : undefined,
    )
    token = await client.getAccessToken()
    const post = (trip: string) =>
      call(handlers, 'POST', '/api/v1/singletrip', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ trip_id: trip }),
      })
    const clean = await post('1')
    expect(clean.headers.get('location')).toBe('/api/mediroutes/api/v1/singletrip?trip_id=1')
    const leaking = await post('leak')
    expect(leaking.status).toBe(201)
    expect(leaking.headers.get('location')).toBeNull()
  })

  it("never copies MediRoutes' status text (issue 17.5)", async () => {
    let token = ''
    const { handlers, client } = await setup({}, () =>
      Response.json({ Data: [] }, { statusText: `OK ${token}` }),
    )
    token = await client.getAccessToken()
    const response = await call(handlers, 'GET', RIDER_1001)
    expect(response.status).toBe(200)
    expect(response.statusText).toBe('')
  })

  it("passes MediRoutes' own error answers through", async () => {
    const { handlers } = await setup()
    const response = await call(handlers, 'GET', '/api/v1/singletrip?trip_id=LMT-19990101-99')
    expect(response.status).toBe(404)
    expect((await response.json()).Message).toMatch(/No trip of this provider/)
  })
})

/** A rider lookup through a riders-only proxy on `client`, as the demo provider. */
function getRiderThrough(
  client: MediRoutesHandlersOptions['client'],
  logger: Logger = quietLogger,
): Promise<Response> {
  const { GET } = createMediRoutesHandlers({
    allow: ['/api/v1/riders'],
    provider: LAKESIDE.name,
    client,
    logger,
  })
  return GET(new Request(`${APP}/api/mediroutes${RIDER_1001}`))
}

describe('when MediRoutes cannot be used', () => {
  it.each([
    [
      'refused credentials',
      (server: MockServer) => server.setPassword('demo', 'changed'),
      503,
      'invalid_credentials',
    ],
    [
      'a token endpoint that keeps failing',
      (server: MockServer) =>
        server.injectFault({ target: 'token', fault: { kind: 'status', status: 500 }, count: 10 }),
      502,
      'server_error',
    ],
  ])('answers %s with a JSON error and no detail', async (_case, breakIt, status, code) => {
    const logger = recordingLogger()
    const server = await emulator()
    breakIt(server)
    const client = clientFor(server, { maxRetries: 0 })
    const response = await getRiderThrough(client, logger)
    expect(response.status).toBe(status)
    const body = (await response.json()) as { statusCode: number; code: string; message: string }
    expect(body).toMatchObject({ statusCode: status, code })
    expect(JSON.stringify(body)).not.toMatch(/demo|password|127\.0\.0\.1/)
    expect(logger.lines.join('\n')).toMatch(/MediRoutes proxy request failed/)
    expect(logger.lines.join('\n')).not.toContain('demo-password')
  })

  it('answers 503 with Retry-After when MediRoutes rate-limits the server', async () => {
    const server = await emulator()
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 429, retryAfter: 120 },
      count: 5,
    })
    const client = clientFor(server, { maxRetryAfterMs: 1000 })
    const response = await getRiderThrough(client)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('120')
    expect((await response.json()).code).toBe('rate_limited')
  })

  it('answers 503 when MediRoutes cannot be reached and 504 when it is too slow', async () => {
    const server = await emulator()
    const unreachable = clientFor(server, { baseUrl: 'http://127.0.0.1:9', maxRetries: 0 })
    const refused = await getRiderThrough(unreachable)
    expect(refused.status).toBe(503)
    expect((await refused.json()).code).toBe('network_error')

    const slowClient = clientFor(server, { timeoutMs: 300, maxRetries: 0 })
    await slowClient.getAccessToken()
    server.injectFault({ target: 'api', fault: { kind: 'latency', ms: 3000 } })
    const late = await getRiderThrough(slowClient)
    expect(late.status).toBe(504)
    expect((await late.json()).code).toBe('timeout')
  })

  it('answers 500 invalid_config when the client cannot be configured', async () => {
    const logger = recordingLogger()
    const response = await getRiderThrough(() => getMediRoutesClient({ env: {} }), logger)
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'invalid_config',
      message: 'The server is not configured for MediRoutes; see the server log.',
    })
    expect(logger.lines.join('\n')).toMatch(/MEDIROUTES_USERNAME/)
  })

  it('answers 500 unexpected for any other failure, without its message', async () => {
    const unknown = await getRiderThrough(() => {
      throw new Error('secret detail of a broken factory')
    })
    expect(unknown.status).toBe(500)
    expect(await unknown.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'unexpected',
      message: 'The request failed on the server; see the server log.',
    })
  })
})

describe('options', () => {
  it.each([
    ['no options', undefined, /needs options/],
    [
      'forwarding authorization',
      { allow: ['/api'], forwardHeaders: ['Authorization'] },
      /cannot include "authorization"/,
    ],
    [
      'forwarding cookies',
      { allow: ['/api'], forwardHeaders: ['cookie'] },
      /cannot include "cookie"/,
    ],
    ['a bad header name', { allow: ['/api'], forwardHeaders: ['x y'] }, /invalid header name/],
    ['a negative body limit', { allow: ['/api'], maxBodyBytes: -1 }, /maxBodyBytes/],
    ['a relative mountPath', { allow: ['/api'], mountPath: 'api' }, /mountPath must start/],
    [
      'a non-function authorize',
      { allow: ['/api'], authorize: true },
      /authorize must be a function/,
    ],
    ['a client that is not one', { allow: ['/api'], client: {} }, /client must be/],
  ])('refuses %s with invalid_config, at once', (_case, options, message) => {
    expect(() => createMediRoutesHandlers(options as MediRoutesHandlersOptions)).toThrow(
      expect.objectContaining({ code: 'invalid_config', message: expect.stringMatching(message) }),
    )
  })

  it('exports one handler per method, for `export const { GET, POST } = handlers`', () => {
    const handlers = createMediRoutesHandlers({ allow: ['/api/v1/access'] })
    expect(Object.keys(handlers)).toEqual([
      'GET',
      'HEAD',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
      'OPTIONS',
    ])
    expect(Object.isFrozen(handlers)).toBe(true)
  })
})
