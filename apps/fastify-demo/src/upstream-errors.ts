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

/** MediRoutes' own answers that mean the same to our caller: passed through with their status. */
const PASSED_THROUGH = new Set([400, 404, 409, 410, 422])

/** Codes whose message is about the caller's request, not our upstream: shown as they are. */
const CALLER_FACING = new Set<MediRoutesErrorCode>([
  'api_error',
  'access_denied',
  'unknown_provider',
])

/** Error handler: MediRoutes failures become 502/503/504 with the error code; anything else goes to Fastify's default. */
export function upstreamErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (!isMediRoutesAuthError(error)) throw error
  const passed = error.code === 'api_error' && PASSED_THROUGH.has(error.status ?? 0)
  const statusCode = passed ? (error.status as number) : STATUS_BY_CODE[error.code]
  // toJSON() is the core's secret-free form; the log keeps the detail the caller does not need.
  request.log.error({ mediroutes: error.toJSON() }, 'MediRoutes call failed')
  if (error.retryAfterMs !== undefined) {
    reply.header('retry-after', String(Math.ceil(error.retryAfterMs / 1000)))
  }
  const callerFacing = CALLER_FACING.has(error.code) && statusCode < 500
  return reply.code(statusCode).send({
    statusCode,
    error: callerFacing ? 'MediRoutes refused' : 'MediRoutes unavailable',
    code: error.code,
    // The core's messages hold no secret; a refusal's message tells the caller what was wrong.
    message: callerFacing
      ? error.message
      : `MediRoutes could not be reached (${error.code}); try again later`,
  })
}
