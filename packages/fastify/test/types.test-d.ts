// Compiled by `tsc` in `typecheck`; never run. Each expectation fails the typecheck if the types drift.
import type {
  MediRoutesClient,
  MediRoutesProviderClient,
  MediRoutesTrip,
  TokenStatus,
} from '@mediroutes/auth-core'
import Fastify, { type FastifyRequest } from 'fastify'
import { expectTypeOf } from 'vitest'
import mediRoutesDefault, {
  type MediRoutesClients,
  type MediRoutesPluginOptions,
  mediRoutes,
} from '../src/index.js'

declare module '../src/index.js' {
  interface MediRoutesNamespaces {
    broker: MediRoutesClient
  }
}

declare const client: MediRoutesClient
const app = Fastify()

expectTypeOf(mediRoutesDefault).toEqualTypeOf(mediRoutes)

// The three accepted forms.
void app.register(mediRoutes, { username: 'demo', password: 'secret' })
void app.register(mediRoutes, {
  username: 'demo',
  password: async () => 'secret',
  namespace: 'broker',
})
void app.register(mediRoutes, { client })
void app.register(mediRoutes, { client, namespace: 'broker' })
void app.register(mediRoutes, {})
void app.register(mediRoutes)
void app.register(mediRoutes, { namespace: 'provider' })
// The core's options rule: each connection option left out is read from MEDIROUTES_*.
void app.register(mediRoutes, { password: 'secret' })
void app.register(mediRoutes, { baseUrl: 'https://api.mediroutes.com' })

// Mixed or incomplete forms are refused by the compiler, not only at runtime.
// @ts-expect-error client options next to `client` would be ignored
void app.register(mediRoutes, { client, username: 'demo' })
// @ts-expect-error namespace is a string
void app.register(mediRoutes, { client, namespace: 1 })

expectTypeOf<{ client: MediRoutesClient }>().toExtend<MediRoutesPluginOptions>()

// Declaration merging: the instance and the request are typed.
expectTypeOf(app.mediroutes).toEqualTypeOf<MediRoutesClients>()
expectTypeOf(app.mediroutes.fetch).parameters.toEqualTypeOf<[string | URL, RequestInit?]>()
expectTypeOf(app.mediroutes.fetch).returns.toEqualTypeOf<Promise<Response>>()
expectTypeOf(app.mediroutes.status).returns.toEqualTypeOf<Promise<TokenStatus>>()
expectTypeOf(app.mediroutes.baseUrl).toEqualTypeOf<string>()
expectTypeOf<FastifyRequest['mediroutes']>().toEqualTypeOf<MediRoutesClients>()
expectTypeOf<FastifyRequest['server']['mediroutes']>().toEqualTypeOf<MediRoutesClients>()

// A merged namespace is a client; any other name may be missing.
expectTypeOf(app.mediroutes.broker).toEqualTypeOf<MediRoutesClient>()
expectTypeOf(app.mediroutes.provider).toEqualTypeOf<MediRoutesClient | undefined>()

app.get('/trips', async (request) => {
  expectTypeOf(request.mediroutes.fetch).toBeFunction()
  const lakeside = request.server.mediroutes.forProvider('Lakeside Medical Transport')
  expectTypeOf(lakeside).toEqualTypeOf<MediRoutesProviderClient>()
  const trips = await lakeside.trips.getByDate('2024-06-01')
  expectTypeOf(trips).toEqualTypeOf<MediRoutesTrip[]>()
  return trips
})
