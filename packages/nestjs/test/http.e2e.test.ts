import { HttpAdapterHost } from '@nestjs/core'
import { describe, expect, it } from 'vitest'
import type { MediRoutesErrorCode } from '../src/index.js'
import { MediRoutesExceptionFilter } from '../src/index.js'
import { INTERNAL_DETAIL, PLATFORMS, startDispatchApp } from './fixtures/dispatch-app.js'
import { DEMO_USER, emulator, expectNoSecrets } from './helpers.js'

/** The fields of a v1 trip these tests read. */
interface Trip {
  trip_guid: string
  status: string
  pickup: { pickup_time: string }
}

const DATE = '2024-06-03'

describe.each(PLATFORMS)('end to end on %s', (platform) => {
  it('serves trips through the injected client: many concurrent requests, one password grant', async () => {
    const server = await emulator()
    const { url } = await startDispatchApp(platform, server)
    const responses = await Promise.all(
      Array.from({ length: 60 }, () => fetch(`${url}/trips?date=${DATE}`)),
    )
    for (const response of responses) expect(response.status).toBe(200)
    const trips = (await responses[0]!.json()) as Trip[]
    expect(trips.length).toBeGreaterThan(0)
    expect(trips.every((trip) => trip.pickup.pickup_time.startsWith(DATE))).toBe(true)
    expect(server.counters()).toMatchObject({ passwordGrants: 1, tokenRequests: 1 })
    // The provider's key comes from the access claims, read once for all 60 calls.
    expect(server.counters().requestsByPath).toMatchObject({
      '/api/v1/access': 1,
      '/api/v1/rides/getRidesByDate': 60,
    })
    expect(server.counters().apiByStatus[200]).toBe(61)
  })

  it('cancels a trip, and a repeated cancel passes the 409 through', async () => {
    const server = await emulator()
    const { url } = await startDispatchApp(platform, server)
    const trips = (await (await fetch(`${url}/trips?date=${DATE}`)).json()) as Trip[]
    const trip = trips.find((candidate) => candidate.status === 'scheduled')
    const cancel = () => fetch(`${url}/trips/${trip!.trip_guid}/cancel`, { method: 'POST' })
    const first = (await (await cancel()).json()) as { status: number; trip: Trip }
    expect(first.status).toBe(200)
    expect(first.trip).toMatchObject({ trip_guid: trip!.trip_guid, status: 'cancelled' })
    const again = (await (await cancel()).json()) as { status: number }
    expect(again.status).toBe(409)
  })

  it('health reports the token state and never calls /token per probe', async () => {
    const server = await emulator()
    const { url } = await startDispatchApp(platform, server)
    const before = (await (await fetch(`${url}/health`)).json()) as {
      status: string
      details: { mediroutes: { status: string; state: string } }
    }
    expect(before.status).toBe('ok')
    expect(before.details.mediroutes).toMatchObject({ status: 'up', state: 'none' })
    expect(server.counters().tokenRequests).toBe(0)

    await fetch(`${url}/trips?date=${DATE}`)
    for (let probe = 0; probe < 25; probe++) {
      const health = await fetch(`${url}/health`)
      expect(health.status).toBe(200)
      const body = (await health.json()) as { details: { mediroutes: { state: string } } }
      expect(body.details.mediroutes.state).toBe('valid')
    }
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('health is down after MediRoutes refused the credentials, without retrying them', async () => {
    const server = await emulator()
    const { url } = await startDispatchApp(platform, server, {
      client: { password: 'a-wrong-secret-password', maxRetries: 0 },
    })
    const failed = await fetch(`${url}/trips?date=${DATE}`)
    expect(failed.status).toBe(503)
    const requestsAfterFailure = server.counters().tokenRequests
    const health = await fetch(`${url}/health`)
    expect(health.status).toBe(503)
    const text = await health.text()
    expect(JSON.parse(text)).toMatchObject({
      status: 'error',
      error: { mediroutes: { status: 'down', state: 'cooldown' } },
    })
    expectNoSecrets(text, ['a-wrong-secret-password'])
    expect(server.counters().tokenRequests).toBe(requestsAfterFailure)
  })

  it.each<[MediRoutesErrorCode, number]>([
    // The core's one mapping (toHttpError), the same in every adapter.
    ['rate_limited', 503],
    ['network_error', 503],
    ['closed', 503],
    ['invalid_credentials', 503],
    ['timeout', 504],
    ['server_error', 502],
    ['invalid_response', 502],
    ['api_error', 502],
    ['access_denied', 403],
    ['unknown_provider', 403],
    ['invalid_config', 500],
  ])('the filter answers %s with %i and a body without the error message', async (code, status) => {
    const server = await emulator()
    const { url } = await startDispatchApp(platform, server)
    const response = await fetch(`${url}/boom/${code}`)
    expect(response.status).toBe(status)
    expect(response.headers.get('retry-after')).toBeNull()
    const text = await response.text()
    expect(JSON.parse(text)).toMatchObject({ statusCode: status, code })
    expectNoSecrets(text, [INTERNAL_DETAIL])
  })

  it('the filter sends Retry-After for a 503 when MediRoutes asked to wait', async () => {
    const server = await emulator()
    const { url } = await startDispatchApp(platform, server)
    const response = await fetch(`${url}/boom/rate_limited?retryAfterMs=1500`)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('2')
  })

  it('a real 429 from /token becomes 503 with the server’s Retry-After', async () => {
    const server = await emulator()
    const { url, logger } = await startDispatchApp(platform, server, {
      client: { maxRetryAfterMs: 1000 },
    })
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 429, retryAfter: 120 },
    })
    const response = await fetch(`${url}/trips?date=${DATE}`)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('120')
    expect(await response.json()).toMatchObject({ code: 'rate_limited' })
    expect(logger.from('MediRoutes').some((line) => line.includes('"code":"rate_limited"'))).toBe(
      true,
    )
    expectNoSecrets(logger.lines.join('\n'), [DEMO_USER.password])
  })

  it('leaves other errors to Nest: a plain Error is still a 500', async () => {
    const server = await emulator()
    const { url } = await startDispatchApp(platform, server)
    const response = await fetch(`${url}/plain-error`)
    expect(response.status).toBe(500)
    expectNoSecrets(await response.text(), [INTERNAL_DETAIL])
  })

  it('the filter also works registered with useGlobalFilters', async () => {
    const server = await emulator()
    const bare = await startDispatchApp(platform, server, { filter: false })
    expect((await fetch(`${bare.url}/boom/timeout`)).status).toBe(500)
    const filtered = await startDispatchApp(platform, server, {
      filter: false,
      configure: (app) =>
        app.useGlobalFilters(new MediRoutesExceptionFilter(app.get(HttpAdapterHost))),
    })
    expect((await fetch(`${filtered.url}/boom/timeout`)).status).toBe(504)
  })

  it('the filter also works per controller with @UseFilters', async () => {
    const server = await emulator()
    const { url } = await startDispatchApp(platform, server, { filter: false })
    expect((await fetch(`${url}/scoped/boom`)).status).toBe(504)
    expect((await fetch(`${url}/boom/timeout`)).status).toBe(500)
  })

  it('health is down when the last attempt failed and there is no token', async () => {
    const server = await emulator()
    const { url } = await startDispatchApp(platform, server, { client: { maxRetries: 0 } })
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 500 } })
    expect((await fetch(`${url}/trips?date=${DATE}`)).status).toBe(502)
    const health = await fetch(`${url}/health`)
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({
      error: { mediroutes: { status: 'down', state: 'none', lastError: { code: 'server_error' } } },
    })
    // Once MediRoutes recovers, the next call gets a token and health is up again.
    expect((await fetch(`${url}/trips?date=${DATE}`)).status).toBe(200)
    expect((await fetch(`${url}/health`)).status).toBe(200)
  })

  it('closes the client it created when the app closes', async () => {
    const server = await emulator()
    const { app } = await startDispatchApp(platform, server)
    const { MediRoutesClient } = await import('../src/index.js')
    const client = app.get(MediRoutesClient)
    await client.getAccessToken()
    await app.close()
    await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'closed' })
  })
})
