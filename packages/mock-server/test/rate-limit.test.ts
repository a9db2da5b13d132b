import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RateLimitOptions } from '../src/index.js'
import { apiGet, apiSend, LAKESIDE, login, postToken, RIDER_PATH, startServer } from './helpers.js'

const BAD_LOGIN = { grant_type: 'password', username: 'demo', password: 'wrong' }

// Only `Date` is faked: the clock stands still unless a test moves it, so a one-second
// window cannot close by itself on a slow machine. Sockets and timers stay real.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

// The vendor's pages disagree: per second (overview) or per minute (API reference). Every
// behaviour holds under both readings; windows follow the emulator clock, so nothing sleeps.
describe.each([
  ['second', 1_000],
  ['minute', 60_000],
] as const)('rate limits per %s', (per, windowMs) => {
  const limits = (extra: RateLimitOptions = {}): { rateLimit: RateLimitOptions } => ({
    rateLimit: { per, ...extra },
  })

  it('answers the 11th /token request in a window 429 with Retry-After and a JSON body (vendor default)', async () => {
    const server = await startServer(limits())
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await postToken(server.url, BAD_LOGIN)).status)
    expect(statuses).toEqual([...Array(10).fill(401), 429])
    const limited = await postToken(server.url, BAD_LOGIN)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBe(windowMs / 1000)
    expect(limited.headers.get('content-type')).toMatch(/^application\/json/)
    expect(((await limited.json()) as { Message: string }).Message).toContain(`per ${per}`)
    const counters = server.counters()
    expect(counters.tokenRequests).toBe(12)
    expect(counters.rateLimited).toBe(2)
    expect(counters.rejectedTokenRequests).toBe(10)
    expect(server.tokenRequests().at(-1)?.status).toBe(429)
  })

  it('opens a new window once the emulator clock passes it, not before', async () => {
    const server = await startServer(limits({ token: 2 }))
    await postToken(server.url, BAD_LOGIN)
    await postToken(server.url, BAD_LOGIN)
    server.clock.advance(windowMs - 1)
    expect((await postToken(server.url, BAD_LOGIN)).status).toBe(429)
    server.clock.advance(1)
    expect((await postToken(server.url, BAD_LOGIN)).status).toBe(401)
  })

  it('limits the API separately from /token, and counts the 429s by status', async () => {
    const server = await startServer(limits({ token: 1, api: 3 }))
    const { access_token } = await login(server.url)
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      statuses.push((await apiGet(server.url, RIDER_PATH, access_token)).status)
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    expect(server.counters().apiByStatus).toEqual({ 200: 3, 429: 1 })
    expect(server.counters().rateLimited).toBe(1)
  })

  it('limits withrider to 60 per minute whatever the reading, on top of the API limit', async () => {
    const server = await startServer(limits({ api: 1_000 }))
    const { access_token } = await login(server.url)
    const statuses: number[] = []
    // Spread over 59 s of emulator time: within one minute, across many seconds.
    for (let i = 0; i < 61; i++) {
      server.clock.advance(900)
      statuses.push(
        (await apiSend(server.url, 'POST', '/api/v1/singletrip/withrider', access_token, {}))
          .status,
      )
    }
    expect(statuses.slice(0, 60).every((status) => status === 400)).toBe(true)
    expect(statuses[60]).toBe(429)
    server.clock.advance(60_000)
    const after = await apiSend(server.url, 'POST', '/api/v1/singletrip/withrider', access_token, {
      tp_api_key: LAKESIDE.apiKey,
    })
    expect(after.status).toBe(400)
  })
})

describe('rate limit options', () => {
  it('defaults to the per-second reading', async () => {
    const server = await startServer()
    for (let i = 0; i < 10; i++) await postToken(server.url, BAD_LOGIN)
    const limited = await postToken(server.url, BAD_LOGIN)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('1')
  })

  it('squeezes the window with windowMs: the per-minute limits in a few seconds', async () => {
    const server = await startServer({ rateLimit: { per: 'minute', token: 1, windowMs: 3_000 } })
    await postToken(server.url, BAD_LOGIN)
    const limited = await postToken(server.url, BAD_LOGIN)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('3')
    expect(((await limited.json()) as { Message: string }).Message).toContain('per 3000 ms')
    server.clock.advance(3_000)
    expect((await postToken(server.url, BAD_LOGIN)).status).toBe(401)
  })

  it('rejects an unknown reading or a bad limit with an error naming the field', async () => {
    await expect(startServer({ rateLimit: { per: 'hour' as 'minute' } })).rejects.toThrow(
      /rateLimit\.per/,
    )
    await expect(startServer({ rateLimit: { api: 0 } })).rejects.toThrow(/rateLimit\.api/)
    await expect(startServer({ rateLimit: { windowMs: 0.5 } })).rejects.toThrow(
      /rateLimit\.windowMs/,
    )
  })

  it('never limits or counts the control API', async () => {
    const server = await startServer({ rateLimit: { per: 'minute', token: 1, api: 1 } })
    for (let i = 0; i < 5; i++) {
      expect((await fetch(`${server.url}/__mock/counters`)).status).toBe(200)
    }
    expect(server.counters()).toMatchObject({ apiRequests: 0, tokenRequests: 0, rateLimited: 0 })
    expect((await postToken(server.url, BAD_LOGIN)).status).toBe(401)
  })

  it('lets everything through with rateLimit: false', async () => {
    const server = await startServer({ rateLimit: false })
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () => postToken(server.url, BAD_LOGIN)),
    )
    expect(statuses.every((response) => response.status === 401)).toBe(true)
    expect(server.counters().rateLimited).toBe(0)
  })

  it('does not spend a fault on a request it turns away', async () => {
    const server = await startServer({ rateLimit: { per: 'minute', token: 1 } })
    await postToken(server.url, BAD_LOGIN)
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 503 } })
    expect((await postToken(server.url, BAD_LOGIN)).status).toBe(429)
    server.clock.advance(60_000)
    expect((await postToken(server.url, BAD_LOGIN)).status).toBe(503)
  })
})
