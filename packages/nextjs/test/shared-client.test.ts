import { afterEach, describe, expect, it, vi } from 'vitest'
import { closeMediRoutesClient, getMediRoutesClient } from '../src/index.js'
import { DEMO_USER, emulator } from './helpers.js'

afterEach(async () => {
  await closeMediRoutesClient()
  vi.unstubAllGlobals()
})

function envFor(baseUrl: string) {
  return {
    MEDIROUTES_BASE_URL: baseUrl,
    MEDIROUTES_USERNAME: DEMO_USER.username,
    MEDIROUTES_PASSWORD: DEMO_USER.password,
  }
}

describe('getMediRoutesClient', () => {
  it('configures itself from MEDIROUTES_* and returns one client per process', async () => {
    const server = await emulator()
    const env = envFor(server.url)
    const client = getMediRoutesClient({ env })
    expect(client.baseUrl).toBe(server.url)
    expect(client.username).toBe(DEMO_USER.username)
    expect(getMediRoutesClient()).toBe(client)
    expect(getMediRoutesClient({ env })).toBe(client)
    await client.getAccessToken()
    await getMediRoutesClient().getAccessToken()
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('survives a reload of the module, as in next dev', async () => {
    const server = await emulator()
    const client = getMediRoutesClient({ env: envFor(server.url) })
    vi.resetModules()
    const reloaded = await import('../src/shared-client.js')
    expect(reloaded.getMediRoutesClient).not.toBe(getMediRoutesClient)
    expect(reloaded.getMediRoutesClient()).toBe(client)
  })

  it('reads process.env by default', async () => {
    const server = await emulator()
    vi.stubEnv('MEDIROUTES_BASE_URL', server.url)
    vi.stubEnv('MEDIROUTES_USERNAME', DEMO_USER.username)
    vi.stubEnv('MEDIROUTES_PASSWORD', DEMO_USER.password)
    try {
      const client = getMediRoutesClient()
      expect(client.baseUrl).toBe(server.url)
      await expect(client.getAccessToken()).resolves.toMatch(/^eyJ/)
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('does not read the environment when given username and password', async () => {
    const server = await emulator()
    const client = getMediRoutesClient({
      env: {},
      baseUrl: server.url,
      username: DEMO_USER.username,
      password: async () => DEMO_USER.password,
    })
    await expect(client.getAccessToken()).resolves.toMatch(/^eyJ/)
  })

  it('replaces the client, closing the old one, when called with other options', async () => {
    const server = await emulator()
    const env = envFor(server.url)
    const first = getMediRoutesClient({ env })
    const second = getMediRoutesClient({ env, refreshWindowMs: 60_000 })
    expect(second).not.toBe(first)
    await expect(first.getAccessToken()).rejects.toMatchObject({ code: 'closed' })
    expect(getMediRoutesClient()).toBe(second)
  })

  it('names the missing variable when the environment is incomplete', () => {
    expect(() => getMediRoutesClient({ env: { MEDIROUTES_USERNAME: 'demo' } })).toThrow(
      expect.objectContaining({
        code: 'invalid_config',
        message: expect.stringMatching(/MEDIROUTES_PASSWORD/),
      }),
    )
  })

  it('refuses to run in a browser, with a clear server_only error', async () => {
    vi.stubGlobal('window', {})
    vi.stubGlobal('document', {})
    expect(() => getMediRoutesClient()).toThrow(
      expect.objectContaining({
        code: 'server_only',
        message: expect.stringMatching(/runs on the server only.*Server Component/),
      }),
    )
  })

  it('starts afresh after closeMediRoutesClient()', async () => {
    const server = await emulator()
    const env = envFor(server.url)
    const first = getMediRoutesClient({ env })
    await closeMediRoutesClient()
    await expect(first.getAccessToken()).rejects.toMatchObject({ code: 'closed' })
    expect(getMediRoutesClient({ env })).not.toBe(first)
  })
})
