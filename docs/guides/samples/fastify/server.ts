import { mediRoutes } from '@mediroutes/fastify'
import Fastify from 'fastify'

const app = Fastify({ logger: true })

// Configured from MEDIROUTES_*; the client's logs go to app.log; it closes with the app.
await app.register(mediRoutes)

app.get<{ Querystring: { date: string } }>('/trips', async (request, reply) => {
  const date = encodeURIComponent(request.query.date)
  const response = await request.mediroutes.fetch(`/api/trips?date=${date}`)
  if (response.status === 401 || response.status === 403) {
    // MediRoutes refused this service's token or account: not your caller's fault.
    return reply.code(502).send({ message: 'MediRoutes refused this service' })
  }
  // Pass MediRoutes' own answer through, its 400, 404 and 409 included.
  return reply.code(response.status).send(await response.json())
})

await app.listen({ port: Number(process.env.PORT ?? 3000) })
