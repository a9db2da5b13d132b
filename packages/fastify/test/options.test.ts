import {
  createMediRoutesClient,
  type MediRoutesClient,
  MemoryTokenStore,
} from '@mediroutes/auth-core'
import type { FastifyRegisterOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { type MediRoutesPluginOptions, mediRoutes } from '../src/index.js'
import { app, DEMO_USER, demoOptions, emulator, rejectionOf, withEnv } from './helpers.js'

/** Registers with options the types refuse, as JavaScript callers can. */
async function registerUnchecked(options: unknown): Promise<Record<string, unknown>> {
  const fastify = app()
  return rejectionOf(fastify.register(mediRoutes, options as MediRoutesPluginOptions).ready())
}

describe('options are validated at registration', () => {
  it.each([
    ['no username', { password: 'x' }, /username is required/],
    ['no password', { username: 'demo' }, /password is required/],
    // The core's own checks: only the option's name is asserted, the core owns the wording.
    ['an empty username', { username: ' ', password: 'x' }, /username/],
    ['a bad base URL', { ...DEMO_USER, baseUrl: 'not a url' }, /baseUrl/],
    ['plain HTTP to a remote host', { ...DEMO_USER, baseUrl: 'http://api.example.com' }, /http/],
    ['a negative timeout', { ...DEMO_USER, timeoutMs: -1 }, /timeoutMs/],
    ['a client that is not one', { client: { fetch() {} } }, /`client` must be a client made by/],
    [
      'a namespace that is not an identifier',
      { ...DEMO_USER, namespace: 'my-broker' },
      /identifier/,
    ],
    ['a namespace that is not a string', { ...DEMO_USER, namespace: 7 }, /got number/],
    ['a namespace named like a client member', { ...DEMO_USER, namespace: 'fetch' }, /taken/],
    ['a thenable namespace', { ...DEMO_USER, namespace: 'then' }, /taken/],
  ])('refuses %s with invalid_config', async (_, options, message) => {
    const error = await registerUnchecked(options)
    expect(error.code).toBe('invalid_config')
    expect(error.name).toBe('MediRoutesAuthError')
    expect(String(error.message)).toMatch(/^@mediroutes\/fastify/)
    expect(String(error.message)).toMatch(message)
  })

  it('refuses client options next to a client, naming them', async () => {
    const client = createMediRoutesClient({ ...DEMO_USER, baseUrl: 'http://127.0.0.1:9' })
    const error = await registerUnchecked({ client, timeoutMs: 5, maxRetries: 1 })
    expect(error.code).toBe('invalid_config')
    expect(error.message).toContain('got timeoutMs, maxRetries next to `client`')
    await client.close()
  })

  it('says which namespace failed', async () => {
    const error = await registerUnchecked({ namespace: 'broker', username: 'demo' })
    expect(error.message).toMatch(/^@mediroutes\/fastify \(namespace "broker"\): password/)
  })

  it('never echoes the password in the error', async () => {
    const error = await registerUnchecked({
      username: 'demo',
      password: 'p@ss-word-123',
      baseUrl: 'ftp://p@ss-word-123',
    })
    expect(error.code).toBe('invalid_config')
    expect(JSON.stringify(error)).not.toContain('p@ss-word-123')
    expect(String(error.message)).not.toContain('p@ss-word-123')
  })
})

describe('where the client comes from', () => {
  /** Registers with `options` while MEDIROUTES_* point at a fresh emulator's demo account. */
  async function registerFromEnv(options: FastifyRegisterOptions<MediRoutesPluginOptions> = {}) {
    const server = await emulator()
    const fastify = app()
    const env = {
      MEDIROUTES_BASE_URL: server.url,
      MEDIROUTES_USERNAME: DEMO_USER.username,
      MEDIROUTES_PASSWORD: DEMO_USER.password,
    }
    await withEnv(env, async () => {
      await fastify.register(mediRoutes, options)
      await fastify.ready()
    })
    return { server, fastify }
  }

  it('reads MEDIROUTES_* when no client option is passed', async () => {
    const { server, fastify } = await registerFromEnv()
    expect(fastify.mediroutes.baseUrl).toBe(server.url)
    expect((await fastify.mediroutes.fetch('/api/v1/access')).status).toBe(200)
    expect(server.tokenRequests().map((r) => r.username)).toEqual([DEMO_USER.username])
  })

  it("does not count Fastify's own register options as client options", async () => {
    const { server, fastify } = await registerFromEnv({ prefix: '/v1', logLevel: 'warn' })
    expect(fastify.mediroutes.baseUrl).toBe(server.url)
  })

  it('names the missing variable when the environment is incomplete', async () => {
    const error = await withEnv({ MEDIROUTES_USERNAME: 'demo' }, () =>
      registerUnchecked({ namespace: 'broker' }),
    )
    expect(error.code).toBe('invalid_config')
    expect(error.message).toContain('MEDIROUTES_PASSWORD')
  })

  it('reads each connection option left out from MEDIROUTES_*, so { store } alone works', async () => {
    const store = new MemoryTokenStore()
    const { server, fastify } = await registerFromEnv({ store })
    expect(fastify.mediroutes.baseUrl).toBe(server.url)
    await fastify.mediroutes.getAccessToken()
    expect(server.tokenRequests().map((r) => r.username)).toEqual([DEMO_USER.username])
  })

  it('lets each connection option passed win over its variable', async () => {
    const error = await withEnv(
      { MEDIROUTES_USERNAME: 'demo', MEDIROUTES_PASSWORD: 'from-env' },
      () => registerUnchecked({ baseUrl: 'ftp://example.com' }),
    )
    expect(error.message).toMatch(/baseUrl must use https/)
  })

  it('registers a ready client as is', async () => {
    const server = await emulator()
    const client: MediRoutesClient = createMediRoutesClient(demoOptions(server))
    const fastify = app()
    await fastify.register(mediRoutes, { client })
    await fastify.ready()

    expect((await fastify.mediroutes.fetch('/api/v1/access')).status).toBe(200)

    expect(await client.status()).toMatchObject({ state: 'valid' })
    await client.close()
  })
})
