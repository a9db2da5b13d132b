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
})
