import { MemoryTokenStore } from '@mediroutes/auth-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  closeMediRoutesClient,
  createMediRoutes,
  fetchMediRoutesJson,
  getMediRoutesClient,
} from '../src/index.js'
import { DEMO_USER, emulator, LAKESIDE, quietLogger } from './helpers.js'

afterEach(async () => {
  await closeMediRoutesClient()
  vi.unstubAllGlobals()
})

const RIDER = '/api/v1/riders/getByRiderId?rider_id=LMT-1001'

describe('createMediRoutes', () => {
  it('gives handlers, actions and helpers one client, logging in once', async () => {
    const server = await emulator()
    // The options a per-request getMediRoutesClient(options) call would build again each time.
    const mediroutes = createMediRoutes({
      baseUrl: server.url,
      username: DEMO_USER.username,
      password: async () => DEMO_USER.password,
      store: new MemoryTokenStore(),
      env: {},
      logger: quietLogger,
      proxy: { allow: ['/api/v1/riders'], provider: LAKESIDE.name },
    })
    for (let i = 0; i < 3; i++) {
      const response = await mediroutes.handlers.GET(
        new Request(`http://app.test/api/mediroutes${RIDER}`),
      )
      expect(response.status).toBe(200)
    }
    const lookup = mediroutes.action(async () => {
      const riders = await mediroutes
        .client()
        .forProvider(LAKESIDE.name)
        .riders.getByRiderId('LMT-1002')
      return riders[0]?.last_name
    })
    expect(await lookup()).toEqual({ ok: true, data: 'Oyelaran' })
    const viaHelper = await fetchMediRoutesJson<{ Data: unknown[] }>(RIDER, {
      provider: LAKESIDE.name,
    })
    expect(viaHelper.Data).toHaveLength(1)
    expect(mediroutes.client()).toBe(getMediRoutesClient())
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('creates no client at import: a build without MEDIROUTES_* still succeeds', async () => {
    const mediroutes = createMediRoutes({ env: {}, logger: quietLogger })
    expect(() => mediroutes.client()).toThrow(expect.objectContaining({ code: 'invalid_config' }))
    const response = await mediroutes.handlers.GET(new Request('http://app.test/api/mediroutes/x'))
    expect(response.status).toBe(404)
  })

  it('checks action results against its client, and refuses to run in a browser', async () => {
    const server = await emulator()
    const mediroutes = createMediRoutes({
      env: { MEDIROUTES_BASE_URL: server.url, MEDIROUTES_USERNAME: DEMO_USER.username },
      password: DEMO_USER.password,
      logger: quietLogger,
    })
    const leaky = mediroutes.action(async () => ({
      token: await mediroutes.client().getAccessToken(),
    }))
    expect(await leaky()).toMatchObject({ ok: false, error: { code: 'unexpected' } })
    vi.stubGlobal('window', {})
    vi.stubGlobal('document', {})
    expect(() => createMediRoutes()).toThrow(expect.objectContaining({ code: 'server_only' }))
  })
})
