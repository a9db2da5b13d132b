import 'reflect-metadata'
import { MOCK_PROVIDERS } from '@mediroutes/mock-server'
import type { INestApplication } from '@nestjs/common'
import { ExpressAdapter } from '@nestjs/platform-express'
import { FastifyAdapter } from '@nestjs/platform-fastify'
import { Test } from '@nestjs/testing'
import { describe, expect, it } from 'vitest'
import { MediRoutesModule, MediRoutesProxyModule } from '../src/index.js'
import { PLATFORMS, type Platform } from './fixtures/dispatch-app.js'
import {
  closeAfterTest,
  demoOptions,
  emulator,
  expectNoSecrets,
  listen,
  RecordingLogger,
  rejectionOf,
} from './helpers.js'

const LAKESIDE = MOCK_PROVIDERS[0]!
const RIDER = '/api/v1/riders/getByRiderId?rider_id=LMT-1001'

async function boot(
  platform: Platform,
  globalPrefix?: string,
  logger: RecordingLogger | false = false,
) {
  const server = await emulator()
  const moduleRef = await Test.createTestingModule({
    imports: [
      MediRoutesModule.forRoot(demoOptions(server)),
      MediRoutesProxyModule.forRoot({
        path: 'api/mediroutes',
        provider: LAKESIDE.name,
        allow: [
          { path: '/api/v1/riders', methods: ['GET'] },
          { path: '/api/v1/singletrip', methods: ['GET', 'POST'] },
        ],
      }),
    ],
  }).compile()
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter()
  const app: INestApplication = moduleRef.createNestApplication(adapter, { logger })
  if (globalPrefix !== undefined) app.setGlobalPrefix(globalPrefix)
  closeAfterTest(app)
  const url = await listen(app)
  return {
    server,
    base: `${url}${globalPrefix === undefined ? '' : `/${globalPrefix}`}/api/mediroutes`,
  }
}

describe.each(PLATFORMS)('MediRoutesProxyModule on %s', (platform) => {
  it("forwards an allowed GET with the provider's key added on the server", async () => {
    const { server, base } = await boot(platform)
    const response = await fetch(`${base}${RIDER}`)
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(JSON.parse(text)).toMatchObject({
      Data: [expect.objectContaining({ rider_id: 'LMT-1001' })],
    })
    expect(server.counters().requestsByPath).toMatchObject({ '/api/v1/riders/getByRiderId': 1 })
    expectNoSecrets(text + JSON.stringify([...response.headers]), [LAKESIDE.apiKey])
  })

  it('mounts its route without a route-syntax warning', async () => {
    const logger = new RecordingLogger()
    const { base } = await boot(platform, undefined, logger)
    expect((await fetch(`${base}${RIDER}`)).status).toBe(200)
    expect(logger.lines.filter((line) => /unsupported route/i.test(line))).toEqual([])
  })

  it('leaves the bare mount to Nest, which answers 404', async () => {
    const { server, base } = await boot(platform)
    expect((await fetch(base)).status).toBe(404)
    expect(server.counters().requestsByPath['/api/v1/access']).toBeUndefined()
  })

  it('reads the path below a global prefix', async () => {
    const { base } = await boot(platform, 'app')
    expect((await fetch(`${base}${RIDER}`)).status).toBe(200)
  })

  it('forwards a JSON body (parsed by the platform) with tp_api_key added', async () => {
    const { base } = await boot(platform)
    const trip = {
      trip_id: `NST-${platform}-01`,
      rider_id: 'LMT-1003',
      funding_source_id: LAKESIDE.fundingSources[0]!.id,
      space_type: 'AMB',
      pickup: { event_name: 'Home', pickup_time: '2030-02-01 14:00' },
      dropoff: { event_name: 'Clinic', appt_time: '2030-02-01 15:00' },
    }
    const response = await fetch(`${base}/api/v1/singletrip`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(trip),
    })
    expect(response.status).toBe(201)
    expect((await response.json()).Data).toMatchObject({ trip_id: trip.trip_id })
  })

  it.each([
    ['a path outside the allowlist', 'GET', '/api/v1/users', 404, 'not_found'],
    ['.. out of the allowlist', 'GET', '/api/v1/riders/..%2F..%2Ftoken', 404, 'not_found'],
    ['a method not allowed', 'DELETE', '/api/v1/riders/x', 405, 'method_not_allowed'],
    ['a browser-sent api_key', 'GET', `${RIDER}&api_key=stolen`, 400, 'api_key_refused'],
  ] as const)(
    'refuses %s without calling MediRoutes',
    async (_case, method, path, status, code) => {
      const { server, base } = await boot(platform)
      const response = await fetch(`${base}${path}`, { method })
      expect(response.status).toBe(status)
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code)
      expect(server.counters().requestsByPath['/api/v1/riders/getByRiderId']).toBeUndefined()
    },
  )
})

it('refuses a bad option when the module is declared', async () => {
  const error = await rejectionOf((async () => MediRoutesProxyModule.forRoot({ allow: [] }))())
  expect(error).toMatchObject({ code: 'invalid_config' })
})
