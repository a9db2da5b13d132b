import {
  createMediRoutesClient,
  type MediRoutesClient,
  type MediRoutesClientOptions,
} from '@mediroutes/auth-core'
import {
  DEMO_USER,
  MOCK_PROVIDERS,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from '@mediroutes/mock-server'
import { test as base } from 'vitest'

export { DEMO_USER }

interface Closable {
  close(): Promise<void> | void
}

/**
 * What one test starts, closed when that test ends (clients first, then servers). A fixture
 * rather than global hooks, so tests in a `describe.concurrent` block never close each
 * other's emulators.
 */
export class Lab {
  readonly #open: Closable[] = []

  /** Closes `closable` when the test ends. */
  track<T extends Closable>(closable: T): T {
    this.#open.push(closable)
    return closable
  }

  /**
   * An emulator on a free loopback port. A fresh port per test also means a fresh
   * token-request pacer in the client, which is kept per host and port.
   */
  async emulator(options: MockServerOptions = {}): Promise<MockServer> {
    return this.track(await startMockServer(options))
  }

  /** A client of the demo account on `server`. */
  client(server: MockServer, options: Partial<MediRoutesClientOptions> = {}): MediRoutesClient {
    return this.track(demoClient(server, options))
  }

  async close(): Promise<void> {
    for (const closable of this.#open.splice(0).reverse()) await closable.close()
  }
}

/** `it` with a per-test {@link Lab}. */
export const it = base.extend<{ lab: Lab }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  lab: async ({}, use) => {
    const lab = new Lab()
    try {
      await use(lab)
    } finally {
      await lab.close()
    }
  },
})

/**
 * The vendor's per-second reading of the `/token` limit, plus 100 ms for arrival jitter. The
 * suite drives many grants per emulator and checks them against that reading
 * (`expectVendorPace`); the client's default is the per-minute reading, under which the 11th
 * grant of a process would wait a minute.
 */
export const PER_SECOND_TOKEN_LIMIT = { requests: 10, windowMs: 1_100 } as const

/** A client of the demo account on `server`, which the caller closes. */
export function demoClient(
  server: MockServer,
  options: Partial<MediRoutesClientOptions> = {},
): MediRoutesClient {
  return createMediRoutesClient({
    baseUrl: server.url,
    username: DEMO_USER.username,
    password: DEMO_USER.password,
    tokenRateLimit: PER_SECOND_TOKEN_LIMIT,
    ...options,
  })
}

/** Makes `server` answer the next token request with `body` (a string, or an object sent as JSON) and `status`. */
export function serveTokenBody(server: MockServer, body: string | object, status = 200): void {
  server.clearFaults()
  server.injectFault({
    target: 'token',
    fault: { kind: 'status', status, body: typeof body === 'string' ? body : JSON.stringify(body) },
  })
}

/** The path of an ordinary, idempotent API call: today's trips of the demo user's provider. */
export function tripsPath(): string {
  const query = new URLSearchParams({
    api_key: MOCK_PROVIDERS[0]!.apiKey,
    date: new Date().toISOString().slice(0, 10),
  })
  return `/api/v1/rides/getRidesByDate?${query}`
}

export { sleep } from '@mediroutes/test-kit'
