import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const STATIC_DIR = join(import.meta.dirname, '..', '.next', 'static')

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
    ),
  )
  return nested.flat()
}

describe('what the build ships to browsers', () => {
  it('holds no MediRoutes client code, credentials or their names', async () => {
    const scripts = (await files(STATIC_DIR)).filter((file) => file.endsWith('.js'))
    expect(scripts.length).toBeGreaterThan(0)
    const text = (await Promise.all(scripts.map((file) => readFile(file, 'utf8')))).join('\n')
    // The server action forms made it in (their ids), so this really is the client build.
    expect(text).toMatch(/createServerReference|server-reference/)
    for (const marker of [
      'mediroutes:token:', // the core's store keys
      'grant_type', // the token request
      'MEDIROUTES_PASSWORD',
      'demo-password',
      'refusing to send the MediRoutes token',
    ]) {
      expect(text, marker).not.toContain(marker)
    }
  })
})
