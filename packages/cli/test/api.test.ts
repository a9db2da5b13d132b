import { MOCK_PROVIDERS, type MockServer, startMockServer } from '@mediroutes/mock-server'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { assertBuilt, demoEnv, expectNoSecrets, recordingProxy, runCli, today } from './helpers.js'

let server: MockServer
let env: Record<string, string>

beforeAll(async () => {
  assertBuilt()
  server = await startMockServer({ rateLimit: false })
  env = demoEnv(server.url)
})
afterAll(() => server.close())
beforeEach(() => server.reset())

const ESC = '\u001b['

const LAKESIDE = MOCK_PROVIDERS[0]!
const KEY = LAKESIDE.apiKey

/** Trips of `date` through the demo account's provider key. */
const tripsOf = (date: string) => `/api/v1/rides/getRidesByDate?api_key=${KEY}&date=${date}`
const RIDER = `/api/v1/riders/getByRiderId?api_key=${KEY}&rider_id=LMT-1001`

function newTrip(date: string) {
  return {
    tp_api_key: KEY,
    trip_id: `LMT-CLI-${date}`,
    rider_id: 'LMT-1002',
    funding_source_id: LAKESIDE.fundingSources[0]!.id,
    pickup: { event_name: 'Home', pickup_time: `${date} 14:00:00.000` },
    dropoff: { event_name: 'Clinic', appt_time: `${date} 15:00:00.000` },
  }
}

interface Trip {
  trip_guid: string
  status: string
}

describe('mediroutes api', () => {
  it('GETs with a managed token and prints plain, indented JSON when piped', async () => {
    const result = await runCli(['api', 'GET', tripsOf(today())], { env })
    expect(result.code, result.stderr).toBe(0)
    const body = JSON.parse(result.stdout) as { Data: Trip[] }
    expect(body.Data.length).toBeGreaterThan(0)
    expect(body.Data[0]!.trip_guid).toMatch(/^[0-9a-f-]{36}$/)
    expect(result.stdout).toBe(`${JSON.stringify(body, null, 2)}\n`)
    expect(result.stdout).not.toContain(ESC)
    expect(result.stderr).toBe('')
    expectNoSecrets(result)
  })

  it('accepts a lower-case method and an absolute URL on the base origin', async () => {
    const result = await runCli(['api', 'get', `${server.url}${RIDER}`], { env })
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ Data: [{ rider_id: 'LMT-1001' }] })
  })

  it('POSTs a body given with --data', async () => {
    const trips = (
      JSON.parse((await runCli(['api', 'GET', tripsOf(today())], { env })).stdout) as {
        Data: Trip[]
      }
    ).Data
    const open = trips.find((trip) => !['cancelled', 'performed', 'no_show'].includes(trip.status))!
    const cancel = JSON.stringify({
      tp_api_key: KEY,
      trip_guid: open.trip_guid,
      reason: 'rider ill',
    })
    const result = await runCli(['api', 'POST', '/api/v1/singletrip/cancel', '--data', cancel], {
      env,
    })
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      Data: { trip_guid: open.trip_guid, status: 'cancelled' },
    })

    const again = await runCli(['api', 'POST', '/api/v1/singletrip/cancel', '--data', cancel], {
      env,
    })
    expect(again.code).toBe(1)
    expect(JSON.parse(again.stdout).Message).toContain('already cancelled')
    expect(again.stderr).toBe(
      'mediroutes: POST /api/v1/singletrip/cancel answered HTTP 409 Conflict\n',
    )
  })

  it('POSTs a body read from stdin with --data -', async () => {
    const date = today()
    const result = await runCli(['api', 'POST', '/api/v1/singletrip', '--data', '-'], {
      env,
      input: JSON.stringify(newTrip(date)),
    })
    expect(result.code, result.stderr).toBe(0)
    const created = (JSON.parse(result.stdout) as { Data: Trip }).Data
    expect(created.status).toBe('scheduled')
    const fetched = await runCli(
      ['api', 'GET', `/api/v1/singletrip?api_key=${KEY}&trip_guid=${created.trip_guid}`],
      { env },
    )
    expect(JSON.parse(fetched.stdout)).toMatchObject({
      Data: { trip_guid: created.trip_guid, trip_id: `LMT-CLI-${date}` },
    })
  })

  it('prints the error body on stdout and a message on stderr for a 4xx, exit 1', async () => {
    const result = await runCli(
      [
        'api',
        'GET',
        `/api/v1/singletrip?api_key=${KEY}&trip_guid=00000000-0000-4000-8000-000000000000`,
      ],
      { env },
    )
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout)).toHaveProperty('Message')
    expect(result.stderr).toContain('answered HTTP 404')
    expect(result.stderr).toContain('check the path')
  })

  it('exits 4 when the API rate limits longer than the client waits', async () => {
    server.injectFault({
      target: 'api',
      fault: { kind: 'status', status: 429, retryAfter: 3600 },
      count: Number.POSITIVE_INFINITY,
    })
    const result = await runCli(['api', 'GET', tripsOf(today())], { env })
    expect(result.code).toBe(4)
    expect(result.stderr).toContain('HTTP 429')
    expectNoSecrets(result)
  })

  it('exits 5 when the API fails with a 5xx', async () => {
    server.injectFault({ target: 'api', fault: { kind: 'status', status: 500 } })
    const result = await runCli(['api', 'GET', RIDER], { env })
    expect(result.code).toBe(5)
    expect(result.stderr).toContain('answered HTTP 500')
  })

  it('exits 6 for a body that claims JSON but is truncated, and --raw prints it as received', async () => {
    server.injectFault({ target: 'api', fault: { kind: 'truncated-json' }, count: 2 })
    const formatted = await runCli(['api', 'GET', tripsOf(today())], { env })
    expect(formatted.code).toBe(6)
    expect(formatted.stderr).toContain('not valid JSON')
    expect(formatted.stdout.length).toBeGreaterThan(0)

    const raw = await runCli(['api', 'GET', tripsOf(today()), '--raw'], { env })
    expect(raw.code, raw.stderr).toBe(0)
    expect(raw.stdout).toBe(formatted.stdout.replace(/\n$/, ''))
  })

  it('--raw prints the body byte for byte, without reformatting', async () => {
    const direct = await fetch(`${server.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        username: 'demo',
        password: 'demo-password',
      }),
    })
    const { access_token } = (await direct.json()) as { access_token: string }
    const expected = await (
      await fetch(`${server.url}${RIDER}`, {
        headers: { authorization: `Bearer ${access_token}` },
      })
    ).text()
    const result = await runCli(['api', 'GET', RIDER, '--raw'], { env })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe(expected)
  })

  it('sends --header values, a JSON content type with a body, and its own Authorization', async () => {
    const proxy = await recordingProxy(server.url)
    try {
      const result = await runCli(
        [
          'api',
          'PATCH',
          '/api/v1/singletrip',
          '--header',
          'X-Request-Id: cli-test-1',
          '-H',
          'Accept-Language:en',
          '--data',
          `{"tp_api_key":"${KEY}","trip_guid":"00000000-0000-4000-8000-000000000000"}`,
        ],
        { env: demoEnv(proxy.url) },
      )
      expect(result.code).toBe(1)
      const sent = proxy.requests.find((r) => r.url.startsWith('/api/'))!
      expect(sent.method).toBe('PATCH')
      expect(sent.headers['x-request-id']).toBe('cli-test-1')
      expect(sent.headers['accept-language']).toBe('en')
      expect(sent.headers['content-type']).toBe('application/json')
      expect(sent.headers.authorization).toMatch(/^Bearer eyJ/)
    } finally {
      await proxy.close()
    }
  })

  it('refuses an absolute URL on another origin before sending anything', async () => {
    const other = await recordingProxy(server.url)
    try {
      const result = await runCli(['api', 'GET', `${other.url}${RIDER}`], { env })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`refusing to send the MediRoutes token to ${other.url}`)
      expect(other.requests).toEqual([])
    } finally {
      await other.close()
    }
  })

  it('exits 2 for usage mistakes, without echoing bodies or header values', async () => {
    const cases: [string[], string][] = [
      [['api', 'FETCH', '/api/v1/access'], 'unknown method "FETCH"'],
      [['api', 'GET', '/api/v1/access', '--data', '{}'], 'GET requests cannot carry a body'],
      [
        ['api', 'POST', '/api/v1/singletrip', '--data', '{rider: "Ann Secret"}'],
        'is not valid JSON',
      ],
      [['api', 'GET', '/api/v1/access', '-H', 'no-colon-key-12345'], '--header must look like'],
      [
        ['api', 'GET', '/api/v1/access', '-H', 'Authorization: Bearer forged-12345'],
        'the client adds the token itself',
      ],
      [['api', 'GET'], "missing required argument 'path'"],
    ]
    for (const [args, message] of cases) {
      const result = await runCli(args, { env })
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr, args.join(' ')).toContain(message)
      expectNoSecrets(result, ['Ann Secret', '12345'])
    }
    expect(server.counters().tokenRequests).toBe(0)
  })

  it('refuses --password-stdin together with --data -', async () => {
    const result = await runCli(
      [
        'api',
        'POST',
        '/api/v1/singletrip',
        '--data',
        '-',
        '--password-stdin',
        '--username',
        'demo',
      ],
      { env: { MEDIROUTES_BASE_URL: server.url }, input: '{}' },
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('both read stdin')
  })
})
