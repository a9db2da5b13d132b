import { describe, expect, it } from 'vitest'
import { isMediRoutesAuthError, type MediRoutesAuthError } from '../src/index.js'
import { clientFor, emulator, LAKESIDE, newTrip, rejectionOf, sleep } from './helpers.js'

async function authError(promise: Promise<unknown>): Promise<MediRoutesAuthError> {
  const error = await rejectionOf(promise)
  expect(isMediRoutesAuthError(error), String(error)).toBe(true)
  return error as MediRoutesAuthError
}

describe('invalid credentials', () => {
  it('are never retried, then fail fast without calling /token during the cool-down', async () => {
    const server = await emulator()
    const client = clientFor(server, { password: 'wrong', invalidCredentialsCooldownMs: 400 })
    const first = await authError(client.getAccessToken())
    expect(first.code).toBe('invalid_credentials')
    expect(first.status).toBe(401)
    const second = await authError(client.getAccessToken())
    expect(second.code).toBe('invalid_credentials')
    expect(second.message).toMatch(/not retrying/)
    expect(server.counters().tokenRequests).toBe(1)
    await sleep(450)
    await authError(client.getAccessToken())
    expect(server.counters().tokenRequests).toBe(2)
  })

  it('treats 400 invalid_grant on the password grant as invalid credentials', async () => {
    const server = await emulator()
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 400, body: '{"error":"invalid_grant"}' },
    })
    const error = await authError(clientFor(server).getAccessToken())
    expect(error.code).toBe('invalid_credentials')
    expect(server.counters().tokenRequests).toBe(1)
  })
})

describe('transient token-endpoint failures', () => {
  it('retries 500 and 503 with backoff and succeeds', async () => {
    const server = await emulator()
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 500 } })
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 503 } })
    expect(await clientFor(server).getAccessToken()).toBeTruthy()
    expect(server.counters().tokenRequests).toBe(3)
  })

  it('gives up after maxRetries with server_error', async () => {
    const server = await emulator()
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 500 }, count: 10 })
    const error = await authError(clientFor(server, { maxRetries: 1 }).getAccessToken())
    expect(error.code).toBe('server_error')
    expect(error.status).toBe(500)
    expect(server.counters().tokenRequests).toBe(2)
  })

  it('retries a reset connection', async () => {
    const server = await emulator()
    server.injectFault({ target: 'token', fault: { kind: 'reset' } })
    expect(await clientFor(server).getAccessToken()).toBeTruthy()
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('ends a reset connection that never heals with network_error', async () => {
    const server = await emulator()
    server.injectFault({
      target: 'token',
      fault: { kind: 'reset' },
      count: Number.POSITIVE_INFINITY,
    })
    expect((await authError(clientFor(server, { maxRetries: 1 }).getAccessToken())).code).toBe(
      'network_error',
    )
  })

  it('times out a slow attempt and retries it', async () => {
    const server = await emulator()
    server.injectFault({ target: 'token', fault: { kind: 'latency', ms: 1500 } })
    expect(await clientFor(server, { timeoutMs: 300 }).getAccessToken()).toBeTruthy()
    expect(server.counters().tokenRequests).toBe(2)
  })

  it('ends with timeout when every attempt is slow', async () => {
    const server = await emulator()
    server.injectFault({ target: 'token', fault: { kind: 'latency', ms: 2000 }, count: 5 })
    expect(
      (await authError(clientFor(server, { timeoutMs: 200, maxRetries: 1 }).getAccessToken())).code,
    ).toBe('timeout')
  })

  it.each([
    ['HTML', { kind: 'html' }],
    ['truncated JSON', { kind: 'truncated-json' }],
    [
      'no access_token',
      { kind: 'status', status: 200, body: '{"token_type":"Bearer","expires_in":86400}' },
    ],
    [
      'non-numeric expires_in',
      {
        kind: 'status',
        status: 200,
        body: '{"access_token":"a.b.c","token_type":"Bearer","expires_in":"soon"}',
      },
    ],
    [
      'an absurdly long expires_in',
      {
        kind: 'status',
        status: 200,
        body: '{"access_token":"a.b.c","token_type":"Bearer","expires_in":1e17}',
      },
    ],
    [
      'an expires_in under a second',
      {
        kind: 'status',
        status: 200,
        body: '{"access_token":"a.b.c","token_type":"Bearer","expires_in":5e-324}',
      },
    ],
    [
      'an access_token that cannot be a header',
      {
        kind: 'status',
        status: 200,
        body: '{"access_token":"part1\\npart2","token_type":"Bearer","expires_in":60}',
      },
    ],
    [
      'a non-bearer token_type',
      {
        kind: 'status',
        status: 200,
        body: '{"access_token":"a.b.c","token_type":"DPoP","expires_in":60}',
      },
    ],
  ] as const)('turns a token response with %s into invalid_response', async (_name, fault) => {
    const server = await emulator()
    server.injectFault({ target: 'token', fault, count: 5 })
    const error = await authError(clientFor(server, { maxRetries: 0 }).getAccessToken())
    expect(error.code).toBe('invalid_response')
  })
})

describe('429 at the token endpoint', () => {
  it('honours Retry-After in seconds', async () => {
    const server = await emulator()
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 429, retryAfter: 1 } })
    expect(await clientFor(server).getAccessToken()).toBeTruthy()
    const [first, second] = server.tokenRequests()
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950)
  })

  it('honours Retry-After as an HTTP date', async () => {
    const server = await emulator()
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 429, retryAfter: new Date(Date.now() + 2000).toUTCString() },
    })
    expect(await clientFor(server).getAccessToken()).toBeTruthy()
    const [first, second] = server.tokenRequests()
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900)
  })

  it('gives up with rate_limited and retryAfterMs when asked to wait longer than maxRetryAfterMs', async () => {
    const server = await emulator()
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 429, retryAfter: 120 } })
    const error = await authError(clientFor(server).getAccessToken())
    expect(error.code).toBe('rate_limited')
    expect(error.retryAfterMs).toBe(120_000)
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('never sends more than the tokenRateLimit in any window, across clients in the process', async () => {
    const users = Array.from({ length: 25 }, (_, i) => ({
      username: `user${i}`,
      password: `pw${i}`,
    }))
    const server = await emulator({ users, rateLimit: false })
    // The default (10 per 61 s) would make this test take two minutes; a per-second rate with a margin for
    // the time between booking a slot and the request reaching the server shows the same sharing.
    const tokenRateLimit = { requests: 10, windowMs: 1500 }
    await Promise.all(
      users.map((u) =>
        clientFor(server, {
          username: u.username,
          password: u.password,
          tokenRateLimit,
        }).getAccessToken(),
      ),
    )
    const times = server.tokenRequests().map((r) => r.at)
    expect(times).toHaveLength(25)
    for (const start of times)
      expect(times.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(10)
    expect(server.counters().rateLimited).toBe(0)
  })
})

describe('API calls', () => {
  it('retries 429 and 503 on GET, honouring Retry-After', async () => {
    const server = await emulator()
    const client = clientFor(server)
    server.injectFault({ target: 'api', fault: { kind: 'status', status: 429, retryAfter: 1 } })
    server.injectFault({ target: 'api', fault: { kind: 'status', status: 503, retryAfter: 0 } })
    expect((await client.fetch('/api/v1/access')).status).toBe(200)
    expect(server.counters().apiRequests).toBe(3)
  })

  it('retries a non-idempotent request after 429, which means it was not processed', async () => {
    const server = await emulator()
    const client = clientFor(server)
    server.injectFault({ target: 'api', fault: { kind: 'status', status: 429, retryAfter: 0 } })
    const response = await client.fetch('/api/v1/singletrip', {
      method: 'POST',
      body: JSON.stringify(newTrip('LMT-429-1')),
      headers: { 'content-type': 'application/json' },
    })
    expect(response.status).not.toBe(429)
    expect(server.counters().apiRequests).toBe(2)
  })

  it('never retries a non-idempotent request after 503', async () => {
    const server = await emulator()
    const client = clientFor(server)
    server.injectFault({ target: 'api', fault: { kind: 'status', status: 503, retryAfter: 0 } })
    const response = await client.fetch('/api/v1/singletrip/cancel', {
      method: 'POST',
      // The fault answers before the emulator looks the trip up.
      body: JSON.stringify({ tp_api_key: LAKESIDE.apiKey, trip_guid: crypto.randomUUID() }),
      headers: { 'content-type': 'application/json' },
    })
    expect(response.status).toBe(503)
    expect(server.counters().apiRequests).toBe(1)
  })

  it('times out an attempt with a typed error', async () => {
    const server = await emulator()
    const client = clientFor(server, { timeoutMs: 300 })
    await client.getAccessToken()
    server.injectFault({ target: 'api', fault: { kind: 'latency', ms: 1500 } })
    expect((await authError(client.fetch('/api/v1/access'))).code).toBe('timeout')
  })

  it("respects the caller's AbortSignal while waiting for a token, without cancelling it for others", async () => {
    const server = await emulator()
    const client = clientFor(server)
    server.injectFault({ target: 'token', fault: { kind: 'latency', ms: 500 } })
    const controller = new AbortController()
    const aborted = client.fetch('/api/v1/access', { signal: controller.signal })
    const other = client.fetch('/api/v1/access')
    controller.abort()
    const error = await rejectionOf(aborted)
    expect((error as Error).name).toBe('AbortError')
    expect((await other).status).toBe(200)
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('resolves relative paths under a path prefix and refuses other origins', async () => {
    const server = await emulator({ basePath: '/v2' })
    const client = clientFor(server)
    expect((await client.fetch('api/v1/access')).status).toBe(200)
    expect((await client.fetch(new URL(`${server.url}/api/v1/access`))).status).toBe(200)
    const error = await authError(client.fetch('https://attacker.example.com/api/v1/access'))
    expect(error.code).toBe('invalid_config')
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('uses the local anchor, so a server clock an hour off either way changes nothing', async () => {
    for (const offset of [3_600_000, -3_600_000]) {
      const server = await emulator({ clockOffsetMs: offset, tokenLifetimeSeconds: 7200 })
      const client = clientFor(server)
      const tokens = await client.getTokenSet()
      expect(Math.abs(tokens.expiresAt - (Date.now() + 7_200_000))).toBeLessThan(5_000)
      expect((await client.fetch('/api/v1/access')).status).toBe(200)
      expect(server.counters().unauthorized).toBe(0)
    }
  })
})
