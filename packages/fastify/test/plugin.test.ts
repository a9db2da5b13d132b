import fp from 'fastify-plugin'
import { describe, expect, it } from 'vitest'
import mediRoutes from '../src/index.js'
import { app, demoOptions, emulator, rejectionOf } from './helpers.js'

interface Trip {
  trip_guid: string
  trip_id: string
  status: string
  dropoff: { appt_time: string }
}

/** The emulator's demo account is a client user of this provider. */
const LAKESIDE = 'Lakeside Medical Transport'

describe('the plugin on a real Fastify instance', () => {
  it('decorates the instance with a client that calls the emulator with a token', async () => {
    const server = await emulator()
    const fastify = app()
    await fastify.register(mediRoutes, demoOptions(server))
    fastify.get('/trips', async (request) =>
      request.server.mediroutes.forProvider(LAKESIDE).trips.getByDate('2024-06-01'),
    )

    const reply = await fastify.inject({ method: 'GET', url: '/trips' })

    expect(reply.statusCode).toBe(200)
    const trips = reply.json<Trip[]>()
    expect(trips.length).toBeGreaterThan(0)
    expect(trips.every((trip) => trip.dropoff.appt_time.startsWith('2024-06-01'))).toBe(true)
    // One login, one read of the claims (for the provider's key), one read of the day.
    const counters = server.counters()
    expect(counters).toMatchObject({ passwordGrants: 1, apiRequests: 2, unauthorized: 0 })
    expect(counters.requestsByPath).toMatchObject({
      '/api/v1/access': 1,
      '/api/v1/rides/getRidesByDate': 1,
    })
  })

  it('gives request.mediroutes the same clients as request.server.mediroutes, stored nowhere on the request', async () => {
    const server = await emulator()
    const fastify = app()
    await fastify.register(mediRoutes, demoOptions(server))
    fastify.get('/same', async (request) => ({
      same: request.mediroutes === request.server.mediroutes,
      own: Object.hasOwn(request, 'mediroutes'),
      instance: request.mediroutes === fastify.mediroutes,
    }))

    const reply = await fastify.inject({ method: 'GET', url: '/same' })

    expect(reply.json()).toEqual({ same: true, own: false, instance: true })
  })

  it('serves 200 concurrent requests with one password grant', async () => {
    const server = await emulator({ rateLimit: false })
    const fastify = app()
    await fastify.register(mediRoutes, demoOptions(server))
    fastify.get('/trips/:id', async (request, reply) => {
      const { id } = request.params as { id: string }
      const response = await request.mediroutes
        .forProvider(LAKESIDE)
        .fetch(`/api/v1/singletrip?trip_id=${encodeURIComponent(id)}`)
      return reply.code(response.status).send(await response.json())
    })

    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fastify.inject({ url: `/trips/LMT-20240601-0${(i % 5) + 1}` }),
      ),
    )

    expect(replies.map((r) => r.statusCode)).toEqual(replies.map(() => 200))
    expect(replies[0]!.json()).toMatchObject({ Data: { trip_id: 'LMT-20240601-01' } })
    const counters = server.counters()
    expect(counters).toMatchObject({ tokenRequests: 1, passwordGrants: 1 })
    // The claims are read once for all 200, not once per request.
    expect(counters.requestsByPath).toMatchObject({
      '/api/v1/access': 1,
      '/api/v1/singletrip': 200,
    })
  })

  it('lets a plugin declare it as a dependency by name, so Fastify checks the order', async () => {
    const server = await emulator()
    const user = fp(async () => {}, { name: 'trips', dependencies: ['@mediroutes/fastify'] })
    const early = app()
    early.register(user)
    early.register(mediRoutes, demoOptions(server))
    const late = app()
    late.register(mediRoutes, demoOptions(server))
    late.register(user)

    const error = await rejectionOf(early.ready())
    await late.ready()

    expect(error.code).toBe('FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED')
    expect(error.message).toContain('@mediroutes/fastify')
  })

  it('works over a real socket', async () => {
    const server = await emulator()
    const fastify = app()
    await fastify.register(mediRoutes, demoOptions(server))
    fastify.post('/trips/:guid/cancel', async (request, reply) => {
      const { guid } = request.params as { guid: string }
      // The provider client puts its key into the JSON body as `tp_api_key`.
      const response = await request.mediroutes
        .forProvider(LAKESIDE)
        .fetch('/api/v1/singletrip/cancel', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ trip_guid: guid, reason: 'Rider rescheduled' }),
        })
      return reply.code(response.status).send(await response.json())
    })
    const address = await fastify.listen({ host: '127.0.0.1', port: 0 })
    const day = await fastify.mediroutes.forProvider(LAKESIDE).trips.getByDate('2024-06-01')
    const scheduled = day.find((trip) => trip.status === 'scheduled')!

    const first = await fetch(`${address}/trips/${scheduled.trip_guid}/cancel`, { method: 'POST' })
    const second = await fetch(`${address}/trips/${scheduled.trip_guid}/cancel`, { method: 'POST' })

    expect(first.status).toBe(200)
    expect(((await first.json()) as { Data: Trip }).Data.status).toBe('cancelled')
    expect(second.status).toBe(409) // a cancelled trip is final
    expect(server.counters().passwordGrants).toBe(1)
  })
})
