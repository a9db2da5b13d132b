import { describe, expect, it, vi } from 'vitest'
import { clientFor, emulator, newTrip, sleep } from './helpers.js'

describe('proactive refresh', () => {
  it('refreshes inside the window while callers keep the still-valid token without waiting', async () => {
    const server = await emulator({ tokenLifetimeSeconds: 4 })
    const client = clientFor(server, { refreshWindowMs: 2000 })
    const first = await client.getAccessToken()
    // The jittered window opens between 3 s and 2 s before expiry: sleep past the latest opening.
    await sleep(2100)
    server.injectFault({ target: 'token', fault: { kind: 'latency', ms: 800 } })
    const during = await client.getAccessToken()
    expect(during).toBe(first)
    expect(server.counters().refreshGrants).toBe(0)
    await vi.waitFor(() => expect(server.counters().refreshGrants).toBe(1), {
      timeout: 5000,
      interval: 50,
    })
    // The server counts the grant a moment before the client has stored its answer.
    await vi.waitFor(async () => expect(await client.getAccessToken()).not.toBe(first), {
      timeout: 2000,
    })
    expect(server.counters().refreshGrants).toBe(1)
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('never sends a token it knows has expired: it refreshes first, and the API sees no 401', async () => {
    const server = await emulator({ tokenLifetimeSeconds: 2 })
    const client = clientFor(server, { refreshWindowMs: 0 })
    await client.fetch('/api/v1/access')
    await sleep(2100)
    expect((await client.fetch('/api/v1/access')).status).toBe(200)
    expect(server.counters().unauthorized).toBe(0)
    expect(server.counters().refreshGrants).toBe(1)
  })
})

describe('reactive refresh after 401', () => {
  it('refreshes once and replays the request once', async () => {
    const server = await emulator()
    const client = clientFor(server)
    await client.getAccessToken()
    server.revokeAccessTokens()
    const response = await client.fetch('/api/v1/singletrip', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(newTrip('LMT-REPLAY-1')),
    })
    expect(response.status).toBe(201)
    const counters = server.counters()
    expect(counters.unauthorized).toBe(1)
    expect(counters.refreshGrants).toBe(1)
    expect(counters.passwordGrants).toBe(1)
  })

  it('does not refresh twice for 401s on a token that is already stale', async () => {
    const server = await emulator({ rateLimit: false })
    const client = clientFor(server)
    await client.getAccessToken()
    server.revokeAccessTokens()
    const statuses = await Promise.all(
      Array.from({ length: 50 }, () => client.fetch('/api/v1/access').then((r) => r.status)),
    )
    expect(statuses.every((s) => s === 200)).toBe(true)
    expect(server.counters().refreshGrants).toBe(1)
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('returns a second 401 to the caller as is', async () => {
    const server = await emulator()
    const client = clientFor(server)
    await client.getAccessToken()
    server.injectFault({ target: 'api', fault: { kind: 'status', status: 401 }, count: 2 })
    const response = await client.fetch('/api/v1/access')
    expect(response.status).toBe(401)
    expect(server.counters().refreshGrants).toBe(1)
    expect(server.counters().apiRequests).toBe(2)
  })

  it('does not replay a streamed body, but still refreshes for the next call', async () => {
    const server = await emulator()
    const client = clientFor(server)
    await client.getAccessToken()
    server.revokeAccessTokens()
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify(newTrip('LMT-STREAM-1'))))
        controller.close()
      },
    })
    const response = await client.fetch('/api/v1/singletrip', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect(response.status).toBe(401)
    expect((await client.fetch('/api/v1/access')).status).toBe(200)
    expect(server.counters().refreshGrants).toBe(1)
    expect(server.counters().unauthorized).toBe(1)
  })
})

describe('rejected refresh tokens', () => {
  it.each([401, 400] as const)(
    'falls back to one password grant when the refresh token is refused with %i',
    async (status) => {
      const server = await emulator({ refreshRejectionStatus: status })
      const client = clientFor(server)
      await client.getAccessToken()
      server.revokeRefreshTokens()
      server.revokeAccessTokens()
      expect((await client.fetch('/api/v1/access')).status).toBe(200)
      const counters = server.counters()
      expect(counters.passwordGrants).toBe(2)
      expect(counters.rejectedTokenRequests).toBe(1)
    },
  )

  it('never re-sends a refresh token whose outcome is unknown (answer lost after rotation)', async () => {
    const server = await emulator()
    const client = clientFor(server)
    await client.getAccessToken()
    server.revokeAccessTokens()
    server.injectFault({ target: 'token', fault: { kind: 'reset-after-processing' } })
    expect((await client.fetch('/api/v1/access')).status).toBe(200)
    const grants = server.tokenRequests().map((r) => r.grantType)
    expect(grants).toEqual(['password', 'refresh_token', 'password'])
    expect(server.counters().rejectedTokenRequests).toBe(0)
  })

  it('keeps working with rotation turned off', async () => {
    const server = await emulator({ rotateRefreshTokens: false })
    const client = clientFor(server)
    await client.getAccessToken()
    for (let i = 0; i < 3; i++) {
      server.revokeAccessTokens()
      expect((await client.fetch('/api/v1/access')).status).toBe(200)
    }
    expect(server.counters().refreshGrants).toBe(3)
    expect(server.counters().passwordGrants).toBe(1)
  })
})
