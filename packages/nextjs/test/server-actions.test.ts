import { MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { notFound, permanentRedirect, redirect } from 'next/navigation.js'
import { afterEach, describe, expect, it } from 'vitest'
import {
  callMediRoutes,
  closeMediRoutesClient,
  fetchMediRoutesJson,
  getMediRoutesClient,
  isMediRoutesApiError,
  type MediRoutesResult,
  mediRoutesAction,
  toMediRoutesActionError,
} from '../src/index.js'
import {
  clientFor,
  DEMO_USER,
  emulator,
  quietLogger,
  recordingFetch,
  recordingLogger,
  today,
} from './helpers.js'

afterEach(async () => {
  await closeMediRoutesClient()
})

/** The demo account's provider: every trip call below carries its key, added on the server. */
const LAKESIDE = MOCK_PROVIDERS[0]!.name

interface Trip {
  trip_guid: string
  trip_id: string
  status: string
  cancel_reason?: string
}

interface Data<T> {
  Data: T
}

/** True when `value` is made of plain objects, arrays and primitives only. */
function isPlain(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function'
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return false
  return Object.values(value).every(isPlain)
}

async function scheduledTrip(client: ReturnType<typeof clientFor>): Promise<Trip> {
  const trips = await fetchMediRoutesJson<Data<Trip[]>>(
    `/api/v1/rides/getRidesByDate?date=${today()}`,
    { client, provider: LAKESIDE },
  )
  const trip = trips.Data.find((t) => t.status === 'scheduled')
  if (trip === undefined) throw new Error('the emulator promises a Scheduled trip every day')
  return trip
}

describe('mediRoutesAction', () => {
  it('returns { ok: true, data } from an async function, as a use-server export must be', async () => {
    const server = await emulator()
    const client = clientFor(server)
    const trip = await scheduledTrip(client)
    const cancel = mediRoutesAction(
      async (_previous: unknown, form: FormData) =>
        fetchMediRoutesJson<Data<Trip>>('/api/v1/singletrip/cancel', {
          method: 'POST',
          json: { trip_guid: form.get('tripGuid'), reason: form.get('reason') },
          client,
          provider: LAKESIDE,
        }),
      { client, logger: quietLogger },
    )
    expect(cancel.constructor.name).toBe('AsyncFunction')
    const form = new FormData()
    form.set('tripGuid', trip.trip_guid)
    form.set('reason', 'Rider is in hospital')
    const result = await cancel(null, form)
    expect(result).toEqual({
      ok: true,
      data: {
        Data: expect.objectContaining({
          trip_guid: trip.trip_guid,
          status: 'cancelled',
          cancel_reason: 'Rider is in hospital',
        }),
      },
    })
    expect(isPlain(result)).toBe(true)
    const stored = await fetchMediRoutesJson<Data<Trip>>(
      `/api/v1/singletrip?trip_guid=${trip.trip_guid}`,
      { client, provider: LAKESIDE },
    )
    expect(stored.Data.status).toBe('cancelled')
  })

  it("returns MediRoutes' refusal as a plain api_error the UI can show", async () => {
    const server = await emulator()
    const client = clientFor(server)
    const trip = await scheduledTrip(client)
    const cancel = mediRoutesAction(
      () =>
        fetchMediRoutesJson('/api/v1/singletrip/cancel', {
          method: 'POST',
          json: { trip_guid: trip.trip_guid },
          client,
          provider: LAKESIDE,
        }),
      { client, logger: quietLogger },
    )
    expect((await cancel()).ok).toBe(true)
    const again = await cancel()
    expect(again).toEqual({
      ok: false,
      error: { code: 'api_error', status: 409, message: 'The trip is already cancelled.' },
    })
    expect(isPlain(again)).toBe(true)
    expect(JSON.parse(JSON.stringify(again))).toEqual(again)
  })

  it('turns token trouble into a coded error with no detail, and logs the detail', async () => {
    const server = await emulator()
    server.setPassword(DEMO_USER.username, 'rotated')
    const client = clientFor(server)
    const logger = recordingLogger()
    const read = mediRoutesAction(() => fetchMediRoutesJson('/api/v1/access', { client }), {
      client,
      logger,
    })
    const result = await read()
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid_credentials',
        status: 503,
        message: "MediRoutes refused this server's credentials; see the server log.",
      },
    })
    expect(logger.lines.join('\n')).toMatch(/warn MediRoutes call failed .*invalid_credentials/)
    expect(logger.lines.join('\n')).not.toContain(DEMO_USER.password)
  })

  it('hides the message of an unexpected error from the browser', async () => {
    const logger = recordingLogger()
    const broken = mediRoutesAction(
      (): string => {
        throw new Error('connection string postgres://admin:hunter2@db')
      },
      { logger },
    )
    const result = await broken()
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unexpected',
        status: 500,
        message: 'The request failed on the server; see the server log.',
      },
    })
    expect(JSON.stringify(result)).not.toContain('hunter2')
    expect(logger.lines.join('\n')).toMatch(/^error MediRoutes call failed/m)
  })

  it('withholds a result that contains the access or the refresh token', async () => {
    const server = await emulator()
    const client = clientFor(server)
    const logger = recordingLogger()
    const tokens = await client.getTokenSet()
    for (const leaked of [
      { nested: [{ header: `Bearer ${tokens.accessToken}` }] },
      new Map([['refresh', tokens.refreshToken]]),
    ]) {
      const careless = mediRoutesAction(async () => leaked, { client, logger })
      const result = await careless()
      expect(result).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'unexpected', status: 500 }),
      })
      expect(JSON.stringify(result)).not.toContain(tokens.accessToken)
    }
    expect(logger.lines.join('\n')).toMatch(/tried to return a MediRoutes token/)
    expect(logger.lines.join('\n')).not.toContain(tokens.accessToken)
  })

  it('checks results against the shared client when given none', async () => {
    const server = await emulator()
    const client = getMediRoutesClient({ env: envFor(server.url) })
    const token = await client.getAccessToken()
    const careless = mediRoutesAction(async () => ({ token }), { logger: quietLogger })
    expect((await careless()).ok).toBe(false)
  })

  it('lets redirect(), permanentRedirect() and notFound() through', async () => {
    for (const signal of [
      () => redirect('/done'),
      () => permanentRedirect('/moved'),
      () => notFound(),
    ]) {
      const action = mediRoutesAction(
        async () => {
          signal()
        },
        { logger: quietLogger },
      )
      await expect(action()).rejects.toHaveProperty('digest', expect.stringMatching(/^NEXT_/))
    }
  })

  it('refuses a non-function at once', () => {
    expect(() => mediRoutesAction('nope' as unknown as () => void)).toThrow(TypeError)
  })
})

describe('callMediRoutes', () => {
  it('returns data or a coded error, never throwing for MediRoutes trouble', async () => {
    const server = await emulator()
    const client = clientFor(server)
    const riders = await callMediRoutes<Data<{ rider_id: string }[]>>(
      '/api/v1/riders/getByRiderId?rider_id=LMT-1007',
      { client, provider: LAKESIDE },
    )
    expect(riders).toEqual({
      ok: true,
      data: { Data: [expect.objectContaining({ rider_id: 'LMT-1007' })] },
    })
    const missing: MediRoutesResult<unknown> = await callMediRoutes(
      '/api/v1/singletrip?trip_id=LMT-19990101-99',
      { client, provider: LAKESIDE, logger: quietLogger },
    )
    expect(missing).toEqual({
      ok: false,
      error: {
        code: 'api_error',
        status: 404,
        message: 'No trip of this provider has that trip_id.',
      },
    })
  })
})

describe('fetchMediRoutesJson', () => {
  it('sends `json` as a JSON body and asks for JSON', async () => {
    const server = await emulator()
    const transport = recordingFetch()
    const client = clientFor(server, { fetch: transport })
    const trip = await scheduledTrip(client)
    const properties = { 'pickup.event_comment': 'Ring twice' }
    await fetchMediRoutesJson('/api/v1/singletrip/withProperties', {
      method: 'POST',
      json: { trip_guid: trip.trip_guid, properties },
      client,
      provider: LAKESIDE,
    })
    const sent = transport.api().at(-1)!
    expect(sent.headers.get('content-type')).toBe('application/json')
    expect(sent.headers.get('accept')).toBe('application/json')
    expect(JSON.parse(sent.body)).toEqual({
      trip_guid: trip.trip_guid,
      properties,
      tp_api_key: MOCK_PROVIDERS[0]!.apiKey,
    })
  })

  it('throws MediRoutesApiError with a generic message for 5xx and a cut, redacted one for 4xx', async () => {
    const server = await emulator()
    let token = ''
    const client = clientFor(server, {
      fetch: recordingFetch((sent) => {
        const rider = sent.url.searchParams.get('rider_id')
        if (rider === 'R-1') {
          return Response.json(
            { Message: `bad token ${token}\n${'x'.repeat(500)}` },
            { status: 400 },
          )
        }
        if (rider === 'R-2') return new Response('<html>oops</html>', { status: 500 })
        if (rider === 'R-3') return new Response('<html>ok</html>', { status: 200 })
        if (rider === 'R-4') return new Response(null, { status: 204 })
        return undefined
      }),
      maxRetries: 0,
    })
    token = await client.getAccessToken()
    const cut = await fetchMediRoutesJson(riderPath('R-1'), { client }).catch((e: unknown) => e)
    expect(isMediRoutesApiError(cut)).toBe(true)
    const message = (cut as Error).message
    expect(message).toMatch(/^bad token \[redacted\] x+…$/)
    expect(message.length).toBeLessThanOrEqual(301)
    await expect(fetchMediRoutesJson(riderPath('R-2'), { client })).rejects.toMatchObject({
      code: 'api_error',
      status: 500,
      message: 'MediRoutes failed (500); try again later.',
    })
    await expect(fetchMediRoutesJson(riderPath('R-3'), { client })).rejects.toMatchObject({
      code: 'invalid_response',
    })
    await expect(fetchMediRoutesJson(riderPath('R-4'), { client })).resolves.toBeUndefined()
  })
})

describe('toMediRoutesActionError', () => {
  it('carries retryAfterMs of a rate limit, and maps anything unknown to unexpected', async () => {
    const { MediRoutesAuthError } = await import('@mediroutes/auth-core')
    expect(
      toMediRoutesActionError(
        new MediRoutesAuthError('rate_limited', 'slow down', { retryAfterMs: 2000, status: 429 }),
      ),
    ).toEqual({
      code: 'rate_limited',
      status: 503,
      retryAfterMs: 2000,
      message: 'MediRoutes is limiting requests from this server; try again shortly.',
    })
    expect(toMediRoutesActionError('a string')).toMatchObject({ code: 'unexpected' })
    expect(toMediRoutesActionError({ code: 'invalid_credentials' })).toMatchObject({
      code: 'unexpected',
    })
  })
})

/** A rider lookup; the tests that use it answer it themselves, so no provider key is needed. */
function riderPath(riderId: string): string {
  return `/api/v1/riders/getByRiderId?rider_id=${riderId}`
}

function envFor(baseUrl: string) {
  return {
    MEDIROUTES_BASE_URL: baseUrl,
    MEDIROUTES_USERNAME: DEMO_USER.username,
    MEDIROUTES_PASSWORD: DEMO_USER.password,
  }
}
