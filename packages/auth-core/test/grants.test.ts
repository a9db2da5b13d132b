import { describe, expect, it } from 'vitest'
import { createMediRoutesClient, MemoryTokenStore, tokenStoreKey } from '../src/index.js'
import { clientFor, DEMO_USER, emulator, TRIPS_PATH } from './helpers.js'

describe('grants through openid-client', () => {
  it('sends exactly grant_type, username and password as a form, and no client_id by default', async () => {
    const server = await emulator()
    const client = clientFor(server)
    await client.getAccessToken()
    const [request] = server.tokenRequests()
    expect(request?.contentType).toMatch(/^application\/x-www-form-urlencoded/)
    expect([...(request?.fields ?? [])].sort()).toEqual(['grant_type', 'password', 'username'])
    expect(request?.grantType).toBe('password')
    expect(request?.clientId).toBeNull()
  })

  it('adds client_id only when configured', async () => {
    const server = await emulator()
    await clientFor(server, { clientId: 'dispatch-app' }).getAccessToken()
    const [request] = server.tokenRequests()
    expect([...(request?.fields ?? [])].sort()).toEqual([
      'client_id',
      'grant_type',
      'password',
      'username',
    ])
    expect(request?.clientId).toBe('dispatch-app')
  })

  it('sends exactly grant_type and refresh_token when refreshing', async () => {
    const server = await emulator({ tokenLifetimeSeconds: 60 })
    const client = clientFor(server, { refreshWindowMs: 0 })
    await client.getAccessToken()
    server.revokeAccessTokens()
    const response = await client.fetch('/api/v1/access')
    expect(response.status).toBe(200)
    const refresh = server.tokenRequests().find((r) => r.grantType === 'refresh_token')
    expect([...(refresh?.fields ?? [])].sort()).toEqual(['grant_type', 'refresh_token'])
  })

  it('uses {baseUrl}/token when the base URL has a path prefix', async () => {
    const server = await emulator({ basePath: '/external/v1' })
    expect(server.url).toMatch(/\/external\/v1$/)
    const client = clientFor(server, { baseUrl: `${server.url}/` })
    const response = await client.fetch(TRIPS_PATH)
    expect(response.status).toBe(200)
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('maps the token response to a plain-JSON token set anchored to the send time', async () => {
    const server = await emulator({ tokenLifetimeSeconds: 3600 })
    const before = Date.now()
    const tokens = await clientFor(server).getTokenSet()
    expect(tokens.tokenType.toLowerCase()).toBe('bearer')
    expect(tokens.userName).toBe(DEMO_USER.username)
    expect(typeof tokens.refreshToken).toBe('string')
    expect(tokens.issuedAt).toBeGreaterThanOrEqual(before)
    expect(tokens.expiresAt - tokens.issuedAt).toBe(3_600_000)
    expect(JSON.parse(JSON.stringify(tokens))).toEqual(tokens)
  })
})

describe('the token store', () => {
  it('keys tokens by base URL and username, never the password', async () => {
    const server = await emulator()
    const store = new MemoryTokenStore()
    await clientFor(server, { store }).getAccessToken()
    const key = tokenStoreKey(server.url, DEMO_USER.username)
    expect(await store.get(key)).toBeDefined()
    expect(key).not.toContain(DEMO_USER.username)
    expect(key).not.toContain(DEMO_USER.password)
    expect(tokenStoreKey(server.url, 'other')).not.toBe(key)
    expect(tokenStoreKey('https://other.example.com', DEMO_USER.username)).not.toBe(key)
  })

  it('lets two clients on one store share one token: the second makes no token request', async () => {
    const server = await emulator()
    const store = new MemoryTokenStore()
    const first = await clientFor(server, { store }).getAccessToken()
    const second = await clientFor(server, { store }).getAccessToken()
    expect(second).toBe(first)
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('performs one grant when two clients on one store start cold at the same time', async () => {
    const server = await emulator()
    const store = new MemoryTokenStore()
    const [a, b] = await Promise.all([
      clientFor(server, { store }).getAccessToken(),
      clientFor(server, { store }).getAccessToken(),
    ])
    expect(a).toBe(b)
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('reads a password function at each password grant, so a rotated secret is used without a restart', async () => {
    const server = await emulator({ tokenLifetimeSeconds: 60 })
    let password = DEMO_USER.password
    const client = clientFor(server, { password: async () => password })
    await client.getAccessToken()
    server.setPassword(DEMO_USER.username, 'rotated-password')
    server.revokeRefreshTokens()
    server.revokeAccessTokens()
    password = 'rotated-password'
    expect((await client.fetch('/api/v1/access')).status).toBe(200)
    expect(server.counters().passwordGrants).toBe(2)
  })

  it('does not share tokens between two accounts on one store', async () => {
    const server = await emulator({
      users: [DEMO_USER, { username: 'second', password: 'second-password' }],
    })
    const store = new MemoryTokenStore()
    const a = await clientFor(server, { store }).getAccessToken()
    const b = await createMediRoutesClient({
      baseUrl: server.url,
      username: 'second',
      password: 'second-password',
      store,
    }).getAccessToken()
    expect(a).not.toBe(b)
    expect(server.counters().passwordGrants).toBe(2)
  })
})
