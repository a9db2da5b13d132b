import { Agent, request } from 'node:http'
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { BROKER_USER, DEMO_USER, startMockServer } from '../src/index.js'
import { apiGet, login, postToken, startServer, TRIPS_PATH } from './helpers.js'

describe('startMockServer', () => {
  it('listens on a free loopback port by default and reports a URL without a trailing slash', async () => {
    const server = await startServer()
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
  })

  it('accepts the demo user and the broker by default', async () => {
    expect(DEMO_USER).toEqual({ username: 'demo', password: 'demo-password' })
    expect(BROKER_USER).toEqual({ username: 'broker', password: 'broker-password' })
    const server = await startServer()
    expect((await login(server.url, DEMO_USER)).userName).toBe('demo')
    expect((await login(server.url, BROKER_USER)).userName).toBe('broker')
  })

  it('serves everything under basePath, and nothing outside it', async () => {
    const server = await startServer({ basePath: '/external/' })
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/external`)
    const { access_token } = await login(server.url)
    const trip = await apiGet(server.url, TRIPS_PATH, access_token)
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
    expect((await apiGet(root, TRIPS_PATH, access_token)).status).toBe(404)
    expect((await fetch(`${root}/__mock/counters`)).status).toBe(404)
    expect((await fetch(`${root}/externalx/token`, { method: 'POST' })).status).toBe(404)
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

  it('refuses a change that would leave 1970 to 9999, and stays as it was', async () => {
    const server = await startServer()
    const { access_token } = await login(server.url)
    for (const change of [
      () => server.clock.advance(1e308),
      () => server.clock.advance(1e16),
      () => server.clock.setOffset(-1e308),
      () => server.clock.setOffset(1e16),
      () => server.clock.setOffset(-Date.now() - 1),
    ]) {
      expect(change).toThrow(/unchanged/)
      expect(server.clock.offset()).toBe(0)
    }
    const response = await apiGet(server.url, TRIPS_PATH, access_token)
    expect(response.status).toBe(200)
    expect(Number.isNaN(Date.parse(response.headers.get('date') ?? ''))).toBe(false)
    await expect(startMockServer({ clockOffsetMs: 1e16 })).rejects.toThrow(RangeError)
  })
})

describe('malformed requests', () => {
  it('answers a request line no URL parser accepts 400, and keeps serving', async () => {
    const server = await startServer()
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      const raw = await rawRequest(
        server.port,
        'GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      )
      expect(raw).toMatch(/^HTTP\/1\.1 400 /)
      expect(raw).toContain('"Message"')
    } finally {
      console.error = original
    }
    expect(errors).toEqual([])
    expect((await fetch(`${server.url}/__mock/clock`)).status).toBe(200)
  })
})

/** Sends bytes as they are and reads the whole answer until the server closes. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text))
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      answer += chunk
    })
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
  })
}

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
      requestsByPath: { '/token': 4 },
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

  it('counts requests per path without the query, and at most 1000 distinct paths', async () => {
    const server = await startServer({ rateLimit: false })
    for (let batch = 0; batch < 21; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          fetch(`${server.url}/nothing/${batch * 50 + i}?api_key=k`),
        ),
      )
    }
    const byPath = server.counters().requestsByPath
    expect(Object.keys(byPath)).toHaveLength(1001)
    expect(byPath['(other)']).toBe(50)
    expect(Object.keys(byPath).some((path) => path.includes('api_key'))).toBe(false)
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
