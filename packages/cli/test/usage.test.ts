import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, runCli } from './helpers.js'

beforeAll(assertBuilt)

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string }

describe('help and version', () => {
  it('prints the version', async () => {
    const result = await runCli(['--version'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`${version}\n`)
  })

  it('documents every exit status in the top-level help', async () => {
    const result = await runCli(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Usage: mediroutes [options] [command]')
    for (const code of ['0', '1', '2', '3', '4', '5', '6', '70', '130']) {
      expect(result.stdout).toMatch(new RegExp(`\\n  ${code}\\s+\\S`))
    }
    expect(result.stdout).toContain('MEDIROUTES_PASSWORD')
  })

  it.each([
    ['token', '--print-token'],
    ['api', '--data <json>'],
    ['mock', '--no-rate-limit'],
  ])('has --help for %s', async (command, flag) => {
    const result = await runCli([command, '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Usage: mediroutes ${command}`)
    expect(result.stdout).toContain(flag)
    // Refused, so never advertised.
    expect(result.stdout).not.toContain('--password <')
  })

  it('exits 2 for an unknown command or flag, pointing at --help', async () => {
    for (const args of [['frobnicate'], ['token', '--colour'], []]) {
      const result = await runCli(args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr.length).toBeGreaterThan(0)
    }
    const unknown = await runCli(['token', '--colour'])
    expect(unknown.stderr).toContain("mediroutes: unknown option '--colour'")
    expect(unknown.stderr).toContain('--help')
  })

  it('names an unknown option without the value typed with it, which may be a secret', async () => {
    for (const [typed, named] of [
      ['--passwd=Hunter2-secret', '--passwd'],
      ['-qHunter2-secret', '-q'],
    ] as const) {
      const result = await runCli(['token', typed])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`unknown option '${named}'`)
      expect(result.stderr).not.toContain('Hunter2-secret')
    }
  })

  it('does not echo a --base-url that fails to parse, which may hold credentials', async () => {
    const result = await runCli(
      ['token', '--base-url', 'https://user:Hunter2-secret@exa mple.com'],
      {
        env: { MEDIROUTES_USERNAME: 'demo', MEDIROUTES_PASSWORD: 'demo-password' },
      },
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('baseUrl is not a valid URL')
    expect(result.stderr).not.toContain('Hunter2-secret')
  })
})
