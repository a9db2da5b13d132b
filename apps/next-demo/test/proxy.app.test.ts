import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findSecret, type RunningDemo, startDemo } from './app-server'

let demo: RunningDemo
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' }

beforeAll(async () => {
  demo = await startDemo()
}, 180_000)

afterAll(async () => {
  await demo?.stop()
})

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw HTTP request: the path goes out exactly as written (no `..` resolution, no re-encoding). */
function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | string[],
): Promise<Answer> {
  const url = new URL(demo.url)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    // An array is sent as separate chunks without Content-Length (chunked encoding).
    for (const part of Array.isArray(body) ? body : body === undefined ? [] : [body])
      req.write(part)
    req.end()
  })
}

/** Runs `act` and returns the API requests that reached the emulator meanwhile. */
async function forwardedDuring(act: () => Promise<unknown>): Promise<string[]> {
  const before = demo.upstream.apiRequests().length
  await act()
  return demo.upstream
    .apiRequests()
    .slice(before)
    .map((r) => `${r.method} ${r.path}`)
}

describe('the proxy route of the built app', () => {
  it('forwards an allowed GET with the server token and returns the answer', async () => {
    let answer: Answer | undefined
    const forwarded = await forwardedDuring(async () => {
      answer = await send('GET', '/api/mediroutes/api/riders/R-1001', SAME_ORIGIN)
    })
    expect(answer?.status).toBe(200)
    expect(JSON.parse(answer?.body ?? '')).toMatchObject({ id: 'R-1001', lastName: 'Hammond' })
    expect(forwarded).toEqual(['GET /api/riders/R-1001'])
    const sent = demo.upstream.apiRequests().at(-1)!.headers
    expect(demo.upstream.tokens.map((token) => `Bearer ${token}`)).toContain(sent.authorization)
  })

  it.each([
    ['a path outside the allowlist', '/api/mediroutes/api/users'],
    ['a prefix that is not a whole segment', '/api/mediroutes/api/ridersX/R-1001'],
    ['.. out of an allowed prefix', '/api/mediroutes/api/trips/../users'],
    ['.. above the root', '/api/mediroutes/..%2F..%2F..%2Ftoken'],
    ['encoded dots', '/api/mediroutes/api/trips/%2e%2e/%2E%2E/token'],
    ['an encoded slash', '/api/mediroutes/api/trips/..%2F..%2Ftoken'],
    ['double encoding', '/api/mediroutes/api/trips/%252e%252e/users'],
    ['a backslash', '/api/mediroutes/api/trips/..%5Cusers'],
    ['the mock control API', '/api/mediroutes/__mock/counters'],
  ])('answers 404 for %s, without calling MediRoutes', async (_case, path) => {
    let answer: Answer | undefined
    const forwarded = await forwardedDuring(async () => {
      answer = await send('GET', path, SAME_ORIGIN)
    })
    expect(answer?.status).toBe(404)
    expect(JSON.parse(answer?.body ?? '')).toEqual({
      error: { code: 'not_found', message: 'No MediRoutes route is allowed at this path.' },
    })
    expect(forwarded).toEqual([])
  })

  it('leaves a path whose .. climbs out of the route to Next.js (404), without calling MediRoutes', async () => {
    let status = 0
    const forwarded = await forwardedDuring(async () => {
      status = (await send('GET', '/api/mediroutes/api/../../token', SAME_ORIGIN)).status
    })
    expect(status).toBe(404)
    expect(forwarded).toEqual([])
  })

  it('resolves .. that stays inside the allowlist and forwards the clean path', async () => {
    const forwarded = await forwardedDuring(async () => {
      expect(
        (await send('GET', '/api/mediroutes/api/trips/../riders/R-1004', SAME_ORIGIN)).status,
      ).toBe(200)
    })
    expect(forwarded).toEqual(['GET /api/riders/R-1004'])
  })

  it('answers 405 with Allow for a method the path does not accept', async () => {
    let answer: Answer | undefined
    const forwarded = await forwardedDuring(async () => {
      answer = await send('DELETE', '/api/mediroutes/api/riders/R-1001', SAME_ORIGIN)
    })
    expect(answer?.status).toBe(405)
    expect(answer?.headers.allow).toBe('GET, HEAD, OPTIONS')
    expect(forwarded).toEqual([])
  })

  it('refuses callers the authorize hook refuses: 401 for no verdict, its own 403 otherwise', async () => {
    const forwarded = await forwardedDuring(async () => {
      expect((await send('GET', '/api/mediroutes/api/riders/R-1001')).status).toBe(401)
      const crossSite = await send('GET', '/api/mediroutes/api/riders/R-1001', {
        'sec-fetch-site': 'cross-site',
      })
      expect(crossSite.status).toBe(403)
      expect(JSON.parse(crossSite.body).error.code).toBe('forbidden')
    })
    expect(forwarded).toEqual([])
  })

  it('forwards only safe request headers: no cookie, no Authorization, no hop-by-hop', async () => {
    const forwarded = await forwardedDuring(async () => {
      const answer = await send('GET', '/api/mediroutes/api/riders/R-1005', {
        ...SAME_ORIGIN,
        authorization: 'Bearer browser-token',
        cookie: 'session=browser-cookie',
        'x-request-id': 'req-1',
        'x-custom': 'not-for-mediroutes',
        'accept-language': 'en-US',
      })
      expect(answer.status).toBe(200)
    })
    expect(forwarded).toEqual(['GET /api/riders/R-1005'])
    const sent = demo.upstream.apiRequests().at(-1)!.headers
    expect(sent.cookie).toBeUndefined()
    expect(sent.authorization).not.toContain('browser-token')
    expect(sent['x-custom']).toBeUndefined()
    expect(sent['sec-fetch-site']).toBeUndefined()
    expect(sent['x-request-id']).toBe('req-1')
    expect(sent['accept-language']).toBe('en-US')
  })

  it('creates a trip with an allowed POST and points Location at the proxy', async () => {
    const trip = {
      tripDate: '2030-01-15',
      riderId: 'R-1002',
      mobilityType: 'Ambulatory',
      pickup: {
        address: { street: '2231 Campbellton Rd SW', city: 'Atlanta', state: 'GA', zip: '30311' },
        time: '2030-01-15T14:00:00Z',
      },
      dropoff: {
        address: { street: '80 Jesse Hill Jr Dr SE', city: 'Atlanta', state: 'GA', zip: '30303' },
        time: '2030-01-15T14:45:00Z',
      },
    }
    const answer = await send(
      'POST',
      '/api/mediroutes/api/trips',
      { ...SAME_ORIGIN, 'content-type': 'application/json' },
      JSON.stringify(trip),
    )
    expect(answer.status).toBe(201)
    const created = JSON.parse(answer.body) as { id: string }
    expect(answer.headers.location).toBe(`/api/mediroutes/api/trips/${created.id}`)
    const again = await send('GET', answer.headers.location as string, SAME_ORIGIN)
    expect(JSON.parse(again.body)).toMatchObject({ id: created.id, tripDate: '2030-01-15' })
  })

  it('answers 413 for a body over the limit, by Content-Length and while streaming', async () => {
    const big = 'x'.repeat(17 * 1024)
    const forwarded = await forwardedDuring(async () => {
      const declared = await send(
        'POST',
        '/api/mediroutes/api/trips',
        { ...SAME_ORIGIN, 'content-type': 'application/json' },
        big,
      )
      expect(declared.status).toBe(413)
      expect(JSON.parse(declared.body).error.code).toBe('payload_too_large')
      const chunked = await send(
        'POST',
        '/api/mediroutes/api/trips',
        { ...SAME_ORIGIN, 'content-type': 'application/json' },
        Array.from({ length: 17 }, () => 'y'.repeat(1024)),
      )
      expect(chunked.status).toBe(413)
    })
    expect(forwarded).toEqual([])
  })

  it('never returns a token, in headers or bodies, even when token handling fails', async () => {
    const answers: Answer[] = [
      await send('GET', '/api/mediroutes/api/riders/R-1001', SAME_ORIGIN),
      await send('GET', '/api/mediroutes/api/trips?date=2030-01-15', SAME_ORIGIN),
      await send('GET', '/api/mediroutes/api/trips/T-20300115-99', SAME_ORIGIN),
    ]
    // Every token refused and the password changed: the proxy can no longer authenticate.
    demo.emulator.revokeAccessTokens()
    demo.emulator.revokeRefreshTokens()
    demo.emulator.setPassword('demo', 'rotated-elsewhere')
    const failed = await send('GET', '/api/mediroutes/api/riders/R-1001', SAME_ORIGIN)
    answers.push(failed)
    expect(failed.status).toBe(503)
    expect(JSON.parse(failed.body)).toEqual({
      error: {
        code: 'invalid_credentials',
        message: "MediRoutes refused this server's credentials; see the server log.",
      },
    })
    expect(demo.upstream.tokens.length).toBeGreaterThan(0)
    for (const answer of answers) {
      expect(
        findSecret(JSON.stringify(answer.headers) + answer.body, demo.upstream.tokens),
      ).toBeUndefined()
      expect(answer.body).not.toContain('demo-password')
      expect(answer.headers['set-cookie']).toBeUndefined()
    }
    expect(demo.logs.join('')).not.toContain('demo-password')
    expect(findSecret(demo.logs.join(''), demo.upstream.tokens)).toBeUndefined()
  })
})
