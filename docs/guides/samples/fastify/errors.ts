import { isMediRoutesAuthError, type MediRoutesErrorCode } from '@mediroutes/auth-core'
import type { FastifyInstance } from 'fastify'

// Gateway statuses: MediRoutes' own status (a 401 for our password) would blame your caller.
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

/** Answers MediRoutes token and connection trouble with a gateway status and no secrets. */
export function mediRoutesErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (!isMediRoutesAuthError(error)) throw error // Fastify's default handling
    request.log.error({ mediroutes: error.toJSON() }, 'MediRoutes call failed')
    if (error.retryAfterMs !== undefined) {
      reply.header('retry-after', Math.ceil(error.retryAfterMs / 1000))
    }
    const statusCode = STATUS_BY_CODE[error.code]
    return reply
      .code(statusCode)
      .send({ statusCode, code: error.code, message: 'MediRoutes is unavailable' })
  })
}
