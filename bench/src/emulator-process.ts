import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FaultInjection, MockCounters, RecordedTokenRequest } from '@mediroutes/mock-server'

const require = createRequire(import.meta.url)

/** How the emulator is started for a scenario. */
export interface EmulatorFlags {
  /** Access token lifetime in seconds. Default 86400 (the vendor's 24 h). */
  tokenLifetimeSeconds?: number
  /** Whether a refresh rotates the refresh token. Default false. */
  rotateRefreshTokens?: boolean
  /** Whether the vendor's rate limits (10 /token and 300 API requests per second) apply. Default false. */
  rateLimit?: boolean
}

/** An emulator running in its own process, driven through its HTTP control API. */
export interface EmulatorProcess {
  /** Base URL of the API, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  counters(): Promise<MockCounters>
  /** The last 1000 token requests with the status each got (no secret values are kept). */
  tokenRequests(): Promise<RecordedTokenRequest[]>
  /** Back to the initial state: counters, faults, tokens, clock, rate-limit windows. */
  reset(): Promise<void>
  /** Zeroes the counters, leaving tokens and faults alone. */
  resetCounters(): Promise<void>
  injectFault(injection: FaultInjection): Promise<void>
  clearFaults(): Promise<void>
  /** Revokes every access token (and refresh token, when asked) issued so far. */
  revoke(which: { access?: boolean; refresh?: boolean }): Promise<void>
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>
}

/** The emulator's CLI, from the workspace package (built by turbo before the bench runs). */
function cliPath(): string {
  return join(dirname(require.resolve('@mediroutes/mock-server/package.json')), 'dist', 'cli.js')
}

/** The command-line flags for `flags`; the account is always `demo` / `demo-password`. */
export function emulatorArgs(flags: EmulatorFlags): string[] {
  const args = ['--port', '0', '--user', 'demo:demo-password']
  args.push('--token-lifetime', String(flags.tokenLifetimeSeconds ?? 86_400))
  if (flags.rateLimit !== true) args.push('--no-rate-limit')
  if (flags.rotateRefreshTokens !== true) args.push('--no-rotate')
  return args
}

/**
 * Starts `mediroutes-mock` in a separate process, so the emulator's work does not share an
 * event loop with the client being measured.
 * @throws when the CLI is missing (build the workspace first) or exits before it listens.
 */
export async function startEmulator(flags: EmulatorFlags = {}): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [cliPath(), ...emulatorArgs(flags)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000)
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (\S+)/.exec(out)
      if (match?.[1] !== undefined) resolve(match[1])
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      reject(new Error(`the emulator exited with code ${code} before listening: ${stderr.trim()}`)),
    )
  })
  return emulatorControl(url, child)
}

function emulatorControl(url: string, child: ChildProcess): EmulatorProcess {
  const control = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(`${url}/__mock/${path}`, {
      ...init,
      headers: { 'content-type': 'application/json' },
    })
    if (!response.ok) {
      throw new Error(
        `emulator control ${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`,
      )
    }
    return response
  }
  const post = async (path: string, body?: unknown): Promise<void> => {
    const response = await control(path, {
      method: 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    await response.arrayBuffer()
  }
  return {
    url,
    counters: async () => (await (await control('counters')).json()) as MockCounters,
    tokenRequests: async () =>
      (await (await control('token-requests')).json()) as RecordedTokenRequest[],
    reset: () => post('reset'),
    resetCounters: () => post('reset-counters'),
    // JSON cannot carry Infinity; the control API takes the string instead.
    injectFault: (injection) =>
      post('faults', {
        ...injection,
        ...(injection.count === Number.POSITIVE_INFINITY ? { count: 'Infinity' } : {}),
      }),
    clearFaults: async () => {
      await (await control('faults', { method: 'DELETE' })).arrayBuffer()
    },
    revoke: (which) => post('revoke', which),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
