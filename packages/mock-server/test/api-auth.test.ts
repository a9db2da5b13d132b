import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { apiGet, login, refresh, startServer, type TokenBody, TRIPS_PATH } from './helpers.js'

const TRIPS = TRIPS_PATH
const DENIED = { Message: 'Authorization has been denied for this request.' }
const INVALID_TOKEN = 'Bearer error="invalid_token"'

async function expectInvalidToken(response: Response): Promise<void> {
  expect(response.status).toBe(401)
  expect(response.headers.get('www-authenticate')).toBe(INVALID_TOKEN)
  expect(await response.json()).toEqual(DENIED)
}

describe('API authentication', () => {
  it('serves an API call with a fresh access token, whatever the scheme case', async () => {
    const server = await startServer()
    const { access_token } = await login(server.url)
    expect((await apiGet(server.url, TRIPS, access_token)).status).toBe(200)
    const lower = await fetch(`${server.url}${TRIPS}`, {
      headers: { Authorization: `bearer ${access_token}` },
    })
    expect(lower.status).toBe(200)
    const upper = await fetch(`${server.url}${TRIPS}`, {
      headers: { Authorization: `BEARER ${access_token}` },
    })
    expect(upper.status).toBe(200)
  })

  it('answers a request without Authorization 401 with a bare Bearer challenge (RFC 6750 §3.1)', async () => {
    const server = await startServer()
    const response = await apiGet(server.url, TRIPS)
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer')
    expect(await response.json()).toEqual(DENIED)
  })

  it('answers a malformed header or token 401 invalid_token', async () => {
    const server = await startServer()
    const { access_token } = await login(server.url)
    for (const authorization of [
      `Basic ${Buffer.from('demo:demo-password').toString('base64')}`,
      'Bearer',
      'Bearer not.a.jwt',
      `Bearer ${access_token} extra`,
      access_token,
    ]) {
      const response = await fetch(`${server.url}${TRIPS}`, {
        headers: { Authorization: authorization },
      })
      await expectInvalidToken(response)
    }
  })

  it('answers a token signed with another key 401 invalid_token', async () => {
    const server = await startServer({ signingSecret: 'the-emulator-secret-0123456789' })
    const now = Math.floor(server.clock.now() / 1000)
    const forged = await new SignJWT({ name: 'demo', unique_name: 'demo' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('someone')
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .setJti('forged')
      .sign(new TextEncoder().encode('some-other-secret-0123456789'))
    await expectInvalidToken(await apiGet(server.url, TRIPS, forged))
  })

  it('refuses a token from another emulator even with the same signing secret (never issued here)', async () => {
    const secret = 'shared-secret-for-both-emulators'
    const issuer = await startServer({ signingSecret: secret })
    const other = await startServer({ signingSecret: secret })
    const { access_token } = await login(issuer.url)
    await expectInvalidToken(await apiGet(other.url, TRIPS, access_token))
  })

  it('expires an access token by the emulator clock', async () => {
    const server = await startServer({ tokenLifetimeSeconds: 60 })
    const { access_token } = await login(server.url)
    // exp is in whole seconds, so up to a second of the lifetime can be gone at issue.
    server.clock.advance(58_000)
    expect((await apiGet(server.url, TRIPS, access_token)).status).toBe(200)
    server.clock.advance(3_000)
    await expectInvalidToken(await apiGet(server.url, TRIPS, access_token))
  })

  it('keeps the old access token valid after a refresh, until it expires', async () => {
    const server = await startServer()
    const first = await login(server.url)
    const refreshed = (await (await refresh(server.url, first.refresh_token)).json()) as TokenBody
    expect((await apiGet(server.url, TRIPS, first.access_token)).status).toBe(200)
    expect((await apiGet(server.url, TRIPS, refreshed.access_token)).status).toBe(200)
  })

  it('revokes every access token issued so far, but not those issued afterwards', async () => {
    const server = await startServer()
    const before = await login(server.url)
    server.revokeAccessTokens()
    await expectInvalidToken(await apiGet(server.url, TRIPS, before.access_token))
    // The refresh token is untouched: the client recovers by refreshing.
    const after = (await (await refresh(server.url, before.refresh_token)).json()) as TokenBody
    expect((await apiGet(server.url, TRIPS, after.access_token)).status).toBe(200)
  })

  it('counts refused API requests as unauthorized and by status', async () => {
    const server = await startServer()
    await apiGet(server.url, TRIPS)
    await apiGet(server.url, TRIPS, 'garbage')
    const { access_token } = await login(server.url)
    await apiGet(server.url, TRIPS, access_token)
    const counters = server.counters()
    expect(counters.unauthorized).toBe(2)
    expect(counters.apiRequests).toBe(3)
    expect(counters.apiByStatus).toEqual({ 200: 1, 401: 2 })
  })
})
