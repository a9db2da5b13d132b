import { isMediRoutesAuthError, type MediRoutesErrorCode } from './errors.js'
import { gatewayStatus, REASON_PHRASES } from './http-status.js'

/** The `code` of an {@link HttpError}: the core's error codes, or `unexpected` for anything else. */
export type HttpErrorCode = MediRoutesErrorCode | 'unexpected'

/** How a server should answer its own caller when a MediRoutes call failed. */
export interface HttpError {
  /** The HTTP status to answer with (see the table in the README). */
  status: number
  /** The error's `code`, or `unexpected` when it was not a MediRoutes error. */
  code: HttpErrorCode
  /** A message safe to show the caller: no secret, no configuration detail. */
  message: string
  /** Send as `Retry-After` (seconds) when set: MediRoutes said when to try again. */
  retryAfterSeconds?: number
}

/** What a caller is told for each code: no configuration detail, no secret. */
const MESSAGES: Record<HttpErrorCode, string> = {
  invalid_config: 'The server is not configured for MediRoutes; see the server log.',
  invalid_credentials: "MediRoutes refused this server's credentials; see the server log.",
  rate_limited: 'MediRoutes is limiting requests from this server; try again shortly.',
  server_error: 'MediRoutes failed to issue a token; try again later.',
  network_error: 'MediRoutes could not be reached; try again later.',
  timeout: 'MediRoutes did not answer in time; try again.',
  invalid_response: 'MediRoutes sent an answer this server could not read; see the server log.',
  closed: 'The server is shutting down its MediRoutes client; try again.',
  api_error: 'MediRoutes could not carry out the request.',
  access_denied: 'This account may not act for that provider or its funding source.',
  unknown_provider: "That provider is not in this account's access claims.",
  unexpected: 'The request failed on the server; see the server log.',
}

/**
 * The one mapping from a failed MediRoutes call to an HTTP answer, used by every framework
 * adapter so that the same failure gets the same status in each:
 *
 * | status | codes |
 * | --- | --- |
 * | 500 | `invalid_config`, `unexpected` (not a MediRoutes error) |
 * | 502 | `invalid_response`, `server_error`, `api_error` for other API statuses |
 * | 400, 404, 409, 410, 422 | `api_error` with that API status (the caller's request was wrong) |
 * | 403 | `access_denied`, `unknown_provider` |
 * | 503 | `invalid_credentials`, `rate_limited`, `network_error`, `closed` (with `Retry-After` when known) |
 * | 504 | `timeout` |
 *
 * The message is written for the caller and never holds a secret; for `api_error` with a passed-on
 * status it is the error's own (secret-free) message, which says what was wrong with the request.
 * @example
 * const { status, message } = toHttpError(error)
 */
export function toHttpError(error: unknown): HttpError {
  if (!isMediRoutesAuthError(error)) {
    return { status: 500, code: 'unexpected', message: MESSAGES.unexpected }
  }
  const code: HttpErrorCode = error.code in MESSAGES ? error.code : 'unexpected'
  const status = code === 'unexpected' ? 500 : gatewayStatus(error.code, error.status)
  const passedOn = code === 'api_error' && status !== 502 && error.message !== ''
  const result: HttpError = { status, code, message: passedOn ? error.message : MESSAGES[code] }
  if (status === 503 && error.retryAfterMs !== undefined && Number.isFinite(error.retryAfterMs))
    result.retryAfterSeconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000))
  return result
}

/** The JSON body every adapter answers a failed MediRoutes call with. */
export interface HttpErrorBody {
  statusCode: number
  /** The status's reason phrase, e.g. `Service Unavailable`. */
  error: string
  code: HttpErrorCode
  message: string
}

/** The answer's body for `error`: `{ statusCode, error, code, message }`. */
export function httpErrorBody(error: unknown): HttpErrorBody {
  const { status, code, message } = toHttpError(error)
  return { statusCode: status, error: REASON_PHRASES[status] ?? 'Error', code, message }
}

/** The answer's headers for `error`: `Retry-After` when MediRoutes said when to try again. */
export function httpErrorHeaders(error: unknown): Record<string, string> {
  const { retryAfterSeconds } = toHttpError(error)
  return retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }
}

/** A web `Response` for `error`: the status, the JSON body, `Retry-After` and `Cache-Control: no-store`. */
export function httpErrorResponse(error: unknown): Response {
  const body = httpErrorBody(error)
  return Response.json(body, {
    status: body.statusCode,
    headers: { 'cache-control': 'no-store', ...httpErrorHeaders(error) },
  })
}
