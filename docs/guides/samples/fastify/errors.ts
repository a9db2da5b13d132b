import { isMediRoutesAuthError } from '@mediroutes/auth-core'
import type { FastifyInstance } from 'fastify'

/** Answers MediRoutes token trouble with 503 or 502 and a message without secrets. */
export function mediRoutesErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (!isMediRoutesAuthError(error)) return reply.send(error)
    request.log.error({ err: error.toJSON() }, 'MediRoutes call failed')
    const temporary = ['rate_limited', 'network_error', 'timeout', 'server_error'].includes(
      error.code,
    )
    if (error.retryAfterMs !== undefined) {
      reply.header('retry-after', Math.ceil(error.retryAfterMs / 1000))
    }
    return reply
      .code(temporary ? 503 : 502)
      .send({ error: error.code, message: 'MediRoutes is not available right now' })
  })
}
