import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { DEMO_USER } from '@mediroutes/mock-server'
import { expect } from 'vitest'

/** The built binary, run as a user would run it. */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))

/** Fails the suite early, with the fix, when the package was not built. */
export function assertBuilt(): void {
  if (!existsSync(CLI)) {
    throw new Error('dist/cli.js is missing: run `pnpm --filter @mediroutes/cli build` first')
  }
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs `node dist/cli.js ...args` with only `env` (plus PATH) in its environment, feeds `input`
 * to stdin (then closes it), and collects the output.
 */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...options.env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(options.input ?? '')
  })
}

/** `MEDIROUTES_*` for the demo account on `url`. */
export function demoEnv(url: string, password = DEMO_USER.password): Record<string, string> {
  return {
    MEDIROUTES_BASE_URL: url,
    MEDIROUTES_USERNAME: DEMO_USER.username,
    MEDIROUTES_PASSWORD: password,
  }
}

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/

/** Neither stream holds a JWT or any of `secrets`. */
export function expectNoSecrets(result: CliResult, secrets: string[] = [DEMO_USER.password]) {
  for (const [name, text] of [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
  ] as const) {
    expect(text, `${name} holds a JWT`).not.toMatch(JWT)
    for (const secret of secrets) expect(text, `${name} holds a secret`).not.toContain(secret)
  }
}

/** A port nothing listens on: bound once by us, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * A recording reverse proxy in front of `target`: the emulator does not echo request headers, so
 * this is how a test sees what the CLI sent.
 */
export async function recordingProxy(target: string): Promise<{
  url: string
  requests: { method: string; url: string; headers: IncomingHttpHeaders }[]
  close(): Promise<void>
}> {
  const requests: { method: string; url: string; headers: IncomingHttpHeaders }[] = []
  const server = createServer((incoming, outgoing) => {
    requests.push({
      method: incoming.method ?? '',
      url: incoming.url ?? '',
      headers: incoming.headers,
    })
    const upstream = request(
      new URL(incoming.url ?? '/', target),
      { method: incoming.method, headers: { ...incoming.headers, host: new URL(target).host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
      },
    )
    upstream.on('error', () => outgoing.destroy())
    incoming.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Today's date as the emulator's trips use it. */
export function today(): string {
  return new Date().toISOString().slice(0, 10)
}
