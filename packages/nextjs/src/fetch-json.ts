import { MediRoutesAuthError, type MediRoutesClient } from '@mediroutes/auth-core'
import { MediRoutesApiError } from './api-error.js'
import { currentSecrets, redactSecrets } from './secret-scan.js'
import { assertServerRuntime } from './server-only.js'
import { getMediRoutesClient } from './shared-client.js'

/** Options for {@link fetchMediRoutesJson} and {@link callMediRoutes}: `fetch` options plus a JSON body. */
export interface MediRoutesRequestInit extends RequestInit {
  /** Sent as the JSON body, with `Content-Type: application/json`. Replaces `body`. */
  json?: unknown
  /** The client to use. Default: {@link getMediRoutesClient}(). */
  client?: MediRoutesClient
  /**
   * Call as this transportation provider (its name in the account's access claims): its API key
   * is added as `api_key` or `tp_api_key`, on the server. The browser never chooses or sees a key;
   * take the provider name from your own server-side rules, not from form data alone.
   */
  provider?: string
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g

/** Longest API message passed on; longer ones are cut (an HTML error page is not a message). */
const MAX_MESSAGE_LENGTH = 300

/**
 * Calls the MediRoutes API with the server's token and returns the parsed JSON answer
 * (`undefined` for an empty one). For Server Components and server actions.
 *
 * @throws {MediRoutesApiError} `api_error` when MediRoutes answers an error status, with its status and message.
 * @throws {MediRoutesAuthError} the core's codes for token, network and configuration trouble; `invalid_response` when a success answer is not JSON.
 * @throws {MediRoutesServerOnlyError} `server_only` in a browser.
 * @example
 * const { Data: trip } = await fetchMediRoutesJson<{ Data: Trip }>('/api/v1/singletrip/cancel', {
 *   method: 'POST',
 *   json: { trip_guid: tripGuid, reason: 'Rider is in hospital' },
 *   provider: 'Lakeside Medical Transport',
 * })
 */
export async function fetchMediRoutesJson<T = unknown>(
  path: string,
  init: MediRoutesRequestInit = {},
): Promise<T> {
  assertServerRuntime('fetchMediRoutesJson()')
  const { json, client: given, provider, ...rest } = init
  const client = given ?? getMediRoutesClient()
  const target = provider === undefined ? client : client.forProvider(provider)
  const headers = new Headers(rest.headers)
  if (!headers.has('accept')) headers.set('accept', 'application/json')
  if (json !== undefined) headers.set('content-type', 'application/json')
  const response = await target.fetch(path, {
    ...rest,
    headers,
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  })
  const text = await response.text()
  if (!response.ok) {
    const message = apiMessage(response.status, text, await currentSecrets(client))
    throw new MediRoutesApiError(response.status, message)
  }
  if (text.trim() === '') return undefined as T
  try {
    return JSON.parse(text) as T
  } catch {
    throw new MediRoutesAuthError(
      'invalid_response',
      `${rest.method ?? 'GET'} ${new URL(path, 'http://x').pathname} answered ${response.status} with a body that is not JSON`,
      { status: response.status },
    )
  }
}

/**
 * MediRoutes' own message for 4xx answers (`message`, or ASP.NET's `Message`), secrets redacted
 * before it is cut (a cut token would no longer match); a generic message otherwise.
 */
function apiMessage(status: number, body: string, secrets: readonly string[]): string {
  const generic = `MediRoutes answered ${status}.`
  if (status >= 500) return `MediRoutes failed (${status}); try again later.`
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return generic
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >
  const message = record.message ?? record.Message
  if (typeof message !== 'string' || message.trim() === '') return generic
  const clean = redactSecrets(message, secrets).replace(CONTROL_CHARACTERS, ' ').trim()
  return clean.length > MAX_MESSAGE_LENGTH ? `${clean.slice(0, MAX_MESSAGE_LENGTH)}…` : clean
}
