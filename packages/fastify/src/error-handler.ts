import { isMediRoutesAuthError } from '@mediroutes/auth-core'
import { httpErrorBody, httpErrorHeaders } from '@mediroutes/auth-core/internal'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

/**
 * An error handler for `fastify.setErrorHandler()` that answers a failed MediRoutes call with the
 * core's one mapping (`toHttpError` from `@mediroutes/auth-core`), the same status and body
 * `{ statusCode, error, code, message }` as the Nest filter and the Next.js handlers: 503 with
 * `Retry-After` when trying later may help, 504 for a timeout, 502 for an unusable answer, 403
 * for access outside the account's claims, 500 for a configuration mistake. The message is
 * written for the caller; the full (secret-free) error is logged on `request.log`.
 *
 * Any other error is rethrown, so Fastify's default handler (or a parent context's) answers it.
 * Without this handler Fastify still answers with the mapped status (`error.statusCode`), but with
 * the error's own message.
 * @example
 * fastify.setErrorHandler(mediRoutesErrorHandler)
 */
export function mediRoutesErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (!isMediRoutesAuthError(error)) throw error
  const body = httpErrorBody(error)
  request.log.warn(
    { mediroutes: error.toJSON(), statusCode: body.statusCode },
    'MediRoutes call failed',
  )
  return reply.code(body.statusCode).headers(httpErrorHeaders(error)).send(body)
}
