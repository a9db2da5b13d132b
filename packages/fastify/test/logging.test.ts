import { MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { describe, expect, it } from 'vitest'
import { mediRoutes } from '../src/index.js'
import {
  app,
  brokerOptions,
  DEMO_USER,
  demoOptions,
  emulator,
  emulatorWithBroker,
} from './helpers.js'

const PLUGIN = '@mediroutes/fastify'
/** The lines the plugin itself writes; every other tagged line comes from the core. */
const OWN = new Set(['MediRoutes client registered', 'MediRoutes client closed'])

describe('logs', () => {
  it('go through fastify.log, tagged with the plugin and namespace', async () => {
    const server = await emulatorWithBroker()
    const fastify = app()
    await fastify.register(mediRoutes, demoOptions(server))
    await fastify.register(mediRoutes, brokerOptions(server))
    await fastify.ready()
    await fastify.mediroutes.getAccessToken()
    await fastify.mediroutes.broker!.getAccessToken()
    await fastify.close()

    const tagged = fastify.logs.lines.filter((line) => line.plugin === PLUGIN)
    const label = (line: Record<string, unknown>) => `${String(line.namespace ?? '-')} ${line.msg}`
    expect(
      tagged
        .filter((line) => OWN.has(String(line.msg)))
        .map(label)
        .sort(),
    ).toEqual([
      '- MediRoutes client closed',
      '- MediRoutes client registered',
      'broker MediRoutes client closed',
      'broker MediRoutes client registered',
    ])
    // The core's own lines (their wording is the core's) arrive tagged for each account.
    const fromCore = tagged.filter((line) => !OWN.has(String(line.msg)))
    expect(new Set(fromCore.map((line) => line.namespace ?? '-'))).toEqual(new Set(['-', 'broker']))
  })

  it('use the logger passed in options instead, when there is one', async () => {
    const server = await emulator()
    const fastify = app()
    const seen: string[] = []
    const record = (_: Record<string, unknown>, message: string) => void seen.push(message)
    const logger = { debug: record, info: record, warn: record, error: record }
    await fastify.register(mediRoutes, { ...demoOptions(server), logger })
    await fastify.ready()
    await fastify.mediroutes.getAccessToken()

    expect(seen.length).toBeGreaterThan(0)
    const fromCore = fastify.logs.lines.filter(
      (line) => line.plugin === PLUGIN && !OWN.has(String(line.msg)),
    )
    expect(fromCore).toEqual([])
  })

  it('never carry a password, token or provider key, through refreshes and failures', async () => {
    const server = await emulator({ tokenLifetimeSeconds: 60 })
    const lakeside = MOCK_PROVIDERS.find((p) => p.name === 'Lakeside Medical Transport')!
    const fastify = app()
    await fastify.register(mediRoutes, { ...demoOptions(server), maxRetries: 1 })
    await fastify.register(mediRoutes, {
      baseUrl: server.url,
      username: DEMO_USER.username,
      password: 'a-wrong-secret-password',
      namespace: 'wrong',
      maxRetries: 0,
    })
    // A provider call: its key travels in the query string, which must not reach the logs either.
    fastify.get('/rider', async (request) =>
      request.mediroutes.forProvider(lakeside.name).riders.getByRiderId('LMT-1001'),
    )
    fastify.get('/wrong', async (request) => request.mediroutes.wrong!.fetch('/api/v1/access'))

    const first = await fastify.mediroutes.getTokenSet()
    const rider = await fastify.inject({ url: '/rider' })
    expect(rider.statusCode).toBe(200)
    expect(rider.json()).toMatchObject([{ rider_id: 'LMT-1001' }])
    server.revokeAccessTokens()
    expect((await fastify.inject({ url: '/rider' })).statusCode).toBe(200)
    const second = await fastify.mediroutes.getTokenSet()
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 500 }, count: 10 })
    server.revokeAccessTokens()
    const failed = await fastify.inject({ url: '/rider' })
    server.clearFaults()
    const refused = await fastify.inject({ url: '/wrong' })
    await fastify.close()

    expect(failed.statusCode).toBeGreaterThanOrEqual(500)
    expect(refused.statusCode).toBeGreaterThanOrEqual(400)
    expect(second.accessToken).not.toBe(first.accessToken)
    const text = fastify.logs.text()
    const levels = fastify.logs.lines.filter((l) => l.plugin === PLUGIN).map((l) => l.level)
    expect(levels).toContain(50) // the core's error lines made it through the bridge
    for (const secret of [
      DEMO_USER.password,
      'a-wrong-secret-password',
      first.accessToken,
      first.refreshToken!,
      second.accessToken,
      second.refreshToken!,
      lakeside.apiKey,
    ]) {
      expect(text).not.toContain(secret)
      expect(failed.body + refused.body).not.toContain(secret)
    }
  })
})
