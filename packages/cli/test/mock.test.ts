import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, CLI, runCli } from './helpers.js'

const running: ChildProcessWithoutNullStreams[] = []

beforeAll(assertBuilt)
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

/** Starts `mediroutes mock`, resolves with its URL and everything it printed so far. */
function startMock(
  args: string[],
): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'mock', ...args], {
    env: { PATH: process.env.PATH ?? '' },
  })
  running.push(child)
  let output = ''
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /MediRoutes emulator listening on (\S+)\nUsers: [^\n]*\n/.exec(output)
      // The hint goes to stderr, which may arrive before or after stdout.
      if (match && output.includes('Stop with Ctrl+C.\n')) {
        resolve({ child, url: match[1]!, output: () => output })
      }
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('exit', (code) =>
      reject(new Error(`mock exited with ${code} before listening:\n${output}`)),
    )
  })
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)))
}

describe('mediroutes mock', () => {
  it('serves the given accounts on the printed URL, hides passwords, and exits 0 on SIGTERM', async () => {
    const { child, url, output } = await startMock([
      '--port',
      '0',
      '--user',
      'alice:s3cret:with-colon',
      '--base-path',
      '/external',
      '--token-lifetime',
      '600',
      '--no-rate-limit',
    ])
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/external$/)
    expect(output()).toContain('Users: alice\n')
    const token = await runCli(['token', '--json', '--username', 'alice', '--password-stdin'], {
      env: { MEDIROUTES_BASE_URL: url },
      input: 's3cret:with-colon',
    })
    expect(token.code, token.stderr).toBe(0)
    expect(JSON.parse(token.stdout).expiresInSeconds).toBeLessThanOrEqual(600)
    expect(output()).toContain(`export MEDIROUTES_BASE_URL=${url}`)

    const exited = exitCode(child)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(output()).not.toContain('s3cret')
  })

  it('defaults to the demo account', async () => {
    const { child, url, output } = await startMock(['--port', '0'])
    expect(output()).toContain('Users: demo\n')
    const riders = await runCli(['api', 'GET', '/api/v1/access'], {
      env: {
        MEDIROUTES_BASE_URL: url,
        MEDIROUTES_USERNAME: 'demo',
        MEDIROUTES_PASSWORD: 'demo-password',
      },
    })
    expect(riders.code, riders.stderr).toBe(0)
    const exited = exitCode(child)
    child.kill('SIGINT')
    expect(await exited).toBe(0)
  })

  it('exits 2 for a bad flag value, without echoing a --user value', async () => {
    for (const args of [['--port', 'abc'], ['--user', 'lonely-password'], ['--colour']]) {
      const result = await runCli(['mock', ...args])
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toMatch(/^mediroutes: /)
      expect(result.stderr).not.toContain('lonely-password')
    }
  })

  it('exits 2 naming --port 0 when the port is taken', async () => {
    const { child, url } = await startMock(['--port', '0'])
    const port = new URL(url).port
    const result = await runCli(['mock', '--port', port])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`port ${port} is already in use; pass --port 0`)
    const exited = exitCode(child)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })
})
