// Type-checked against the built declarations (dist/index.d.ts), as an ES module consumer sees them.
import type { MediRoutesClient } from '@mediroutes/fastify'
import mediRoutes from '@mediroutes/fastify'
import Fastify from 'fastify'

declare module '@mediroutes/fastify' {
  interface MediRoutesNamespaces {
    broker: MediRoutesClient
  }
}

const app = Fastify()
await app.register(mediRoutes, { username: 'demo', password: 'secret' })
app.get('/', async (request) => {
  const response: Response = await request.mediroutes.fetch('/api/v1/access')
  const trips = await request.mediroutes
    .forProvider('Lakeside Medical Transport')
    .trips.getByDate('2024-06-01')
  const tripGuids: string[] = trips.map((trip) => trip.trip_guid)
  const broker: MediRoutesClient = request.server.mediroutes.broker
  const other: MediRoutesClient | undefined = app.mediroutes.other
  return { status: response.status, tripGuids, broker: broker.username, other: other?.username }
})
// @ts-expect-error client options next to a client
await app.register(mediRoutes, { client: app.mediroutes.broker, username: 'demo' })
