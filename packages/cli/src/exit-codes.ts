import type { MediRoutesErrorCode } from '@mediroutes/auth-core'

/**
 * The exit statuses of `mediroutes`, one per kind of failure, so a script can tell a wrong
 * password from an outage without parsing messages.
 */
export const EXIT_CODES = {
  /** The command did what was asked. */
  ok: 0,
  /** The API answered with a 4xx status other than 429 (`api` only). */
  apiError: 1,
  /** The command line or the configuration is wrong: unknown flag, missing username, bad URL. */
  usage: 2,
  /** MediRoutes refused the username or password. */
  invalidCredentials: 3,
  /** MediRoutes answered 429 longer than the client was willing to wait. */
  rateLimited: 4,
  /** MediRoutes could not be reached, did not answer in time, or failed with a 5xx. */
  unavailable: 5,
  /** MediRoutes answered something that is not what the contract promises (e.g. HTML for JSON). */
  invalidResponse: 6,
  /** A bug in the CLI rather than a MediRoutes answer (`EX_SOFTWARE` from sysexits.h). */
  internal: 70,
  /** The user pressed Ctrl+C at the password prompt (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const

/** One of the values of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES]

/** The exit status for a failure the core reported with `code`. */
export function exitCodeForError(code: MediRoutesErrorCode): ExitCode {
  switch (code) {
    case 'invalid_credentials':
      return EXIT_CODES.invalidCredentials
    case 'rate_limited':
      return EXIT_CODES.rateLimited
    case 'server_error':
    case 'network_error':
    case 'timeout':
    case 'closed':
      return EXIT_CODES.unavailable
    case 'invalid_response':
      return EXIT_CODES.invalidResponse
    case 'invalid_config':
    case 'unknown_provider':
      return EXIT_CODES.usage
    case 'api_error':
    case 'access_denied':
      return EXIT_CODES.apiError
    default:
      // A code from a newer core: a bug in this CLI rather than a MediRoutes answer.
      return EXIT_CODES.internal
  }
}

/** The exit status for an API answer with HTTP `status`. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status >= 200 && status < 300) return EXIT_CODES.ok
  if (status === 429) return EXIT_CODES.rateLimited
  if (status >= 500) return EXIT_CODES.unavailable
  return EXIT_CODES.apiError
}
