import { describe, expect, it } from 'vitest'
import { apiGet, login, postToken, startServer } from './helpers.js'

const BAD_LOGIN = { grant_type: 'password', username: 'demo', password: 'wrong' }

describe('rate limits', () => {
  it('answers the 11th /token request in a window 429 with Retry-After and a JSON body (vendor default)', async () => {
    const server = await startServer({ rateLimit: { windowMs: 60_000 } })
    for (let i = 0; i < 10; i++) expect((await postToken(server.url, BAD_LOGIN)).status).toBe(401)
    const limited = await postToken(server.url, BAD_LOGIN)
    expect(limited.status).toBe(429)
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(Number.isInteger(retryAfter)).toBe(true)
    expect(retryAfter).toBeGreaterThanOrEqual(59)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(limited.headers.get('content-type')).toMatch(/^application\/json/)
    expect(((await limited.json()) as { message: string }).message).toContain('Rate limit')

    const counters = server.counters()
    expect(counters.tokenRequests).toBe(11)
    expect(counters.rateLimited).toBe(1)
    expect(counters.rejectedTokenRequests).toBe(10)
    expect(server.tokenRequests().at(-1)?.status).toBe(429)
  })

  it('says Retry-After: 1 at least, even for a short window', async () => {
    const server = await startServer({ rateLimit: { token: 1, windowMs: 50 } })
    await postToken(server.url, BAD_LOGIN)
    const limited = await postToken(server.url, BAD_LOGIN)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('1')
  })

  it('opens a new window once the emulator clock passes it', async () => {
    const server = await startServer({ rateLimit: { token: 2, windowMs: 10_000 } })
    await login(server.url)
    await login(server.url)
    expect((await postToken(server.url, BAD_LOGIN)).status).toBe(429)
    server.clock.advance(10_000)
    expect((await postToken(server.url, BAD_LOGIN)).status).toBe(401)
  })

  it('limits the API separately from /token, and counts the 429s by status', async () => {
    const server = await startServer({ rateLimit: { token: 1, api: 3, windowMs: 60_000 } })
    const { access_token } = await login(server.url)
    for (let i = 0; i < 3; i++) {
      expect((await apiGet(server.url, '/api/riders/R-1001', access_token)).status).toBe(200)
    }
    const limited = await apiGet(server.url, '/api/riders/R-1001', access_token)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(server.counters().apiByStatus).toEqual({ 200: 3, 429: 1 })
    expect(server.counters().rateLimited).toBe(1)
  })

  it('never limits or counts the control API', async () => {
    const server = await startServer({ rateLimit: { token: 1, api: 1, windowMs: 60_000 } })
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
    const server = await startServer({ rateLimit: { token: 1, windowMs: 60_000 } })
    await postToken(server.url, BAD_LOGIN)
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 503 } })
    expect((await postToken(server.url, BAD_LOGIN)).status).toBe(429)
    server.clock.advance(60_000)
    expect((await postToken(server.url, BAD_LOGIN)).status).toBe(503)
  })
})
