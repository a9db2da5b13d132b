import { createMediRoutesClient, type Logger } from '@mediroutes/auth-core'
import { DEMO_USER, MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { clientsFrom } from '@mediroutes/test-kit'

export { emulator, recordingLogger } from '@mediroutes/test-kit'
export { DEMO_USER }

/** The demo account's provider (a client user of it), with its API key. */
export const LAKESIDE = MOCK_PROVIDERS[0]!

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

/** A client for the demo account of `server`, closed after the test. */
export const clientFor = clientsFrom(createMediRoutesClient)

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
