import { randomBytes } from 'node:crypto'
import {
  createMediRoutesClient,
  type Logger,
  type MediRoutesClient,
  type MediRoutesClientOptions,
  type TokenSet,
} from '@mediroutes/auth-core'
import {
  DEMO_USER,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from '@mediroutes/mock-server'
import { RedisServer } from '@mediroutes/redis-harness'
import { afterAll, afterEach, beforeAll } from 'vitest'
import {
  createRedisTokenStore,
  type RedisTokenStore,
  type RedisTokenStoreOptions,
} from '../src/index.js'
import { type ClientKind, connectClient, type TestClient } from './clients.js'

export { DEMO_USER }

/** The API call the tests make with a client: any authenticated resource of the emulator. */
export const API_PATH = '/api/v1/access'

const perTest: Array<{ close(): Promise<void> }> = []

afterEach(async () => {
  // Stores before clients: a store's close must not need its client.
  const open = perTest.splice(0).reverse()
  for (const item of open) await item.close()
})

/** Closes `item` after the current test. */
export function track<T extends { close(): Promise<void> }>(item: T): T {
  perTest.push(item)
  return item
}

/** A `redis-server` for the whole file, started before its tests and stopped after them. */
export function useRedisServer(extraArgs: string[] = []): () => RedisServer {
  let server: RedisServer | undefined
  beforeAll(async () => {
    server = await RedisServer.start(extraArgs)
  })
  afterAll(async () => {
    await server?.close()
  })
  return () => {
    if (server === undefined) throw new Error('the Redis server is not started yet')
    return server
  }
}

/** A connected client closed after the test. */
export async function clientOf(kind: ClientKind, server: RedisServer): Promise<TestClient> {
  return track(await connectClient(kind, server.url))
}

/** A store closed after the test. */
export function storeOf(
  client: TestClient,
  options: Partial<RedisTokenStoreOptions> = {},
): RedisTokenStore {
  return track(createRedisTokenStore({ client: client.client, ...options }))
}

/** A store key nobody else in the run uses. */
export function uniqueKey(): string {
  return `mediroutes:token:${randomBytes(12).toString('base64url')}`
}

/** A plausible token set with random secrets, issued `issuedAgoMs` ago and living `lifetimeMs`. */
export function tokenSet(
  options: { issuedAt?: number; lifetimeMs?: number; refresh?: boolean } = {},
): TokenSet {
  const issuedAt = options.issuedAt ?? Date.now()
  return {
    accessToken: `access-${randomBytes(16).toString('hex')}`,
    ...(options.refresh === false
      ? {}
      : { refreshToken: `refresh-${randomBytes(16).toString('hex')}` }),
    tokenType: 'Bearer',
    issuedAt,
    expiresAt: issuedAt + (options.lifetimeMs ?? 3_600_000),
    userName: DEMO_USER.username,
  }
}

/** An emulator closed after the test. API rate limits are raised so that load tests measure the token endpoint only. */
export async function emulator(options: MockServerOptions = {}): Promise<MockServer> {
  return track(await startMockServer({ rateLimit: { token: 10, api: 100_000 }, ...options }))
}

/** A MediRoutes client for the emulator, closed after the test. */
export function mediRoutesClient(
  server: MockServer,
  options: Partial<MediRoutesClientOptions> = {},
): MediRoutesClient {
  return track(
    createMediRoutesClient({
      baseUrl: server.url,
      username: DEMO_USER.username,
      password: DEMO_USER.password,
      ...options,
    }),
  )
}

/** A logger that keeps every line, to check what was said and that no secret was. */
export function recordingLogger(): Logger & { lines: string[]; at(level: string): string[] } {
  const lines: string[] = []
  const record = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields)}`)
  }
  return {
    lines,
    at: (level) => lines.filter((line) => line.startsWith(`${level} `)),
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

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Polls `condition` every 20 ms until it holds; fails with `what` after `timeoutMs`. */
export async function eventually(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`)
    await sleep(20)
  }
}

/** How many times Redis ran scripts (EVALSHA and EVAL) since start, from INFO commandstats. */
export async function scriptCalls(client: TestClient): Promise<number> {
  const info = String(await client.command('INFO', 'commandstats'))
  let calls = 0
  for (const match of info.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+)/g))
    calls += Number(match[1])
  return calls
}
