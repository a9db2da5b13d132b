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

    const ours = fastify.logs.lines.filter((line) => line.plugin === PLUGIN)
    const messages = ours.map((line) => `${String(line.namespace ?? '-')} ${String(line.msg)}`)
    expect(messages).toEqual(
      expect.arrayContaining([
        '- MediRoutes client registered',
        'broker MediRoutes client registered',
        '- MediRoutes token obtained',
        'broker MediRoutes token obtained',
        '- MediRoutes client closed',
        'broker MediRoutes client closed',
      ]),
    )
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

    expect(seen).toContain('MediRoutes token obtained')
    const fromCore = fastify.logs.lines.filter((l) => l.msg === 'MediRoutes token obtained')
    expect(fromCore).toHaveLength(0)
  })

  it('never carry a password or token, through refreshes and failures', async () => {
    const server = await emulator({ tokenLifetimeSeconds: 60 })
    const fastify = app()
    await fastify.register(mediRoutes, { ...demoOptions(server), maxRetries: 1 })
    await fastify.register(mediRoutes, {
      baseUrl: server.url,
      username: DEMO_USER.username,
      password: 'a-wrong-secret-password',
      namespace: 'wrong',
      maxRetries: 0,
    })
    fastify.get('/rider', async (request) =>
      (await request.mediroutes.fetch('/api/riders/R-1001')).json(),
    )
    fastify.get('/wrong', async (request) => request.mediroutes.wrong!.fetch('/api/riders/R-1001'))

    const first = await fastify.mediroutes.getTokenSet()
    expect((await fastify.inject({ url: '/rider' })).statusCode).toBe(200)
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
    ]) {
      expect(text).not.toContain(secret)
      expect(failed.body + refused.body).not.toContain(secret)
    }
  })
})
