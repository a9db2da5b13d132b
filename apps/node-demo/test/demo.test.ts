import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const run = promisify(execFile)

it('runs the built demo end to end with one password grant for 50 concurrent views', async () => {
  const cwd = fileURLToPath(new URL('..', import.meta.url))
  const env = { ...process.env }
  delete env.MEDIROUTES_BASE_URL
  const { stdout } = await run(process.execPath, ['dist/main.js'], { cwd, env })
  expect(stdout).toMatch(/\d+ trips on \d{4}-\d{2}-\d{2}:/)
  expect(stdout).toMatch(/cancelled T-\d{8}-\d{2}: status is now Cancelled/)
  expect(stdout).toMatch(/emulator saw 51 API requests and 1 password grant\(s\), 0 401s/)
  expect(stdout).not.toMatch(/eyJ/) // no JWT printed
})
