import type { MediRoutesErrorCode } from './errors.js'

/** API statuses a caller can act on (its own request was wrong), passed on as they are for `api_error`. */
const CALLER_STATUSES: ReadonlySet<number> = new Set([400, 404, 409, 410, 422])

const STATUS_BY_CODE: Record<MediRoutesErrorCode, number> = {
  invalid_config: 500,
  invalid_response: 502,
  server_error: 502,
  api_error: 502,
  access_denied: 403,
  unknown_provider: 403,
  invalid_credentials: 503,
  rate_limited: 503,
  network_error: 503,
  closed: 503,
  timeout: 504,
}

/**
 * The one mapping from an error code (and, for `api_error`, the API's status) to the status a
 * gateway answers its own caller with. Unknown codes (a newer copy of the package) are 500.
 */
export function gatewayStatus(code: MediRoutesErrorCode, upstreamStatus?: number): number {
  if (code === 'api_error' && upstreamStatus !== undefined && CALLER_STATUSES.has(upstreamStatus))
    return upstreamStatus
  return STATUS_BY_CODE[code] ?? 500
}

/** Standard reason phrases of the statuses the mapping produces (RFC 9110 §15). */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}
