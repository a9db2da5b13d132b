import { createMediRoutesClient } from '@mediroutes/auth-core'
import { describe, expect, it } from 'vitest'
import { mediRoutes } from '../src/index.js'
import {
  app,
  brokerOptions,
  DEMO_USER,
  demoOptions,
  emulator,
  emulatorWithBroker,
  rejectionOf,
} from './helpers.js'

describe('onClose', () => {
  it('closes a client the plugin created', async () => {
    const server = await emulator()
    const fastify = app()
    await fastify.register(mediRoutes, demoOptions(server))
    await fastify.ready()
    const client = fastify.mediroutes
    await client.getAccessToken()

    await fastify.close()

    const error = await rejectionOf(client.fetch('/api/v1/access'))
    expect(error.code).toBe('closed')
  })

  it('closes each namespace the plugin created', async () => {
    const server = await emulatorWithBroker()
    const fastify = app()
    await fastify.register(mediRoutes, brokerOptions(server))
    await fastify.ready()
    const client = fastify.mediroutes.broker!

    await fastify.close()

    expect((await rejectionOf(client.getAccessToken())).code).toBe('closed')
  })

  it('leaves a client passed in open: it belongs to the caller', async () => {
    const server = await emulator()
    const client = createMediRoutesClient(demoOptions(server))
    const fastify = app()
    await fastify.register(mediRoutes, { client })
    await fastify.register(mediRoutes, { client, namespace: 'again' })
    await fastify.ready()

    await fastify.close()

    expect((await client.fetch('/api/v1/access')).status).toBe(200)
    await client.close()
  })

  it('creates nothing when registration is refused', async () => {
    const fastify = app()
    await fastify.register(mediRoutes, { ...DEMO_USER, baseUrl: 'http://127.0.0.1:9' })
    await rejectionOf(
      fastify.register(mediRoutes, { ...DEMO_USER, baseUrl: 'http://127.0.0.1:9' }).ready(),
    )
    // Only the first registration added a close hook; the refused one made no client to leak.
    expect(fastify.logs.lines.filter((l) => l.msg === 'MediRoutes client registered')).toHaveLength(
      1,
    )
  })
})
