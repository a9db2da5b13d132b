import { CliError } from './cli-error.js'
import { EXIT_CODES } from './exit-codes.js'

/** The methods `mediroutes api` sends. */
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

/** RFC 9110 token characters: what a header name may hold. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

function usage(message: string): CliError {
  return new CliError(EXIT_CODES.usage, message)
}

/**
 * Upper-cases and checks a method name.
 * @throws {CliError} exit 2 for a method MediRoutes does not use.
 */
export function parseMethod(raw: string): (typeof METHODS)[number] {
  const method = raw.toUpperCase()
  const known = METHODS.find((m) => m === method)
  if (known === undefined) {
    throw usage(`unknown method "${raw}"; use one of ${METHODS.join(', ')}`)
  }
  return known
}

/**
 * Turns repeated `--header name:value` flags into headers. Values are never echoed in errors:
 * a header is a common place for a key.
 * @throws {CliError} exit 2 for a malformed header or an `Authorization` header, which the client owns.
 */
export function parseHeaders(raw: readonly string[]): Headers {
  const headers = new Headers()
  for (const entry of raw) {
    const colon = entry.indexOf(':')
    const name = colon === -1 ? '' : entry.slice(0, colon).trim()
    if (!HEADER_NAME.test(name)) {
      throw usage('--header must look like "Name: value", e.g. --header "Accept-Language: en"')
    }
    if (name.toLowerCase() === 'authorization') {
      throw usage(
        '--header Authorization is not allowed: the client adds the token itself and refreshes it when needed',
      )
    }
    headers.append(name, entry.slice(colon + 1).trim())
  }
  return headers
}

/**
 * Checks that a request body is JSON before anything is sent, so a shell-quoting slip fails
 * here rather than as a 400 from MediRoutes. The body is not echoed: it may hold rider data.
 * @throws {CliError} exit 2 when `text` is not JSON.
 */
export function checkJsonBody(text: string, source: string): void {
  try {
    JSON.parse(text)
  } catch {
    throw usage(
      `${source} is not valid JSON; in a shell, wrap it in single quotes, e.g. --data '{"status":"Assigned"}'`,
    )
  }
}
