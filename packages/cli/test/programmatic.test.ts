import { createRequire } from 'node:module'
import { PassThrough } from 'node:stream'
import { DEMO_USER, type MockServer, startMockServer } from '@mediroutes/mock-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Cli from '../src/index.js'
import { assertBuilt } from './helpers.js'

type CliModule = typeof Cli

let server: MockServer
beforeAll(async () => {
  assertBuilt()
  server = await startMockServer({ rateLimit: false })
})
afterAll(() => server.close())

function memoryIo(env: Record<string, string>) {
  let stdout = ''
  let stderr = ''
  const stdin = new PassThrough()
  stdin.end()
  return {
    io: {
      stdin,
      stdout: { write: (chunk: string | Uint8Array) => (stdout += chunk.toString()) },
      stderr: { write: (chunk: string | Uint8Array) => (stderr += chunk.toString()) },
      env,
    },
    stdout: () => stdout,
    stderr: () => stderr,
  }
}

// The built package, as an ESM and a CommonJS consumer load it. The ESM path is a variable so
// that typecheck, which runs before this package is built, does not look for it.
const ESM_ENTRY = '../dist/index.js'
const consumers: [string, () => Promise<CliModule>][] = [
  ['ESM', () => import(ESM_ENTRY) as Promise<CliModule>],
  ['CommonJS', async () => createRequire(import.meta.url)('../dist/index.cjs') as CliModule],
]

describe.each(consumers)('run() from the %s build', (_name, load) => {
  it('runs a command with the given streams and environment, and resolves with the exit status', async () => {
    const { run, EXIT_CODES } = await load()
    const memory = memoryIo({
      MEDIROUTES_BASE_URL: server.url,
      MEDIROUTES_USERNAME: DEMO_USER.username,
      MEDIROUTES_PASSWORD: DEMO_USER.password,
    })
    expect(await run(['api', 'GET', '/api/v1/access'], memory.io)).toBe(EXIT_CODES.ok)
    expect(JSON.parse(memory.stdout())).toMatchObject([
      { TransportationProviderName: 'Lakeside Medical Transport' },
    ])
    expect(memory.stderr()).toBe('')
  })

  it('reports a failure on its stderr instead of exiting the process', async () => {
    const { run, EXIT_CODES } = await load()
    const memory = memoryIo({ MEDIROUTES_BASE_URL: server.url, MEDIROUTES_USERNAME: 'demo' })
    expect(await run(['token'], memory.io)).toBe(EXIT_CODES.usage)
    expect(memory.stderr()).toMatch(/^mediroutes: no password/)
  })
})
