import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const MAIN = fileURLToPath(new URL('../src/main.mjs', import.meta.url))
const out = mkdtempSync(join(tmpdir(), 'fleet-scale-'))

afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('the fleet-scale benchmark, 20 instances in 2 processes', () => {
  it('runs every scenario, prints the table and writes its results', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--expose-gc',
        MAIN,
        ...['--sizes', '10,20', '--processes', '2', '--steady-ms', '1000'],
        ...['--lifetime-seconds', '8', '--settle-ms', '300', '--out', out],
      ],
      { timeout: 110_000 },
    )
    expect(stdout).toContain('password grants, cold start')
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    expect(readFileSync(join(out, 'chart.svg'), 'utf8')).toContain('<svg')
    for (const size of results.sizes) {
      expect(size.cold.passwordGrants, `cold start, ${size.instances} instances`).toBe(1)
      expect(size.cold.distinctTokens).toBe(1)
      expect(size.expiry.refreshGrants, `refresh window, ${size.instances} instances`).toBe(1)
      // One grant for the whole fleet: a refresh, or a login when the refresh token went too.
      expect(size.revocation.tokenRequests, `revocation, ${size.instances} instances`).toBe(1)
      expect(size.revocation.reached).toBe(size.instances)
      expect(size.cold.failed + size.steady.failed + size.revocation.failed).toBe(0)
      expect(size.steady.scriptCallsPerSecond).toBeGreaterThan(0)
    }
    expect(results.projection.instances).toBe(10_000)
  })
})
