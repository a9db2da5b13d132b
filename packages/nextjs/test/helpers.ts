import {
  createMediRoutesClient,
  type Logger,
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
import { afterEach } from 'vitest'

export { DEMO_USER }

/** The demo account's provider (a client user of it), with its API key. */
export const LAKESIDE = MOCK_PROVIDERS[0]!

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

/** One request the client sent, as it left the process. */
export interface SentRequest {
  method: string
  url: URL
  headers: Headers
  body: string
}

/** Neither a token request nor the access claims (which provider calls read first). */
function isResourceCall(url: URL): boolean {
  return !url.pathname.endsWith('/token') && url.pathname !== '/api/v1/access'
}

/**
 * A transport that records what the client sends and passes it to the real network, unless
 * `reply` answers it instead (to play a MediRoutes that misbehaves).
 */
export function recordingFetch(
  reply?: (sent: SentRequest) => Response | undefined,
): typeof fetch & { sent: SentRequest[]; api(): SentRequest[] } {
  const sent: SentRequest[] = []
  const transport = async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : input)
    const body =
      init.body === undefined || init.body === null ? '' : await new Response(init.body).text()
    const record = {
      method: (init.method ?? 'GET').toUpperCase(),
      url,
      headers: new Headers(init.headers),
      body,
    }
    sent.push(record)
    // Tokens and access claims always come from the emulator: `reply` plays the resource calls.
    const replied = isResourceCall(url) ? reply?.(record) : undefined
    if (replied !== undefined) return replied
    return fetch(url, { ...init, ...(body === '' ? { body: undefined } : { body }) })
  }
  return Object.assign(transport as typeof fetch, {
    sent,
    api: () => sent.filter((r) => isResourceCall(r.url)),
  })
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

/** A logger that says nothing, for tests that do not look at logs. */
export const quietLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
}

/** Today as the emulator sees it (UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10)
}
