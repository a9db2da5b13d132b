import { isMediRoutesAuthError, type MediRoutesErrorCode } from '@mediroutes/auth-core'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

/**
 * What our caller gets when the client could not reach MediRoutes. Without this, Fastify would
 * answer with the error's own `status` (MediRoutes' 401 when our password is wrong), telling a
 * caller who did nothing wrong that they are unauthorized.
 */
const STATUS_BY_CODE: Record<MediRoutesErrorCode, number> = {
  invalid_credentials: 503,
  rate_limited: 503,
  closed: 503,
  timeout: 504,
  server_error: 502,
  network_error: 502,
  invalid_response: 502,
  invalid_config: 500,
  api_error: 502,
  access_denied: 403,
  unknown_provider: 403,
}

/** Error handler: MediRoutes failures become 502/503/504 with the error code; anything else goes to Fastify's default. */
export function upstreamErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (!isMediRoutesAuthError(error)) throw error
  const statusCode = STATUS_BY_CODE[error.code]
  // toJSON() is the core's secret-free form; the log keeps the detail the caller does not need.
  request.log.error({ mediroutes: error.toJSON() }, 'MediRoutes call failed')
  if (error.retryAfterMs !== undefined) {
    reply.header('retry-after', String(Math.ceil(error.retryAfterMs / 1000)))
  }
  return reply.code(statusCode).send({
    statusCode,
    error: 'MediRoutes unavailable',
    code: error.code,
    message: `MediRoutes could not be reached (${error.code}); try again later`,
  })
}
