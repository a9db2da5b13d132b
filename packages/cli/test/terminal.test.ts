import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process'
import { DEMO_USER, type MockServer, startMockServer } from '@mediroutes/mock-server'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, CLI } from './helpers.js'

// util-linux `script` gives the CLI a real pseudo-terminal: raw mode, echo and isTTY as a person has them.
let server: MockServer
const running: ChildProcessWithoutNullStreams[] = []

beforeAll(async () => {
  assertBuilt()
  try {
    execFileSync('script', ['--version'])
  } catch {
    throw new Error('these tests need `script` from util-linux (Debian: apt-get install bsdutils)')
  }
  server = await startMockServer({ rateLimit: false })
})
afterAll(() => server.close())
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

interface Step {
  /** Wait until the terminal shows this… */
  waitFor: string
  /** …then type this (`\r` is Enter, `\x7f` Backspace, `\x03` Ctrl+C). */
  type: string
}

/** Runs the CLI on a pseudo-terminal, typing each step's keys once its prompt shows. */
function inTerminal(
  args: string[],
  env: Record<string, string>,
  steps: Step[],
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ')
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', TERM: 'dumb', ...env },
  })
  running.push(child)
  let screen = ''
  const pending = [...steps]
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString()
      const next = pending[0]
      if (next && screen.includes(next.waitFor)) {
        pending.shift()
        child.stdin.write(next.type)
      }
    })
    child.on('exit', (code) => resolve({ code, screen }))
  })
}

describe('at a terminal', () => {
  it('prompts for username and password, never echoes the password, and honours Backspace', async () => {
    const { code, screen } = await inTerminal(['token'], { MEDIROUTES_BASE_URL: server.url }, [
      { waitFor: 'MediRoutes username: ', type: 'demo\r' },
      { waitFor: 'Password for demo: ', type: `${DEMO_USER.password}X\x7f\r` },
    ])
    expect(code, screen).toBe(0)
    expect(screen).toContain('Credentials accepted')
    expect(screen).not.toContain(DEMO_USER.password)
    expect(screen).not.toContain('*')
    // Colour on a terminal.
    expect(screen).toContain('\u001b[32mCredentials accepted\u001b[39m')
  })

  it('exits 130 when the user presses Ctrl+C at the password prompt', async () => {
    const { code, screen } = await inTerminal(
      ['token'],
      { MEDIROUTES_BASE_URL: server.url, MEDIROUTES_USERNAME: 'demo' },
      [{ waitFor: 'Password for demo: ', type: 'half-typed\x03' }],
    )
    expect(code).toBe(130)
    expect(screen).toContain('cancelled at the prompt')
    expect(screen).not.toContain('half-typed')
  })

  it('warns before showing the token with --print-token, and NO_COLOR turns colour off', async () => {
    const { code, screen } = await inTerminal(
      ['token', '--print-token'],
      {
        MEDIROUTES_BASE_URL: server.url,
        MEDIROUTES_USERNAME: 'demo',
        MEDIROUTES_PASSWORD: DEMO_USER.password,
        NO_COLOR: '1',
      },
      [],
    )
    expect(code, screen).toBe(0)
    expect(screen).toMatch(/warning: the token below lets anyone call MediRoutes as demo until/)
    expect(screen).toMatch(/\neyJ[\w-]+\.[\w-]+\.[\w-]+\r?\n/)
    expect(screen).not.toContain('\u001b[')
  })

  it('colours JSON from the API on a terminal', async () => {
    const { code, screen } = await inTerminal(
      ['api', 'GET', '/api/v1/access'],
      {
        MEDIROUTES_BASE_URL: server.url,
        MEDIROUTES_USERNAME: 'demo',
        MEDIROUTES_PASSWORD: DEMO_USER.password,
      },
      [],
    )
    expect(code, screen).toBe(0)
    expect(screen).toContain(
      '\u001b[34m"TransportationProviderName"\u001b[39m: \u001b[32m"Lakeside Medical Transport"\u001b[39m',
    )
  })
})
