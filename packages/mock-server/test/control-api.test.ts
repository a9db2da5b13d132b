import { describe, expect, it } from 'vitest'
import type { MockCounters, RecordedTokenRequest } from '../src/index.js'
import { apiGet, login, postToken, RIDER_PATH, refresh, startServer } from './helpers.js'

const DEMO_LOGIN = { grant_type: 'password', username: 'demo', password: 'demo-password' }

function control(url: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}/__mock/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
}

describe('control API', () => {
  it('GET counters and token-requests mirror counters() and tokenRequests()', async () => {
    const server = await startServer()
    await login(server.url)
    await apiGet(server.url, RIDER_PATH)
    const counters = (await (await control(server.url, 'GET', 'counters')).json()) as MockCounters
    expect(counters).toEqual(JSON.parse(JSON.stringify(server.counters())))
    expect(counters).toMatchObject({
      tokenRequests: 1,
      passwordGrants: 1,
      apiRequests: 1,
      unauthorized: 1,
    })
    const log = (await (
      await control(server.url, 'GET', 'token-requests')
    ).json()) as RecordedTokenRequest[]
    expect(log).toEqual(server.tokenRequests())
  })

  it('POST faults queues an injection, with count "Infinity" or omitted; DELETE faults clears', async () => {
    const server = await startServer({ rateLimit: false })
    const once = await control(server.url, 'POST', 'faults', {
      target: 'token',
      fault: { kind: 'status', status: 503, retryAfter: 2 },
    })
    expect(once.status).toBe(204)
    expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(503)
    expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(200)

    await control(server.url, 'POST', 'faults', {
      target: 'token',
      fault: { kind: 'status', status: 500 },
      count: 'Infinity',
    })
    for (let i = 0; i < 3; i++) expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(500)
    expect((await control(server.url, 'DELETE', 'faults')).status).toBe(204)
    expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(200)
  })

  it('answers a bad fault or a non-JSON body 400 with a message that names the problem', async () => {
    const server = await startServer()
    const badKind = await control(server.url, 'POST', 'faults', {
      target: 'token',
      fault: { kind: 'boom' },
    })
    expect(badKind.status).toBe(400)
    expect(((await badKind.json()) as { Message: string }).Message).toMatch(
      /fault\.kind must be one of/,
    )
    const badCount = await control(server.url, 'POST', 'faults', {
      target: 'api',
      fault: { kind: 'reset' },
      count: 'lots',
    })
    expect(((await badCount.json()) as { Message: string }).Message).toMatch(/count/)
    const notJson = await control(server.url, 'POST', 'faults', 'target=token')
    expect(notJson.status).toBe(400)
    expect(await notJson.json()).toEqual({ Message: 'The body must be a JSON object.' })
  })

  it('GET clock, POST clock/advance and clock/offset move the emulator clock', async () => {
    const server = await startServer({ tokenLifetimeSeconds: 60 })
    const { access_token } = await login(server.url)
    const advanced = await control(server.url, 'POST', 'clock/advance', { ms: 61_000 })
    expect(advanced.status).toBe(200)
    const state = (await advanced.json()) as { now: number; iso: string; offsetMs: number }
    expect(state.offsetMs).toBe(61_000)
    expect(new Date(state.iso).getTime()).toBe(state.now)
    expect(Math.abs(state.now - (Date.now() + 61_000))).toBeLessThan(5_000)
    expect((await apiGet(server.url, RIDER_PATH, access_token)).status).toBe(401)

    const set = await control(server.url, 'POST', 'clock/offset', { ms: 0 })
    expect(((await set.json()) as { offsetMs: number }).offsetMs).toBe(0)
    expect(server.clock.offset()).toBe(0)
    const read = (await (await control(server.url, 'GET', 'clock')).json()) as { offsetMs: number }
    expect(read.offsetMs).toBe(0)
    expect((await control(server.url, 'POST', 'clock/advance', { ms: 'soon' })).status).toBe(400)
  })

  it('answers a clock change out of range 400 and applies nothing: the emulator keeps working', async () => {
    const server = await startServer()
    const { access_token } = await login(server.url)
    for (const [path, ms] of [
      ['clock/advance', 1e308],
      ['clock/advance', 1e16],
      ['clock/offset', -1e308],
      ['clock/offset', 1e16],
    ] as const) {
      const response = await control(server.url, 'POST', path, { ms })
      expect(response.status, `${path} ${ms}`).toBe(400)
      expect(((await response.json()) as { Message: string }).Message).toMatch(/unchanged/)
    }
    expect(server.clock.offset()).toBe(0)
    const clock = await control(server.url, 'GET', 'clock')
    expect(clock.status).toBe(200)
    expect(Number.isNaN(Date.parse(clock.headers.get('date') ?? ''))).toBe(false)
    expect((await apiGet(server.url, RIDER_PATH, access_token)).status).toBe(200)
  })

  it('POST revoke revokes access and/or refresh tokens, and needs at least one', async () => {
    const server = await startServer()
    const tokens = await login(server.url)
    expect((await control(server.url, 'POST', 'revoke', {})).status).toBe(400)
    expect((await control(server.url, 'POST', 'revoke', { access: 'yes' })).status).toBe(400)
    expect((await control(server.url, 'POST', 'revoke', { access: true })).status).toBe(204)
    expect((await apiGet(server.url, RIDER_PATH, tokens.access_token)).status).toBe(401)
    expect((await control(server.url, 'POST', 'revoke', { refresh: true })).status).toBe(204)
    expect((await refresh(server.url, tokens.refresh_token)).status).toBe(401)
  })

  it('POST users/password changes a password; an unknown user is 404', async () => {
    const server = await startServer()
    const changed = await control(server.url, 'POST', 'users/password', {
      username: 'demo',
      password: 'new-pass',
    })
    expect(changed.status).toBe(204)
    expect((await postToken(server.url, DEMO_LOGIN)).status).toBe(401)
    await login(server.url, { username: 'demo', password: 'new-pass' })
    const unknown = await control(server.url, 'POST', 'users/password', {
      username: 'ghost',
      password: 'x',
    })
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { Message: string }).Message).toContain('ghost')
    expect((await control(server.url, 'POST', 'users/password', { username: 'demo' })).status).toBe(
      400,
    )
  })

  it('POST reset-counters zeroes counters and the log; POST reset restores everything', async () => {
    const server = await startServer({ tokenLifetimeSeconds: 60 })
    const tokens = await login(server.url)
    expect((await control(server.url, 'POST', 'reset-counters')).status).toBe(204)
    expect(server.counters().tokenRequests).toBe(0)
    expect(server.tokenRequests()).toEqual([])
    expect((await apiGet(server.url, RIDER_PATH, tokens.access_token)).status).toBe(200)

    server.setPassword('demo', 'changed-password')
    server.clock.advance(5_000)
    server.injectFault({
      target: 'token',
      fault: { kind: 'reset' },
      count: Number.POSITIVE_INFINITY,
    })
    expect((await control(server.url, 'POST', 'reset')).status).toBe(204)
    expect(server.clock.offset()).toBe(0)
    expect(server.counters().apiRequests).toBe(0)
    expect((await apiGet(server.url, RIDER_PATH, tokens.access_token)).status).toBe(401)
    expect((await refresh(server.url, tokens.refresh_token)).status).toBe(401)
    await login(server.url)
  })

  it('answers unknown control paths 404 and wrong methods 405 with Allow', async () => {
    const server = await startServer()
    expect((await control(server.url, 'GET', 'nothing')).status).toBe(404)
    const wrong = await control(server.url, 'GET', 'reset')
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
    expect((await control(server.url, 'PUT', 'faults')).headers.get('allow')).toBe('POST, DELETE')
  })
})
