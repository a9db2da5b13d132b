import { mediRoutesErrorHandler } from '@mediroutes/fastify'
import type { FastifyInstance } from 'fastify'

/** Answers MediRoutes failures with the core's one mapping: a gateway status, the code, no secrets. */
export function mediRoutesErrors(app: FastifyInstance): void {
  app.setErrorHandler(mediRoutesErrorHandler)
}
