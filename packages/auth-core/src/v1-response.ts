import { MediRoutesAuthError } from './errors.js'
import { parseRetryAfter } from './retry.js'

/** Longest part of the API's own `Message` kept in an error. */
const MAX_MESSAGE_LENGTH = 200

/**
 * Removes what must never reach a log or an error from text the API sent back: the given
 * secrets (API keys), and query strings of any URL (where `api_key` travels).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let safe = text
  for (const secret of secrets) if (secret !== '') safe = safe.split(secret).join('[redacted]')
  return safe
    .replace(/(https?:\/\/[^\s?#"']*)\?[^\s#"']*/gi, '$1?[query removed]')
    .replace(/((?:tp_)?api_?key["']?\s*[:=]\s*["']?)[^\s&"',}]+/gi, '$1[redacted]')
}

/** The ASP.NET `{ "Message": "…" }` of an error answer, made safe to show; `undefined` when absent. */
async function readMessage(
  response: Response,
  secrets: readonly string[],
): Promise<string | undefined> {
  let text: string
  try {
    text = await response.text()
  } catch {
    return undefined
  }
  let message: unknown
  try {
    const body = JSON.parse(text) as Record<string, unknown> | null
    message = body?.Message ?? body?.message
  } catch {
    return undefined
  }
  if (typeof message !== 'string' || message.trim() === '') return undefined
  const safe = redactText(message.trim(), secrets)
  return safe.length > MAX_MESSAGE_LENGTH ? `${safe.slice(0, MAX_MESSAGE_LENGTH)}…` : safe
}

/**
 * The typed error for a failed v1 call: `access_denied` for 403, `rate_limited` for 429,
 * `api_error` with the status otherwise. `what` names the call without its query string.
 */
export async function apiFailure(
  response: Response,
  what: string,
  secrets: readonly string[],
  denied?: string,
): Promise<MediRoutesAuthError> {
  const status = response.status
  const message = await readMessage(response, secrets)
  const said = message === undefined ? '' : `: ${message}`
  if (status === 403) {
    return new MediRoutesAuthError(
      'access_denied',
      `${what} was refused (HTTP 403)${said}${denied === undefined ? '' : `; ${denied}`}`,
      { status },
    )
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
    return new MediRoutesAuthError(
      'rate_limited',
      `${what} is rate limited (HTTP 429) beyond maxRateLimitWaitMs${said}`,
      { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
    )
  }
  return new MediRoutesAuthError('api_error', `${what} failed with HTTP ${status}${said}`, {
    status,
  })
}

/**
 * Reads a 2xx answer's `{ "Data": … }` envelope and returns `Data`, without any `tp_api_key`
 * the API echoes (application code never handles keys).
 * @throws {MediRoutesAuthError} `invalid_response` when the body is not JSON with `Data`.
 */
export async function unwrapData(response: Response, what: string): Promise<unknown> {
  let body: unknown
  try {
    body = await response.json()
  } catch {
    throw new MediRoutesAuthError(
      'invalid_response',
      `${what} answered HTTP ${response.status} with a body that is not JSON`,
      { status: response.status },
    )
  }
  if (typeof body !== 'object' || body === null || !('Data' in body)) {
    throw new MediRoutesAuthError(
      'invalid_response',
      `${what} answered HTTP ${response.status} without the "Data" envelope`,
      { status: response.status },
    )
  }
  return withoutKeys((body as { Data: unknown }).Data)
}

function withoutKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutKeys)
  if (typeof value !== 'object' || value === null) return value
  if (!('tp_api_key' in value) && !('api_key' in value)) return value
  const { tp_api_key: _t, api_key: _a, ...rest } = value as Record<string, unknown>
  return rest
}
