import { randomBytes } from 'node:crypto'
import { createMediRoutesClient, type TokenSet } from '@mediroutes/auth-core'
import { DEMO_USER } from '@mediroutes/mock-server'
import { RedisServer } from '@mediroutes/redis-harness'
import { clientsFrom, closeAfterTest, emulatorWith, sleep } from '@mediroutes/test-kit'
import { afterAll, beforeAll } from 'vitest'
import {
  createRedisTokenStore,
  type RedisTokenStore,
  type RedisTokenStoreOptions,
} from '../src/index.js'
import { type ClientKind, connectClient, type TestClient } from './clients.js'

export { closeAfterTest, recordingLogger, rejectionOf, sleep } from '@mediroutes/test-kit'
export { DEMO_USER }

/** The API call the tests make with a client: any authenticated resource of the emulator. */
export const API_PATH = '/api/v1/access'

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
  return closeAfterTest(await connectClient(kind, server.url))
}

/** A store closed after the test. */
export function storeOf(
  client: TestClient,
  options: Partial<RedisTokenStoreOptions> = {},
): RedisTokenStore {
  return closeAfterTest(createRedisTokenStore({ client: client.client, ...options }))
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
export const emulator = emulatorWith({ rateLimit: { token: 10, api: 100_000 } })

/** A MediRoutes client for the demo account of the emulator, closed after the test. */
export const clientFor = clientsFrom(createMediRoutesClient)

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
