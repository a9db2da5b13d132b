import { createMediRoutesClient } from '@mediroutes/auth-core'
import { describe, expect, it } from 'vitest'
import { mediRoutes } from '../src/index.js'
import {
  app,
  BROKER,
  brokerOptions,
  DEMO_USER,
  demoOptions,
  emulator,
  emulatorWithBroker,
  rejectionOf,
} from './helpers.js'

describe('several accounts through namespaces', () => {
  it('gives each namespace its own account and token', async () => {
    const server = await emulatorWithBroker()
    const fastify = app()
    await fastify.register(mediRoutes, demoOptions(server))
    await fastify.register(mediRoutes, brokerOptions(server))
    fastify.get('/both', async (request) => {
      const clients = request.mediroutes
      // Each account's claims: the client user acts for one provider, the broker for three.
      const [mine, theirs] = await Promise.all([clients.getAccess(), clients.broker!.getAccess()])
      const names = (access: typeof mine) => access.providers.map((provider) => provider.name)
      return { mine: names(mine), theirs: names(theirs) }
    })

    const reply = await fastify.inject({ url: '/both' })

    expect(reply.json()).toEqual({
      mine: ['Lakeside Medical Transport'],
      theirs: ['Lakeside Medical Transport', 'Riverside Wheelchair Vans', 'Summit Ambulette'],
    })
    expect(fastify.mediroutes.username).toBe('demo')
    expect(fastify.mediroutes.broker?.username).toBe('broker')
    const grants = server.tokenRequests().map((r) => r.username)
    expect(grants.sort()).toEqual(['broker', 'demo'])
  })

  it('works with namespaces only, and says how when the default client is asked for', async () => {
    const server = await emulator({ users: [BROKER] })
    const fastify = app()
    await fastify.register(mediRoutes, brokerOptions(server))
    await fastify.ready()

    expect((await fastify.mediroutes.broker!.fetch('/api/v1/access')).status).toBe(200)
    const error = await rejectionOf(fastify.mediroutes.fetch('/api/v1/access'))
    expect(error.code).toBe('invalid_config')
    expect(error.message).toContain('use fastify.mediroutes.broker')
    expect(() => fastify.mediroutes.baseUrl).toThrow(/no default MediRoutes client/)
  })

  it.each([
    ['a namespace', 'broker', 'namespace "broker" is already registered'],
    ['the default client', undefined, 'already registered without a namespace'],
  ])('refuses %s registered twice', async (_, namespace, message) => {
    const fastify = app()
    const options = { ...DEMO_USER, baseUrl: 'http://127.0.0.1:9', namespace }
    await fastify.register(mediRoutes, options)
    const error = await rejectionOf(fastify.register(mediRoutes, options).ready())
    expect(error.code).toBe('invalid_config')
    expect(error.message).toContain(message)
  })

  it('keeps a namespace registered in an encapsulated context out of its parent and siblings', async () => {
    const fastify = app()
    const options = { ...DEMO_USER, baseUrl: 'http://127.0.0.1:9' }
    await fastify.register(mediRoutes, options)
    const seen: Record<string, unknown> = {}
    for (const name of ['one', 'two']) {
      await fastify.register(async (child) => {
        // The same namespace in two siblings is not a clash: each context has its own.
        await child.register(mediRoutes, { ...options, namespace: 'scoped' })
        child.get(`/${name}`, async (request) => ({
          scoped: request.mediroutes.scoped?.username,
          inherited: request.mediroutes.username,
        }))
        seen[name] = child.mediroutes.scoped
      })
    }
    await fastify.ready()

    expect(fastify.mediroutes.scoped).toBeUndefined()
    expect(seen.one).toBeDefined()
    expect(seen.one).not.toBe(seen.two)
    expect((await fastify.inject({ url: '/one' })).json()).toEqual({
      scoped: 'demo',
      inherited: 'demo',
    })
  })

  it('refuses in a child context a namespace its parent already has', async () => {
    const fastify = app()
    const options = { ...DEMO_USER, baseUrl: 'http://127.0.0.1:9', namespace: 'broker' }
    await fastify.register(mediRoutes, options)
    fastify.register(async (child) => {
      await child.register(mediRoutes, options)
    })
    const error = await rejectionOf(fastify.ready())
    expect(error.message).toContain('namespace "broker" is already registered')
  })

  it('refuses to take over a mediroutes decorator that is not its own', async () => {
    const fastify = app()
    // As another plugin might: the merged type says the name is ours, JavaScript does not care.
    fastify.decorate('mediroutes', 'something else' as never)
    const error = await rejectionOf(
      fastify.register(mediRoutes, { ...DEMO_USER, baseUrl: 'http://127.0.0.1:9' }).ready(),
    )
    expect(error.code).toBe('invalid_config')
    expect(error.message).toContain('already decorated by something else')
  })

  it('shares clients between an ES module and a CommonJS copy of the plugin', async () => {
    const { createRequire } = await import('node:module')
    const cjs = createRequire(import.meta.url)('../dist/index.cjs') as {
      mediRoutes: typeof mediRoutes
    }
    expect(cjs.mediRoutes).not.toBe(mediRoutes)
    const fastify = app()
    const options = { ...DEMO_USER, baseUrl: 'http://127.0.0.1:9' }
    await fastify.register(mediRoutes, options)
    await fastify.register(cjs.mediRoutes, { ...options, namespace: 'fromCjs' })
    const error = await rejectionOf(fastify.register(cjs.mediRoutes, options).ready())

    expect(fastify.mediroutes.fromCjs?.username).toBe('demo')
    expect(error.message).toContain('already registered without a namespace')
  })

  it('shows its clients in inspect and JSON without secrets', async () => {
    const server = await emulatorWithBroker()
    const broker = createMediRoutesClient({ baseUrl: server.url, ...BROKER })
    const fastify = app()
    await fastify.register(mediRoutes, demoOptions(server))
    await fastify.register(mediRoutes, { client: broker, namespace: 'broker' })
    await fastify.ready()
    const token = await fastify.mediroutes.getAccessToken()

    const json = JSON.stringify(fastify.mediroutes)
    const { inspect } = await import('node:util')
    const shown = inspect(fastify.mediroutes, { depth: 10 })

    expect(JSON.parse(json)).toEqual({
      default: { type: 'MediRoutesClient', baseUrl: server.url, username: 'demo' },
      broker: { type: 'MediRoutesClient', baseUrl: server.url, username: 'broker' },
    })
    expect(shown).toMatch(/^MediRoutesClients \{/)
    expect(shown).toContain("username: 'broker'")
    for (const text of [json, shown]) {
      expect(text).not.toContain(token)
      expect(text).not.toContain(DEMO_USER.password)
      expect(text).not.toContain(BROKER.password)
    }
    await broker.close()
  })
})
