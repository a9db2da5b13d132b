import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { DEMO_USER, emulator } from './helpers.js'

const run = promisify(execFile)
const here = dirname(fileURLToPath(import.meta.url))
const packageRoot = join(here, '..')

/** Runs a consumer app in its own Node process against `baseUrl` and returns its report. */
async function runConsumer(file: string, baseUrl: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [join(here, 'consumers', file)], {
    cwd: packageRoot,
    env: {
      ...process.env,
      MEDIROUTES_BASE_URL: baseUrl,
      MEDIROUTES_USERNAME: DEMO_USER.username,
      MEDIROUTES_PASSWORD: DEMO_USER.password,
    },
    timeout: 30_000,
  })
  const last = stdout.trim().split('\n').at(-1) ?? ''
  return JSON.parse(last) as Record<string, unknown>
}

describe('consumers of the built package', () => {
  it('is built (run the build before these tests)', () => {
    expect(existsSync(join(packageRoot, 'dist/cjs/index.js'))).toBe(true)
    expect(existsSync(join(packageRoot, 'dist/esm/index.js'))).toBe(true)
  })

  it('a CommonJS Nest app requires it, injects by type and decorator, and shuts down cleanly', async () => {
    const server = await emulator()
    const report = await runConsumer('cjs-app.cjs', server.url)
    expect(report).toMatchObject({
      format: 'commonjs',
      firstName: 'Dorothy',
      sameClient: true,
      health: 'valid',
      closed: 'closed',
    })
    expect(report.resolved).toMatch(/dist[\\/]cjs[\\/]index\.js$/)
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('an ESM Nest app imports it and injects a named client and its provider-scoped client from forRootAsync', async () => {
    const server = await emulator()
    const report = await runConsumer('esm-app.mjs', server.url)
    expect(report).toMatchObject({
      format: 'module',
      firstName: 'Dorothy',
      defaultClientRegistered: false,
      closed: 'closed',
    })
    expect(report.resolved).toMatch(/dist\/esm\/index\.js$/)
    expect(report.requireResolves).toMatch(/dist[\\/]cjs[\\/]index\.js$/)
  })
})
