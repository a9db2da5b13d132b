import type { FastifyPluginAsync } from 'fastify'

/**
 * `GET /health`: the token's state from `client.status()`, which never calls `/token`, so a
 * monitor polling it costs MediRoutes nothing. 503 while MediRoutes refuses our credentials.
 */
export const healthRoute: FastifyPluginAsync = async (app) => {
  app.get('/health', async (request, reply) => {
    const token = await request.mediroutes.status()
    const healthy = token.state !== 'cooldown'
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'degraded', token })
  })
}
