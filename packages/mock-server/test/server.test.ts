import { Agent, request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { DEMO_USER, startMockServer } from '../src/index.js'
import { apiGet, login, postToken, startServer } from './helpers.js'

describe('startMockServer', () => {
  it('listens on a free loopback port by default and reports a URL without a trailing slash', async () => {
    const server = await startServer()
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
  })

  it('accepts the demo user by default', async () => {
    expect(DEMO_USER).toEqual({ username: 'demo', password: 'demo-password' })
    const server = await startServer()
    expect((await login(server.url, DEMO_USER)).userName).toBe('demo')
  })

  it('serves everything under basePath, and nothing outside it', async () => {
    const server = await startServer({ basePath: '/external/' })
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/external`)
    const { access_token } = await login(server.url)
    const trip = await apiGet(server.url, '/api/trips?date=2024-06-01', access_token)
    expect(trip.status).toBe(200)
    expect((await fetch(`${server.url}/__mock/counters`)).status).toBe(200)

    const root = `http://127.0.0.1:${server.port}`
    expect(
      (
        await postToken(root, {
          grant_type: 'password',
          username: 'demo',
          password: 'demo-password',
        })
      ).status,
    ).toBe(404)
    expect((await apiGet(root, '/api/trips?date=2024-06-01', access_token)).status).toBe(404)
    expect((await fetch(`${root}/__mock/counters`)).status).toBe(404)
    expect((await fetch(`${root}/externalx/token`, { method: 'POST' })).status).toBe(404)
  })

  it('puts basePath into the Location of a created trip', async () => {
    const server = await startServer({ basePath: '/v1' })
    const { access_token } = await login(server.url)
    const response = await fetch(`${server.url}/api/trips`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        tripDate: '2030-01-15',
        riderId: 'R-1001',
        mobilityType: 'Wheelchair',
        pickup: {
          address: { street: 'a', city: 'b', state: 'GA', zip: '30303' },
          time: '2030-01-15T14:00:00Z',
        },
        dropoff: {
          address: { street: 'c', city: 'd', state: 'GA', zip: '30303' },
          time: '2030-01-15T15:00:00Z',
        },
      }),
    })
    expect(response.headers.get('location')).toMatch(
      new RegExp(`^${server.url}/api/trips/T-20300115-\\d{2}$`),
    )
  })

  it('rejects invalid options with an error that names the option', async () => {
    await expect(startMockServer({ port: 70_000 })).rejects.toThrow(/port/)
    await expect(startMockServer({ basePath: 'external' })).rejects.toThrow(/basePath/)
    await expect(startMockServer({ users: [] })).rejects.toThrow(/users/)
    await expect(
      startMockServer({
        users: [
          { username: 'a', password: 'x' },
          { username: 'A', password: 'y' },
        ],
      }),
    ).rejects.toThrow(/Duplicate user/)
    await expect(startMockServer({ tokenLifetimeSeconds: 0 })).rejects.toThrow(
      /tokenLifetimeSeconds/,
    )
    await expect(startMockServer({ rateLimit: { token: 0 } })).rejects.toThrow(/rateLimit\.token/)
    await expect(startMockServer({ signingSecret: 'short' })).rejects.toThrow(/signingSecret/)
    await expect(startMockServer({ refreshRejectionStatus: 403 as 401 })).rejects.toThrow(
      /refreshRejectionStatus/,
    )
  })

  it('fails to start on a port in use, keeping the error code', async () => {
    const server = await startServer()
    const error = await startMockServer({ port: server.port }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(Error)
    expect((error as { code?: string }).code).toBe('EADDRINUSE')
    expect((error as Error).message).toContain('port 0')
  })

  it('setPassword on an unknown user throws an error naming the fix', async () => {
    const server = await startServer()
    expect(() => server.setPassword('ghost', 'x')).toThrow(/users/)
  })

  it('close() returns promptly with a keep-alive connection open, and is idempotent', async () => {
    const server = await startMockServer()
    const agentResponse = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/__mock/clock`, { agent: new Agent({ keepAlive: true }) })
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    expect(agentResponse).toBe(200)
    const started = performance.now()
    await Promise.all([server.close(), server.close()])
    expect(performance.now() - started).toBeLessThan(1_000)
    await expect(fetch(`${server.url}/__mock/clock`)).rejects.toThrow()
  })
})

describe('clock', () => {
  it('dates every response by the emulator clock', async () => {
    const server = await startServer({ clockOffsetMs: 3 * 3_600_000 })
    const response = await fetch(`${server.url}/__mock/clock`)
    const date = Date.parse(response.headers.get('date') ?? '')
    expect(Math.abs(date - (Date.now() + 3 * 3_600_000))).toBeLessThan(5_000)
  })

  it('now() is the real clock plus the offset; advance adds, setOffset replaces', async () => {
    const server = await startServer({ clockOffsetMs: 1_000 })
    expect(server.clock.offset()).toBe(1_000)
    expect(Math.abs(server.clock.now() - Date.now() - 1_000)).toBeLessThan(50)
    server.clock.advance(2_000)
    expect(server.clock.offset()).toBe(3_000)
    server.clock.setOffset(-500)
    expect(server.clock.offset()).toBe(-500)
    expect(() => server.clock.advance(Number.NaN)).toThrow(RangeError)
  })
})

describe('counters and the token request log', () => {
  it('counts grants, rejections and records field names but never secret values', async () => {
    const server = await startServer()
    const tokens = await login(server.url)
    await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams({
        refresh_token: tokens.refresh_token,
        grant_type: 'refresh_token',
        client_id: 'c-1',
      }),
    })
    await postToken(server.url, {
      grant_type: 'password',
      username: 'demo',
      password: 'hunter2-wrong',
    })
    await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })

    expect(server.counters()).toEqual({
      tokenRequests: 4,
      passwordGrants: 1,
      refreshGrants: 1,
      rejectedTokenRequests: 2,
      rateLimited: 0,
      apiRequests: 0,
      apiByStatus: {},
      tokenByStatus: { 200: 2, 401: 1, 400: 1 },
      unauthorized: 0,
      faultsServed: 0,
    })
    const log = server.tokenRequests()
    expect(log.map(({ at: _at, ...entry }) => entry)).toEqual([
      {
        contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
        fields: ['grant_type', 'username', 'password'],
        grantType: 'password',
        username: 'demo',
        clientId: null,
        status: 200,
      },
      {
        contentType: 'application/x-www-form-urlencoded; charset=utf-8',
        fields: ['refresh_token', 'grant_type', 'client_id'],
        grantType: 'refresh_token',
        username: null,
        clientId: 'c-1',
        status: 200,
      },
      {
        contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
        fields: ['grant_type', 'username', 'password'],
        grantType: 'password',
        username: 'demo',
        clientId: null,
        status: 401,
      },
      {
        contentType: 'application/json',
        fields: [],
        grantType: null,
        username: null,
        clientId: null,
        status: 400,
      },
    ])
    const serialized = JSON.stringify(log)
    expect(serialized).not.toContain('demo-password')
    expect(serialized).not.toContain('hunter2-wrong')
    expect(serialized).not.toContain(tokens.refresh_token)
    for (const entry of log) expect(Math.abs(entry.at - server.clock.now())).toBeLessThan(5_000)
  })

  it('keeps the last 1000 token requests', async () => {
    const server = await startServer({ rateLimit: false })
    for (let batch = 0; batch < 21; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, () => postToken(server.url, { grant_type: 'nope' })),
      )
    }
    expect(server.counters().tokenRequests).toBe(1050)
    expect(server.tokenRequests()).toHaveLength(1000)
  })

  it('hands out copies: editing a snapshot changes nothing', async () => {
    const server = await startServer()
    await login(server.url)
    const counters = server.counters()
    counters.apiByStatus[200] = 99
    counters.tokenRequests = 99
    server.tokenRequests()[0]!.fields.push('password-value')
    expect(server.counters().tokenRequests).toBe(1)
    expect(server.counters().apiByStatus).toEqual({})
    expect(server.tokenRequests()[0]!.fields).toEqual(['grant_type', 'username', 'password'])
  })
})
