import { inspect } from 'node:util'
import { DEMO_USER } from '@mediroutes/mock-server'
import { closeAfterTest, emulatorWith } from '@mediroutes/test-kit'
import type { INestApplication, LoggerService, ModuleMetadata } from '@nestjs/common'
import { Test, type TestingModule } from '@nestjs/testing'
import { expect } from 'vitest'

export { closeAfterTest, demoOptions, rejectionOf, useEnv } from '@mediroutes/test-kit'
export { DEMO_USER }

/** A second account, for tests with two named clients. */
export const BROKER_USER = { username: 'broker', password: 'broker-password' }

/** Starts an emulator closed after the test. Rate limits are off: tests count grants, not 429s. */
export const emulator = emulatorWith({ rateLimit: false })

/** A Nest `LoggerService` that keeps every line as `level [context] message`. */
export class RecordingLogger implements LoggerService {
  readonly lines: string[] = []

  log(message: unknown, ...rest: unknown[]): void {
    this.#record('log', message, rest)
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.#record('error', message, rest)
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.#record('warn', message, rest)
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.#record('debug', message, rest)
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.#record('verbose', message, rest)
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.#record('fatal', message, rest)
  }

  /** Lines written under `context`. */
  from(context: string): string[] {
    return this.lines.filter((line) => line.includes(` [${context}] `))
  }

  #record(level: string, message: unknown, rest: unknown[]): void {
    // Nest passes the context as the last argument.
    const context = rest.length > 0 ? String(rest.at(-1)) : ''
    // Logger#error passes an undefined stack before the context.
    const extra = rest
      .slice(0, -1)
      .filter((value) => value !== undefined)
      .map((value) => inspect(value, { depth: 5 }))
    const text = typeof message === 'string' ? message : inspect(message, { depth: 5 })
    this.lines.push([`${level} [${context}] ${text}`, ...extra].join(' '))
  }
}

/** Compiles a testing module with a recording logger and closes it after the test. */
export async function compile(
  metadata: ModuleMetadata,
  logger = new RecordingLogger(),
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule(metadata).setLogger(logger).compile()
  // init runs the lifecycle hooks, as an app would.
  await moduleRef.init()
  return closeAfterTest(moduleRef)
}

/** Asserts that none of `secrets` appears in `text`. */
export function expectNoSecrets(text: string, secrets: Array<string | undefined>): void {
  for (const secret of secrets) {
    if (secret === undefined || secret === '') throw new Error('a secret to look for is empty')
    expect(text).not.toContain(secret)
  }
}

/** Starts `app` on a free loopback port and returns its base URL. */
export async function listen(app: INestApplication): Promise<string> {
  closeAfterTest(app)
  await app.listen(0, '127.0.0.1')
  return (await app.getUrl()).replace('[::1]', '127.0.0.1')
}
