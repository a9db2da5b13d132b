import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { postToken } from './helpers.js'

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const running: ChildProcessWithoutNullStreams[] = []

function runCli(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [CLI, ...args])
  running.push(child)
  return child
}

/** Collects stdout until it holds the listening line; fails if the process exits first. */
function waitForUrl(
  child: ChildProcessWithoutNullStreams,
): Promise<{ url: string; output: string }> {
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /MediRoutes emulator listening on (\S+)\n[^\n]*\n/.exec(output)
      if (match) resolve({ url: match[1]!, output })
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on('exit', (code) =>
      reject(new Error(`CLI exited with ${code} before listening:\n${output}`)),
    )
  })
}

function exitOf(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  let stderr = ''
  let stdout = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr, stdout })))
}

beforeAll(() => {
  if (!existsSync(CLI)) {
    throw new Error(
      'dist/cli.js is missing: run `pnpm --filter @mediroutes/mock-server build` first',
    )
  }
})

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

describe('mediroutes-mock CLI', () => {
  it('serves on the printed URL with the given users, hides passwords, and exits 0 on SIGTERM', async () => {
    const child = runCli([
      '--port',
      '0',
      '--user',
      'alice:s3cret:with-colon',
      '--user',
      'bob:pw',
      '--base-path',
      '/x',
      '--token-lifetime',
      '120',
      '--no-rate-limit',
    ])
    const { url, output } = await waitForUrl(child)
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/x$/)
    expect(output).toContain('Users: alice, bob')
    expect(output).not.toContain('s3cret')

    const response = await postToken(url, {
      grant_type: 'password',
      username: 'alice',
      password: 's3cret:with-colon',
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { expires_in: number }).expires_in).toBe(120)

    const exited = exitOf(child)
    child.kill('SIGTERM')
    expect((await exited).code).toBe(0)
  })

  it('defaults to the demo user and the broker, and rotation; --no-rotate keeps refresh tokens', async () => {
    const child = runCli(['--port', '0', '--no-rotate'])
    const { url, output } = await waitForUrl(child)
    expect(output).toContain('Users: demo, broker')
    const login = await postToken(url, {
      grant_type: 'password',
      username: 'demo',
      password: 'demo-password',
    })
    const { refresh_token } = (await login.json()) as { refresh_token: string }
    const refreshed = await postToken(url, { grant_type: 'refresh_token', refresh_token })
    expect(((await refreshed.json()) as { refresh_token: string }).refresh_token).toBe(
      refresh_token,
    )
    const exited = exitOf(child)
    child.kill('SIGINT')
    expect((await exited).code).toBe(0)
  })

  it('--rate-limit-per minute enforces the per-minute reading', async () => {
    const child = runCli(['--port', '0', '--rate-limit-per', 'minute'])
    const { url } = await waitForUrl(child)
    const bad = { grant_type: 'password', username: 'demo', password: 'wrong' }
    for (let i = 0; i < 10; i++) await postToken(url, bad)
    const limited = await postToken(url, bad)
    expect(limited.status).toBe(429)
    // A per-second window would have said 1.
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(30)
    const exited = exitOf(child)
    child.kill('SIGTERM')
    expect((await exited).code).toBe(0)
  })

  it('prints the usage for --help and exits 0', async () => {
    const result = await exitOf(runCli(['--help']))
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Usage: mediroutes-mock')
    expect(result.stdout).toContain('--no-rate-limit')
    expect(result.stdout).toContain('--rate-limit-per')
  })

  it('exits 2 with a message for an unknown flag or a bad value', async () => {
    for (const args of [
      ['--colour'],
      ['--port', 'abc'],
      ['--user', 'no-colon'],
      ['--base-path', 'x'],
      ['--rate-limit-per', 'hour'],
      ['--rate-limit-window', 'soon'],
    ]) {
      const result = await exitOf(runCli(args))
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toMatch(/^mediroutes-mock: /)
    }
  })
})
