import type { FastifyReply } from 'fastify'

/** MediRoutes answers that mean the same to our caller; anything else is our upstream's problem. */
const PASSED_THROUGH = new Set([400, 404, 409, 422])

/**
 * Sends a MediRoutes answer on: successes and caller mistakes (bad date, unknown trip, already
 * cancelled) keep their status; any other status, or a body that is not JSON, becomes 502.
 */
export async function relay(response: Response, reply: FastifyReply): Promise<FastifyReply> {
  if (response.ok || PASSED_THROUGH.has(response.status)) {
    try {
      return reply.code(response.status).send(await response.json())
    } catch {
      reply.log.warn({ upstreamStatus: response.status }, 'MediRoutes sent a body that is not JSON')
    }
  } else {
    await response.body?.cancel()
    reply.log.warn({ upstreamStatus: response.status }, 'MediRoutes answered with an error')
  }
  return reply.code(502).send({
    statusCode: 502,
    error: 'Bad Gateway',
    message: `MediRoutes answered HTTP ${response.status}`,
  })
}
