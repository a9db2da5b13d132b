import { mediRoutes } from '@mediroutes/fastify'
import Fastify from 'fastify'

const app = Fastify({ logger: true })

// Configured from MEDIROUTES_*; the client's logs go to app.log; it closes with the app.
await app.register(mediRoutes)

app.get<{ Querystring: { date: string } }>('/trips', async (request, reply) => {
  const date = encodeURIComponent(request.query.date)
  const response = await request.mediroutes.fetch(`/api/trips?date=${date}`)
  // Pass MediRoutes' own answer through, error statuses included.
  return reply.code(response.status).send(await response.json())
})

await app.listen({ port: Number(process.env.PORT ?? 3000) })
