import { mediRoutes } from '@mediroutes/fastify'
import Fastify from 'fastify'

const app = Fastify({ logger: true })

// Configured from MEDIROUTES_*; the client's logs go to app.log; it closes with the app.
await app.register(mediRoutes)

// The providers this account may act for: names only, the API keys stay in the client.
app.get('/providers', async (request) => {
  const { providers } = await request.mediroutes.getAccess()
  return providers.map((provider) => provider.name)
})

// A provider's trips: the provider-scoped client adds that provider's API key to the call.
app.get<{ Params: { provider: string }; Querystring: { date: string } }>(
  '/providers/:provider/trips',
  async (request) =>
    request.mediroutes.forProvider(request.params.provider).trips.getByDate(request.query.date),
)

await app.listen({ port: Number(process.env.PORT ?? 3000) })
