import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { expect, it } from 'vitest'

const run = promisify(execFile)

it('runs the built demo as the brokerage user: every provider, one login, one claims read, no key', async () => {
  const cwd = fileURLToPath(new URL('..', import.meta.url))
  const env = { ...process.env }
  delete env.MEDIROUTES_BASE_URL
  const { stdout } = await run(process.execPath, ['dist/main.js'], { cwd, env })

  expect(stdout).toContain('broker may act for 3 provider(s):')
  for (const provider of MOCK_PROVIDERS) {
    expect(stdout).toMatch(new RegExp(`${provider.name}: [1-9]\\d* trips on \\d{4}-\\d{2}-\\d{2}`))
    expect(stdout, `${provider.name}'s API key`).not.toContain(provider.apiKey)
  }
  expect(stdout).toMatch(/rider \S+: \w+ \w+/)
  expect(stdout).toMatch(/emulator saw \d+ API requests, 1 password grant\(s\), 0 401s/)
  expect(stdout).toMatch(/\/api\/v1\/access requested once/)
  expect(stdout).not.toMatch(/eyJ/) // no JWT printed
})
