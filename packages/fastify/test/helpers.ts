import { DEMO_USER, type MockServer } from '@mediroutes/mock-server'
import { closeAfterTest, emulator, rejectionOf as rejectionOfAny } from '@mediroutes/test-kit'
import Fastify, { type FastifyInstance } from 'fastify'

export { closeAfterTest, demoOptions, emulator } from '@mediroutes/test-kit'
export { DEMO_USER }

/** Every line a Fastify instance logged, parsed. */
export interface LogCapture {
  lines: Array<Record<string, unknown>>
  text(): string
}

/** A Fastify instance logging at debug level into memory, closed after the test. */
export function app(): FastifyInstance & { logs: LogCapture } {
  const raw: string[] = []
  const logs: LogCapture = {
    get lines() {
      return raw.map((line) => JSON.parse(line) as Record<string, unknown>)
    },
    text: () => raw.join(''),
  }
  const fastify = Fastify({
    logger: { level: 'debug', stream: { write: (line: string) => void raw.push(line) } },
  })
  // Closed before the emulators it may still be talking to: last opened, first closed.
  closeAfterTest(fastify)
  return Object.assign(fastify, { logs })
}

/** A second account, for namespaces. */
export const BROKER = Object.freeze({ username: 'broker', password: 'broker-password' })

/** An emulator that accepts both the demo account and {@link BROKER}, closed after the test. */
export function emulatorWithBroker(): Promise<MockServer> {
  return emulator({ users: [DEMO_USER, BROKER] })
}

/** Plugin options registering {@link BROKER} as the `broker` namespace. */
export function brokerOptions(server: MockServer): {
  baseUrl: string
  username: string
  password: string
  namespace: string
} {
  return { baseUrl: server.url, ...BROKER, namespace: 'broker' }
}

/** The error a promise rejects with, typed to read its `code` and `message`; fails the test when it resolves. */
export const rejectionOf: (promise: PromiseLike<unknown>) => Promise<Record<string, unknown>> =
  rejectionOfAny

/** Runs `fn` with `MEDIROUTES_*` set to `values` (and every other `MEDIROUTES_*` unset), then restores them. */
export async function withEnv<T>(values: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.entries(process.env).filter(([key]) => key.startsWith('MEDIROUTES_'))
  for (const [key] of saved) delete process.env[key]
  Object.assign(process.env, values)
  try {
    return await fn()
  } finally {
    for (const key of Object.keys(process.env))
      if (key.startsWith('MEDIROUTES_')) delete process.env[key]
    for (const [key, value] of saved) process.env[key] = value
  }
}
