import { decodeProtectedHeader, jwtVerify } from 'jose'
import {
  allowInsecureRequests,
  Configuration,
  genericGrantRequest,
  None,
  ResponseBodyError,
  refreshTokenGrant,
} from 'openid-client'
import { describe, expect, it } from 'vitest'
import { login, postToken, refresh, startServer, type TokenBody } from './helpers.js'

const RFC_1123 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/
const SECRET = 'a-test-signing-secret-of-enough-length'

function openIdClient(url: string): Configuration {
  const config = new Configuration(
    { issuer: url, token_endpoint: `${url}/token` },
    'any-client',
    undefined,
    None(),
  )
  allowInsecureRequests(config)
  return config
}

describe('POST /token, password grant', () => {
  it('answers 200 with exactly the OWIN fields, no-store and the OWIN content type', async () => {
    const server = await startServer()
    const response = await postToken(server.url, {
      grant_type: 'password',
      username: 'demo',
      password: 'demo-password',
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = (await response.json()) as TokenBody
    expect(Object.keys(body)).toEqual([
      'access_token',
      'token_type',
      'expires_in',
      'refresh_token',
      'userName',
      '.issued',
      '.expires',
    ])
    expect(body.token_type).toBe('Bearer')
    expect(body.expires_in).toBe(86_400)
    expect(body.userName).toBe('demo')
    // Opaque: 48 random bytes in base64url.
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{64}$/)
  })

  it('dates .issued and .expires in RFC 1123 from the emulator clock, expires_in apart', async () => {
    const offset = 10 * 24 * 3_600_000
    const server = await startServer({ tokenLifetimeSeconds: 3600, clockOffsetMs: offset })
    const body = await login(server.url)
    expect(body['.issued']).toMatch(RFC_1123)
    expect(body['.expires']).toMatch(RFC_1123)
    const issued = Date.parse(body['.issued'])
    expect(Math.abs(issued - (Date.now() + offset))).toBeLessThan(5_000)
    expect(Date.parse(body['.expires']) - issued).toBe(3600 * 1000)
    expect(body.expires_in).toBe(3600)
  })

  it('signs an HS256 JWT with sub, name, unique_name, iat, exp and jti from the emulator clock', async () => {
    const server = await startServer({
      signingSecret: SECRET,
      users: [{ username: 'dispatch@example.com', password: 'pw-1', name: 'Dana Dispatcher' }],
      clockOffsetMs: 60_000,
    })
    const body = await login(server.url, { username: 'dispatch@example.com', password: 'pw-1' })
    expect(decodeProtectedHeader(body.access_token)).toEqual({ alg: 'HS256', typ: 'JWT' })
    const { payload } = await jwtVerify(body.access_token, new TextEncoder().encode(SECRET), {
      currentDate: new Date(server.clock.now()),
    })
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'jti', 'name', 'sub', 'unique_name'])
    expect(payload.name).toBe('Dana Dispatcher')
    expect(payload.unique_name).toBe('dispatch@example.com')
    expect(payload.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(payload.exp! - payload.iat!).toBe(86_400)
    expect(Math.abs(payload.iat! * 1000 - server.clock.now())).toBeLessThan(5_000)
    expect(payload.iat! * 1000).toBeGreaterThan(Date.now() + 50_000)
  })

  it('gives a user the same sub on every server and every login, and a fresh jti', async () => {
    const first = await startServer()
    const second = await startServer()
    const a = await login(first.url)
    const b = await login(second.url)
    const c = await login(first.url)
    const claims = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
    expect(claims(a.access_token).sub).toBe(claims(b.access_token).sub)
    expect(claims(a.access_token).jti).not.toBe(claims(c.access_token).jti)
  })

  it('uses the name as the name claim, defaulting to the username', async () => {
    const server = await startServer({ signingSecret: SECRET })
    const body = await login(server.url)
    const { payload } = await jwtVerify(body.access_token, new TextEncoder().encode(SECRET), {
      currentDate: new Date(server.clock.now()),
    })
    expect(payload.name).toBe('demo')
  })

  it('matches usernames case-insensitively (ASP.NET Identity) but passwords exactly', async () => {
    const server = await startServer()
    const body = await login(server.url, { username: 'DEMO', password: 'demo-password' })
    expect(body.userName).toBe('demo')
    const wrongCase = await postToken(server.url, {
      grant_type: 'password',
      username: 'demo',
      password: 'DEMO-PASSWORD',
    })
    expect(wrongCase.status).toBe(401)
  })

  it('answers 401 invalid_grant with the vendor message for a wrong password or unknown user', async () => {
    const server = await startServer()
    for (const [username, password] of [
      ['demo', 'wrong'],
      ['nobody', 'demo-password'],
    ] as const) {
      const response = await postToken(server.url, { grant_type: 'password', username, password })
      expect(response.status).toBe(401)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(await response.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'The user name or password is incorrect.',
      })
    }
  })

  it('answers 401 unsupported_grant_type for an unknown or missing grant type', async () => {
    const server = await startServer()
    const unknown = await postToken(server.url, { grant_type: 'client_credentials' })
    expect(unknown.status).toBe(401)
    expect(((await unknown.json()) as { error: string }).error).toBe('unsupported_grant_type')
    const missing = await postToken(server.url, { username: 'demo', password: 'demo-password' })
    expect(missing.status).toBe(401)
    const body = (await missing.json()) as { error: string; error_description: string }
    expect(body.error).toBe('unsupported_grant_type')
    expect(body.error_description).toContain('grant_type')
  })

  it('answers 401 invalid_grant for a missing or empty username or password, as the vendor documents', async () => {
    const server = await startServer()
    const incomplete: Record<string, string>[] = [
      { grant_type: 'password', username: 'demo' },
      { grant_type: 'password', password: 'demo-password' },
      { grant_type: 'password', username: '', password: 'demo-password' },
      { grant_type: 'password', username: 'demo', password: '' },
    ]
    for (const fields of incomplete) {
      const response = await postToken(server.url, fields)
      expect(response.status, JSON.stringify(fields)).toBe(401)
      expect(await response.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'The user name or password is incorrect.',
      })
    }
  })

  it('answers 400 invalid_request when the refresh grant lacks refresh_token', async () => {
    const server = await startServer()
    const response = await postToken(server.url, { grant_type: 'refresh_token' })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request')
  })

  it('answers 400 invalid_request when a parameter is sent twice', async () => {
    const server = await startServer()
    const response = await fetch(`${server.url}/token`, {
      method: 'POST',
      body: new URLSearchParams([
        ['grant_type', 'password'],
        ['username', 'demo'],
        ['username', 'other'],
        ['password', 'demo-password'],
      ]),
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error_description: string }).error_description).toContain(
      'username',
    )
  })

  it('accepts only application/x-www-form-urlencoded, with or without a charset', async () => {
    const server = await startServer()
    const form = 'grant_type=password&username=demo&password=demo-password'
    const post = (contentType: string | undefined, body: string) =>
      fetch(`${server.url}/token`, {
        method: 'POST',
        headers: contentType === undefined ? {} : { 'Content-Type': contentType },
        body,
      })
    expect((await post('application/x-www-form-urlencoded', form)).status).toBe(200)
    expect((await post('Application/X-WWW-Form-URLEncoded; charset=utf-8', form)).status).toBe(200)
    const json = await post(
      'application/json',
      JSON.stringify({ grant_type: 'password', username: 'demo', password: 'demo-password' }),
    )
    expect(json.status).toBe(400)
    expect(await json.json()).toEqual({
      error: 'invalid_request',
      error_description: 'The request body must be application/x-www-form-urlencoded.',
    })
    expect((await post('text/plain', form)).status).toBe(400)
    const none = await fetch(`${server.url}/token`, { method: 'POST', body: Buffer.from(form) })
    expect(none.status).toBe(400)
  })

  it('answers a body over 1 MiB 413, counted as a rejected token request', async () => {
    const server = await startServer()
    const response = await postToken(server.url, {
      grant_type: 'password',
      padding: 'x'.repeat(1024 * 1024),
    })
    expect(response.status).toBe(413)
    expect(server.counters()).toMatchObject({ tokenRequests: 1, rejectedTokenRequests: 1 })
    expect(server.tokenRequests()[0]).toMatchObject({ fields: [], status: 413 })
  })

  it('answers 405 with Allow: POST to other methods', async () => {
    const server = await startServer()
    const response = await fetch(`${server.url}/token`)
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })
})

describe('POST /token, refresh grant', () => {
  it('rotates by default: a new refresh token and access token, the old refresh token then fails', async () => {
    const server = await startServer()
    const first = await login(server.url)
    const response = await refresh(server.url, first.refresh_token)
    expect(response.status).toBe(200)
    const second = (await response.json()) as TokenBody
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(second.access_token).not.toBe(first.access_token)
    expect(second.userName).toBe('demo')

    const reuse = await refresh(server.url, first.refresh_token)
    expect(reuse.status).toBe(401)
    expect(((await reuse.json()) as { error: string }).error).toBe('invalid_grant')
    expect((await refresh(server.url, second.refresh_token)).status).toBe(200)
  })

  it('keeps the same refresh token working when rotation is off', async () => {
    const server = await startServer({ rotateRefreshTokens: false })
    const first = await login(server.url)
    for (let i = 0; i < 3; i++) {
      const response = await refresh(server.url, first.refresh_token)
      expect(response.status).toBe(200)
      expect(((await response.json()) as TokenBody).refresh_token).toBe(first.refresh_token)
    }
  })

  it('rejects an unknown refresh token with refreshRejectionStatus (401 default, 400 when set)', async () => {
    const vendor = await startServer()
    const unknown = await refresh(vendor.url, 'not-a-token')
    expect(unknown.status).toBe(401)
    expect(((await unknown.json()) as { error: string }).error).toBe('invalid_grant')

    const plain = await startServer({ refreshRejectionStatus: 400 })
    const tokens = await login(plain.url)
    await refresh(plain.url, tokens.refresh_token)
    const reused = await refresh(plain.url, tokens.refresh_token)
    expect(reused.status).toBe(400)
    expect(((await reused.json()) as { error: string }).error).toBe('invalid_grant')
  })

  it('rejects every refresh token after revokeRefreshTokens()', async () => {
    const server = await startServer({ rotateRefreshTokens: false })
    const tokens = await login(server.url)
    server.revokeRefreshTokens()
    expect((await refresh(server.url, tokens.refresh_token)).status).toBe(401)
    const again = await login(server.url)
    expect((await refresh(server.url, again.refresh_token)).status).toBe(200)
  })

  it('records client_id and keeps refreshing for a user whose password changed', async () => {
    const server = await startServer()
    const response = await postToken(server.url, {
      grant_type: 'password',
      username: 'demo',
      password: 'demo-password',
      client_id: 'dispatch-app',
    })
    const tokens = (await response.json()) as TokenBody
    server.setPassword('demo', 'rotated-password')
    expect((await refresh(server.url, tokens.refresh_token)).status).toBe(200)
    expect(server.tokenRequests()[0]?.clientId).toBe('dispatch-app')
  })
})

describe('POST /token through openid-client', () => {
  it('completes a password grant and a refresh grant, and surfaces a rejection as an OAuth error', async () => {
    const server = await startServer()
    const config = openIdClient(server.url)
    const tokens = await genericGrantRequest(config, 'password', {
      username: 'demo',
      password: 'demo-password',
    })
    expect(tokens.token_type).toBe('bearer')
    expect(tokens.expires_in).toBe(86_400)
    expect(tokens.access_token.split('.')).toHaveLength(3)
    expect(tokens.userName).toBe('demo')

    const refreshed = await refreshTokenGrant(config, tokens.refresh_token!)
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)

    const rejection = await refreshTokenGrant(config, tokens.refresh_token!).catch(
      (error: unknown) => error,
    )
    expect(rejection).toBeInstanceOf(ResponseBodyError)
    expect((rejection as ResponseBodyError).error).toBe('invalid_grant')
    expect((rejection as ResponseBodyError).status).toBe(401)

    const log = server.tokenRequests()
    expect(log.map((entry) => entry.clientId)).toEqual(['any-client', 'any-client', 'any-client'])
    expect(log.map((entry) => entry.grantType)).toEqual([
      'password',
      'refresh_token',
      'refresh_token',
    ])
  })

  it('surfaces wrong credentials as invalid_grant', async () => {
    const server = await startServer()
    const error = await genericGrantRequest(openIdClient(server.url), 'password', {
      username: 'demo',
      password: 'nope',
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ResponseBodyError)
    expect((error as ResponseBodyError).error).toBe('invalid_grant')
    expect((error as ResponseBodyError).error_description).toBe(
      'The user name or password is incorrect.',
    )
  })
})
