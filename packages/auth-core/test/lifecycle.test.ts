import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { MediRoutesEvents } from '../src/index.js'
import { clientFor, DEMO_USER, emulator, rejectionOf, sleep } from './helpers.js'

const run = promisify(execFile)

describe('events', () => {
  it('reports acquired, refreshed, rateLimited and failed without secrets', async () => {
    const server = await emulator()
    const client = clientFor(server, { maxRetries: 0 })
    const seen: Array<[string, unknown]> = []
    for (const name of ['acquired', 'refreshed', 'failed', 'rateLimited'] as Array<
      keyof MediRoutesEvents
    >) {
      client.on(name, (payload) => seen.push([name, payload]))
    }
    const tokens = await client.getTokenSet()
    server.revokeAccessTokens()
    await client.fetch('/api/v1/access')
    server.revokeAccessTokens()
    server.revokeRefreshTokens()
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 429, retryAfter: 600 },
      count: 3,
    })
    await rejectionOf(client.fetch('/api/v1/access'))
    expect(seen.map(([name]) => name)).toEqual(['acquired', 'refreshed', 'rateLimited', 'failed'])
    expect(seen[3]![1]).toMatchObject({ code: 'rate_limited', status: 429 })
    expect(JSON.stringify(seen)).not.toContain(tokens.accessToken)
  })

  it('a throwing listener does not break the client, and unsubscribe works', async () => {
    const server = await emulator()
    const client = clientFor(server)
    let calls = 0
    const off = client.on('acquired', () => {
      calls++
      throw new Error('listener bug')
    })
    await client.getAccessToken()
    off()
    server.revokeRefreshTokens()
    server.revokeAccessTokens()
    await client.fetch('/api/v1/access')
    expect(calls).toBe(1)
  })
})

describe('status', () => {
  it('describes the token without calling /token and without secrets', async () => {
    const server = await emulator()
    const client = clientFor(server)
    expect(await client.status()).toMatchObject({ state: 'none', refreshing: false })
    const tokens = await client.getTokenSet()
    const status = await client.status()
    expect(status).toMatchObject({
      state: 'valid',
      expiresAt: tokens.expiresAt,
      issuedAt: tokens.issuedAt,
    })
    expect(JSON.stringify(status)).not.toContain(tokens.accessToken)
    expect(server.counters().tokenRequests).toBe(1)
  })
})

describe('timers', () => {
  it('leaves nothing holding the process open once requests complete', async () => {
    const server = await emulator()
    const client = clientFor(server)
    await client.getAccessToken()
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    await Promise.all(
      Array.from({ length: 20 }, () => client.fetch('/api/v1/access').then((r) => r.text())),
    )
    expect(
      process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length,
    ).toBeLessThanOrEqual(before)
  })
})

describe('close', () => {
  it('leaves no timer behind and refuses later calls with closed', async () => {
    const server = await emulator()
    const client = clientFor(server)
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 503 }, count: 10 })
    const pending = client.getAccessToken()
    await sleep(50)
    await client.close()
    const error = (await rejectionOf(pending)) as { code?: string }
    expect(error.code).toBe('closed')
    expect(((await rejectionOf(client.getAccessToken())) as { code?: string }).code).toBe('closed')
    await sleep(20)
    expect(
      process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length,
    ).toBeLessThanOrEqual(timersBefore)
  })
})

describe('module formats', () => {
  it.each([
    ['CommonJS', 'cjs', "const { createMediRoutesClient } = require('@mediroutes/auth-core')"],
    ['ESM', 'mjs', "import { createMediRoutesClient } from '@mediroutes/auth-core'"],
  ])('works from %s on this Node', async (_name, ext, importLine) => {
    const server = await emulator()
    const script = `${importLine}
const client = createMediRoutesClient({ baseUrl: process.env.URL, username: '${DEMO_USER.username}', password: '${DEMO_USER.password}' })
client.fetch('/api/v1/access').then(async (r) => { console.log(r.status); await client.close() })`
    const cwd = fileURLToPath(new URL('..', import.meta.url))
    const { stdout } = await run(
      process.execPath,
      [`--input-type=${ext === 'cjs' ? 'commonjs' : 'module'}`, '-e', script],
      {
        cwd,
        env: { ...process.env, URL: server.url },
      },
    )
    expect(stdout.trim()).toBe('200')
  })
})

describe('errors across module formats', () => {
  it('instanceof MediRoutesAuthError holds for an error thrown by the CommonJS copy', async () => {
    const { createRequire } = await import('node:module')
    const require = createRequire(import.meta.url)
    const cjs = require('@mediroutes/auth-core') as typeof import('../src/index.js')
    const esm = await import('../src/index.js')
    expect(cjs.MediRoutesAuthError).not.toBe(esm.MediRoutesAuthError)
    let thrown: unknown
    try {
      cjs.createMediRoutesClient({ username: '', password: 'x' })
    } catch (error) {
      thrown = error
    }
    expect(thrown instanceof esm.MediRoutesAuthError).toBe(true)
    expect(new Error('plain') instanceof esm.MediRoutesAuthError).toBe(false)
  })
})

describe('one-shot scripts', () => {
  it('stay alive through a retry wait instead of exiting silently mid-grant', async () => {
    const server = await emulator()
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 503 }, count: 2 })
    const script = `const { createMediRoutesClient } = require('@mediroutes/auth-core')
createMediRoutesClient({ baseUrl: process.env.URL, username: 'demo', password: 'demo-password' })
  .getAccessToken().then(() => console.log('token'), (e) => console.log('error', e.code))`
    const cwd = fileURLToPath(new URL('..', import.meta.url))
    const { stdout } = await run(process.execPath, ['--input-type=commonjs', '-e', script], {
      cwd,
      env: { ...process.env, URL: server.url },
    })
    expect(stdout.trim()).toBe('token')
    expect(server.counters().tokenRequests).toBe(3)
  })
})
