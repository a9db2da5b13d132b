import { describe, expect, it } from 'vitest'
import type { FaultInjection } from '../src/index.js'
import {
  apiGet,
  apiSend,
  LAKESIDE,
  login,
  postToken,
  refresh,
  startServer,
  type TokenBody,
  TRIPS_PATH,
} from './helpers.js'

const DEMO_LOGIN = { grant_type: 'password', username: 'demo', password: 'demo-password' }
const TRIPS = TRIPS_PATH

describe('status fault', () => {
  it('answers the status with a small JSON body and Retry-After in seconds, then the normal answer', async () => {
    const server = await startServer()
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 503, retryAfter: 30 } })
    const faulted = await postToken(server.url, DEMO_LOGIN)
    expect(faulted.status).toBe(503)
    expect(faulted.headers.get('retry-after')).toBe('30')
    expect(faulted.headers.get('content-type')).toMatch(/^application\/json/)
    expect(((await faulted.json()) as { Message: string }).Message).toContain('503')
    expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(200)
  })

  it('passes a Retry-After string (an HTTP date) and a custom body through unchanged', async () => {
    const server = await startServer()
    const date = 'Wed, 21 Oct 2015 07:28:00 GMT'
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 429, retryAfter: date, body: '{"error":"slow_down"}' },
    })
    const faulted = await postToken(server.url, DEMO_LOGIN)
    expect(faulted.status).toBe(429)
    expect(faulted.headers.get('retry-after')).toBe(date)
    expect(await faulted.text()).toBe('{"error":"slow_down"}')
  })

  it('serves a plain-text body as text/plain and sends no Retry-After unless asked', async () => {
    const server = await startServer()
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 500, body: 'upstream exploded' },
    })
    const faulted = await postToken(server.url, DEMO_LOGIN)
    expect(faulted.status).toBe(500)
    expect(faulted.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(faulted.headers.get('retry-after')).toBeNull()
    expect(await faulted.text()).toBe('upstream exploded')
  })

  it('does not process the request: no grant counted, the refresh token survives', async () => {
    const server = await startServer()
    const tokens = await login(server.url)
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 500 } })
    expect((await refresh(server.url, tokens.refresh_token)).status).toBe(500)
    expect((await refresh(server.url, tokens.refresh_token)).status).toBe(200)
    const counters = server.counters()
    expect(counters).toMatchObject({
      tokenRequests: 3,
      passwordGrants: 1,
      refreshGrants: 1,
      faultsServed: 1,
      rejectedTokenRequests: 0,
    })
    expect(server.tokenRequests().map((entry) => entry.status)).toEqual([200, 500, 200])
  })

  it('hits the API target only, and counts the fault status in apiByStatus', async () => {
    const server = await startServer()
    server.injectFault({ target: 'api', fault: { kind: 'status', status: 502 } })
    const { access_token } = await login(server.url)
    expect((await apiGet(server.url, TRIPS, access_token)).status).toBe(502)
    expect((await apiGet(server.url, TRIPS, access_token)).status).toBe(200)
    expect(server.counters().apiByStatus).toEqual({ 200: 1, 502: 1 })
    expect(server.counters().unauthorized).toBe(0)
  })
})

describe('count and probability', () => {
  it('serves a fault to the next `count` requests', async () => {
    const server = await startServer()
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 503 }, count: 2 })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await postToken(server.url, DEMO_LOGIN)).status)
    expect(statuses).toEqual([503, 503, 200])
    expect(server.counters().faultsServed).toBe(2)
  })

  it('serves count: Infinity until clearFaults()', async () => {
    const server = await startServer({ rateLimit: false })
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 503 },
      count: Number.POSITIVE_INFINITY,
    })
    for (let i = 0; i < 12; i++) expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(503)
    server.clearFaults()
    expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(200)
  })

  it('serves probability 1 to every request until cleared, probability 0 to none', async () => {
    const server = await startServer({ rateLimit: false })
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 503 }, probability: 1 })
    for (let i = 0; i < 5; i++) expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(503)
    server.clearFaults()
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 503 }, probability: 0 })
    for (let i = 0; i < 5; i++) expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(200)
  })

  it('queues injections: the oldest is served first', async () => {
    const server = await startServer()
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 500 } })
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 503 } })
    expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(500)
    expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(503)
    expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(200)
  })

  it('rejects a malformed injection with a TypeError naming the field', async () => {
    const server = await startServer()
    const bad: [unknown, RegExp][] = [
      [{ target: 'auth', fault: { kind: 'reset' } }, /target/],
      [{ target: 'token', fault: { kind: 'explode' } }, /fault\.kind/],
      [{ target: 'token', fault: { kind: 'status', status: 99 } }, /fault\.status/],
      [{ target: 'token', fault: { kind: 'latency' } }, /fault\.ms/],
      [{ target: 'token', fault: { kind: 'reset' }, count: 0 }, /count/],
      [{ target: 'token', fault: { kind: 'reset' }, probability: 2 }, /probability/],
    ]
    for (const [injection, message] of bad) {
      expect(() => server.injectFault(injection as FaultInjection)).toThrow(TypeError)
      expect(() => server.injectFault(injection as FaultInjection)).toThrow(message)
    }
  })
})

describe('html and truncated-json faults', () => {
  it('html: a proxy error page as 200 text/html by default, or the given status', async () => {
    const server = await startServer()
    server.injectFault({ target: 'token', fault: { kind: 'html' } })
    const page = await postToken(server.url, DEMO_LOGIN)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await page.text()).toBe('<html><body><h1>Service Unavailable</h1></body></html>')

    server.injectFault({ target: 'api', fault: { kind: 'html', status: 502 } })
    const api = await apiGet(server.url, TRIPS)
    expect(api.status).toBe(502)
    expect(api.headers.get('content-type')).toMatch(/^text\/html/)
    expect(server.counters().passwordGrants).toBe(0)
  })

  it('truncated-json on /token: 200 JSON with the first half of a token response, nothing issued', async () => {
    const server = await startServer()
    server.injectFault({ target: 'token', fault: { kind: 'truncated-json' } })
    const response = await postToken(server.url, DEMO_LOGIN)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8')
    const text = await response.text()
    expect(text.startsWith('{"access_token":"')).toBe(true)
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
    expect(server.counters().passwordGrants).toBe(0)
  })

  it('truncated-json on the API: 200 JSON with the first half of a day of trips', async () => {
    const server = await startServer()
    const { access_token } = await login(server.url)
    server.injectFault({ target: 'api', fault: { kind: 'truncated-json' } })
    const response = await apiGet(server.url, TRIPS, access_token)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const text = await response.text()
    expect(text.startsWith('{"Data":[{"trip_guid":"')).toBe(true)
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
  })
})

describe('reset and latency faults', () => {
  it('reset: the client sees a network error; the request counts but issues nothing', async () => {
    const server = await startServer()
    const tokens = await login(server.url)
    server.injectFault({ target: 'token', fault: { kind: 'reset' } })
    await expect(refresh(server.url, tokens.refresh_token)).rejects.toThrow(TypeError)
    expect((await refresh(server.url, tokens.refresh_token)).status).toBe(200)
    expect(server.counters()).toMatchObject({ tokenRequests: 3, refreshGrants: 1, faultsServed: 1 })
    expect(server.tokenRequests()[1]).toMatchObject({ grantType: 'refresh_token', status: 0 })
  })

  it('reset on the API: a network error, counted as a request but under no status', async () => {
    const server = await startServer()
    server.injectFault({ target: 'api', fault: { kind: 'reset' } })
    await expect(apiGet(server.url, TRIPS)).rejects.toThrow(TypeError)
    expect(server.counters()).toMatchObject({ apiRequests: 1, apiByStatus: {}, faultsServed: 1 })
  })

  it('reset-after-processing: the grant happens (refresh token rotated) but the answer is lost', async () => {
    const server = await startServer()
    const tokens = await login(server.url)
    server.injectFault({ target: 'token', fault: { kind: 'reset-after-processing' } })
    await expect(refresh(server.url, tokens.refresh_token)).rejects.toThrow(TypeError)
    expect((await refresh(server.url, tokens.refresh_token)).status).toBe(401)
    expect(server.counters()).toMatchObject({ refreshGrants: 1, faultsServed: 1 })
  })

  it('reset-after-processing on the API: the trip is created although the client saw an error', async () => {
    const server = await startServer()
    const { access_token } = await login(server.url)
    const day = async () =>
      ((await (await apiGet(server.url, TRIPS, access_token)).json()) as { Data: unknown[] }).Data
    const before = await day()
    server.injectFault({ target: 'api', fault: { kind: 'reset-after-processing' } })
    await expect(
      apiSend(server.url, 'POST', '/api/v1/singletrip', access_token, {
        tp_api_key: LAKESIDE.apiKey,
        trip_id: 'LMT-LOST-1',
        rider_id: 'LMT-1002',
        funding_source_id: 1101,
        pickup: { event_name: 'Home', pickup_time: '2024-06-01 10:00' },
        dropoff: { event_name: 'Clinic', appt_time: '2024-06-01 11:00' },
      }),
    ).rejects.toThrow(TypeError)
    expect(await day()).toHaveLength(before.length + 1)
  })

  it('latency: answers normally after the delay', async () => {
    const server = await startServer()
    server.injectFault({ target: 'token', fault: { kind: 'latency', ms: 250 } })
    const started = performance.now()
    const response = await postToken(server.url, DEMO_LOGIN)
    expect(performance.now() - started).toBeGreaterThanOrEqual(240)
    expect(response.status).toBe(200)
    expect(server.counters()).toMatchObject({ passwordGrants: 1, faultsServed: 1 })
  })

  it('latency: a client that gives up during the delay never has its refresh processed', async () => {
    const server = await startServer()
    const tokens = await login(server.url)
    server.injectFault({ target: 'token', fault: { kind: 'latency', ms: 300 } })
    await expect(
      fetch(`${server.url}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token,
        }),
        signal: AbortSignal.timeout(50),
      }),
    ).rejects.toThrow()
    await new Promise((resolve) => setTimeout(resolve, 350))
    expect(server.counters().refreshGrants).toBe(0)
    expect((await refresh(server.url, tokens.refresh_token)).status).toBe(200)
  })

  it('latency-after-processing: the refresh is processed even when the client times out', async () => {
    const server = await startServer()
    const tokens = await login(server.url)
    server.injectFault({ target: 'token', fault: { kind: 'latency-after-processing', ms: 300 } })
    await expect(
      fetch(`${server.url}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token,
        }),
        signal: AbortSignal.timeout(50),
      }),
    ).rejects.toThrow()
    expect(server.counters().refreshGrants).toBe(1)
    expect((await refresh(server.url, tokens.refresh_token)).status).toBe(401)
  })

  it('latency-after-processing: a patient client gets the real answer late', async () => {
    const server = await startServer()
    server.injectFault({ target: 'token', fault: { kind: 'latency-after-processing', ms: 150 } })
    const started = performance.now()
    const response = await postToken(server.url, DEMO_LOGIN)
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    expect(((await response.json()) as TokenBody).token_type).toBe('Bearer')
  })

  it('close() does not wait for a pending latency fault', async () => {
    const server = await startServer()
    server.injectFault({ target: 'token', fault: { kind: 'latency', ms: 10_000 } })
    const pending = postToken(server.url, DEMO_LOGIN).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = performance.now()
    await server.close()
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(await pending).toBeInstanceOf(TypeError)
  })
})

describe('token answers by status', () => {
  it('counts injected 429s and 500s apart, and a reset connection under none', async () => {
    const server = await startServer({ rateLimit: false })
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 429, retryAfter: 1 } })
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 500 } })
    server.injectFault({ target: 'token', fault: { kind: 'reset' } })
    const post = () =>
      postToken(server.url, DEMO_LOGIN).then(
        (r) => r.status,
        () => 0,
      )
    expect([await post(), await post(), await post(), await post()]).toEqual([429, 500, 0, 200])
    expect(server.counters().tokenByStatus).toEqual({ 429: 1, 500: 1, 200: 1 })
  })
})

describe('the token request log', () => {
  it('lists requests by arrival, even when a slow one is answered last', async () => {
    const server = await startServer({ rateLimit: false })
    server.injectFault({ target: 'token', fault: { kind: 'latency', ms: 300 } })
    const post = (username: string) => postToken(server.url, { ...DEMO_LOGIN, username })
    const slow = post('first')
    await new Promise((resolve) => setTimeout(resolve, 50))
    await post('second')
    await slow
    expect(server.tokenRequests().map((r) => r.username)).toEqual(['first', 'second'])
  })

  it('logs a latency-faulted request as soon as the client hangs up, not when the delay ends', async () => {
    const server = await startServer({ rateLimit: false })
    server.injectFault({ target: 'token', fault: { kind: 'latency', ms: 20_000 } })
    const request = fetch(`${server.url}/token`, {
      method: 'POST',
      body: new URLSearchParams(DEMO_LOGIN),
      signal: AbortSignal.timeout(200),
    })
    await expect(request).rejects.toThrow()
    const deadline = Date.now() + 5000
    while (server.tokenRequests().length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(server.tokenRequests().map((r) => r.status)).toEqual([0])
    expect(server.counters().passwordGrants).toBe(0)
  })
})
