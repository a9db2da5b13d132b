import { isMediRoutesAuthError, type MediRoutesErrorCode } from '@mediroutes/auth-core'
import { isMediRoutesApiError } from './api-error.js'

/** Why a MediRoutes call failed, as the browser may see it: the core's codes, plus `api_error` (MediRoutes answered an error status) and `unexpected` (anything else). */
export type MediRoutesActionErrorCode = MediRoutesErrorCode | 'api_error' | 'unexpected'

/**
 * A failure a UI can show: a plain object that survives serialisation to the browser, with a
 * message written for end users and never a secret. Details go to the server log instead.
 */
export interface MediRoutesActionError {
  code: MediRoutesActionErrorCode
  message: string
  /** The HTTP status that fits: MediRoutes' own for `api_error`, 502/503/504 for upstream trouble. */
  status?: number
  /** How long to wait before trying again, when MediRoutes said so. */
  retryAfterMs?: number
}

/** The outcome of a server action or call: `data` on success, a showable `error` otherwise. */
export type MediRoutesResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: MediRoutesActionError }

/** What a browser is told for each core error: no configuration detail, no secret. */
const CORE_ERRORS: Record<MediRoutesErrorCode, { status: number; message: string }> = {
  invalid_config: {
    status: 500,
    message: 'The server is not configured for MediRoutes; see the server log.',
  },
  invalid_credentials: {
    status: 503,
    message: "MediRoutes refused this server's credentials; see the server log.",
  },
  rate_limited: {
    status: 503,
    message: 'MediRoutes is limiting requests from this server; try again shortly.',
  },
  server_error: { status: 502, message: 'MediRoutes failed to issue a token; try again later.' },
  network_error: { status: 502, message: 'MediRoutes could not be reached; try again later.' },
  timeout: { status: 504, message: 'MediRoutes did not answer in time; try again.' },
  invalid_response: {
    status: 502,
    message: 'MediRoutes sent an answer this server could not read; see the server log.',
  },
  closed: { status: 503, message: 'The server is shutting down its MediRoutes client; try again.' },
  api_error: { status: 502, message: 'MediRoutes could not carry out the request.' },
  access_denied: {
    status: 403,
    message: 'This account may not act for that provider or its funding source.',
  },
  unknown_provider: {
    status: 403,
    message: "That provider is not in this account's access claims.",
  },
}

const UNEXPECTED: MediRoutesActionError = {
  code: 'unexpected',
  status: 500,
  message: 'The request failed on the server; see the server log.',
}

/**
 * Turns anything thrown by a MediRoutes call into a {@link MediRoutesActionError}: the core's
 * errors by `code`, API errors with MediRoutes' own status and message, anything else as
 * `unexpected` (its message is not passed on: it may hold anything).
 */
export function toMediRoutesActionError(error: unknown): MediRoutesActionError {
  if (isMediRoutesApiError(error)) {
    return { code: 'api_error', status: error.status, message: error.message }
  }
  if (isMediRoutesAuthError(error)) {
    const known = CORE_ERRORS[error.code] as (typeof CORE_ERRORS)[MediRoutesErrorCode] | undefined
    if (known === undefined) return { ...UNEXPECTED }
    return {
      code: error.code,
      status: known.status,
      message: known.message,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    }
  }
  return { ...UNEXPECTED }
}
