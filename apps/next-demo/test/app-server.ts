import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { BROKER_USER, type MockServer, startMockServer } from '@mediroutes/mock-server'
import { startUpstreamRecorder, type UpstreamRecorder } from './upstream-recorder'

const APP_DIR = join(import.meta.dirname, '..')
const require = createRequire(join(APP_DIR, 'package.json'))

/** `next start` takes a second or two; a loaded CI machine may need far longer. */
const START_TIMEOUT_MS = 90_000

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no free port')
  return address.port
}

/** The built app, served by `next start`, against the emulator through a recording relay. */
export interface RunningDemo {
  url: string
  emulator: MockServer
  upstream: UpstreamRecorder
  /** What `next start` printed, for failure messages. */
  logs: string[]
  stop(): Promise<void>
}

async function waitUntilServing(url: string, child: ChildProcess, logs: string[]): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`next start exited with ${child.exitCode}:\n${logs.join('')}`)
    }
    try {
      // Any answer will do: the server is up. Without Sec-Fetch-Site, the route calls nothing.
      await fetch(`${url}/api/dispatch/trips`)
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  throw new Error(`next start did not answer within ${START_TIMEOUT_MS} ms:\n${logs.join('')}`)
}

/** Starts the emulator, the relay and `next start` on free ports. Run `next build` first. */
export async function startDemo(): Promise<RunningDemo> {
  const emulator = await startMockServer({})
  const upstream = await startUpstreamRecorder(emulator.url)
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const logs: string[] = []
  const child = spawn(
    process.execPath,
    [require.resolve('next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: APP_DIR,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        MEDIROUTES_BASE_URL: upstream.url,
        MEDIROUTES_USERNAME: BROKER_USER.username,
        MEDIROUTES_PASSWORD: BROKER_USER.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()))
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    await upstream.close()
    await emulator.close()
  }
  try {
    await waitUntilServing(url, child, logs)
  } catch (error) {
    await stop()
    throw error
  }
  return { url, emulator, upstream, logs, stop }
}

/** A JWT anywhere in `text` (the emulator's access tokens are JWTs). */
export const JWT_PATTERN = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/

/** The first secret found in `text`, or `undefined`. */
export function findSecret(text: string, secrets: readonly string[]): string | undefined {
  const exact = secrets.find((secret) => text.includes(secret))
  if (exact !== undefined) return 'a token the emulator issued'
  return JWT_PATTERN.exec(text)?.[0] === undefined ? undefined : 'a JWT'
}
