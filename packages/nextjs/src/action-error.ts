import { type HttpErrorCode, MediRoutesAuthError, toHttpError } from '@mediroutes/auth-core'
import { isMediRoutesApiError } from './api-error.js'

/** Why a MediRoutes call failed, as the browser may see it: the core's codes (`api_error` when MediRoutes answered an error status), plus `unexpected` (anything else). */
export type MediRoutesActionErrorCode = HttpErrorCode

/**
 * A failure a UI can show: a plain object that survives serialisation to the browser, with a
 * message written for end users and never a secret. Details go to the server log instead.
 */
export interface MediRoutesActionError {
  code: MediRoutesActionErrorCode
  message: string
  /** The HTTP status that fits, from the core's one mapping (`toHttpError`): MediRoutes' own 400/404/409/410/422 for `api_error`, 502/503/504 for upstream trouble. */
  status?: number
  /** How long to wait before trying again, when MediRoutes said so. */
  retryAfterMs?: number
}

/**
 * The outcome of a server action or call: `data` on success, a showable `error` otherwise. Each
 * branch names the other's field as `undefined`, so `if (!result.ok) … result.error.message`
 * compiles without `strictNullChecks` too (the tsconfig Next.js generates has `strict: false`).
 */
export type MediRoutesResult<T> =
  | { ok: true; data: T; error?: undefined }
  | { ok: false; error: MediRoutesActionError; data?: undefined }

/**
 * Turns anything thrown by a MediRoutes call into a {@link MediRoutesActionError} with the core's
 * mapping (`toHttpError` from `@mediroutes/auth-core`): the same status and message a Nest or
 * Fastify app answers with. Anything that is not a MediRoutes error is `unexpected` (its message
 * is not passed on: it may hold anything).
 */
export function toMediRoutesActionError(error: unknown): MediRoutesActionError {
  const core = isMediRoutesApiError(error)
    ? new MediRoutesAuthError('api_error', error.message, { status: error.status })
    : error
  const answer = toHttpError(core)
  return {
    code: answer.code,
    status: answer.status,
    message: answer.message,
    ...(answer.retryAfterSeconds === undefined
      ? {}
      : { retryAfterMs: answer.retryAfterSeconds * 1000 }),
  }
}
