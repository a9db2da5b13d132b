import {
  DEMO_USER,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from '@mediroutes/mock-server'
import { afterEach } from 'vitest'
import {
  createMediRoutesClient,
  type Logger,
  type MediRoutesClient,
  type MediRoutesClientOptions,
} from '../src/index.js'

export { DEMO_USER }

const open: Array<{ close(): Promise<void> }> = []

afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()))
})

/** Starts an emulator closed after the test. */
export async function emulator(options: MockServerOptions = {}): Promise<MockServer> {
  const server = await startMockServer(options)
  open.push(server)
  return server
}

/** A client for `server`, closed after the test. */
export function clientFor(
  server: MockServer,
  options: Partial<MediRoutesClientOptions> = {},
): MediRoutesClient {
  const client = createMediRoutesClient({
    baseUrl: server.url,
    username: DEMO_USER.username,
    password: DEMO_USER.password,
    ...options,
  })
  open.push(client)
  return client
}

/** A logger that keeps every line, to check what was said and that no secret was. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const record = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields)}`)
  }
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  }
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection, but the promise resolved')
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
