import { type MockServer, startMockServer } from '@mediroutes/mock-server'
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

function newTrip(date: string) {
  return {
    tripDate: date,
    riderId: 'R-1001',
    mobilityType: 'Ambulatory',
    pickup: {
      address: { street: '1 Peachtree St', city: 'Atlanta', state: 'GA', zip: '30303' },
      time: `${date}T14:00:00Z`,
    },
    dropoff: {
      address: { street: '2 Piedmont Ave', city: 'Atlanta', state: 'GA', zip: '30303' },
      time: `${date}T15:00:00Z`,
    },
  }
}

describe('mediroutes api', () => {
  it('GETs with a managed token and prints plain, indented JSON when piped', async () => {
    const result = await runCli(['api', 'GET', `/api/trips?date=${today()}`], { env })
    expect(result.code, result.stderr).toBe(0)
    const trips = JSON.parse(result.stdout) as { id: string }[]
    expect(trips.length).toBeGreaterThan(0)
    expect(trips[0]!.id).toMatch(/^T-\d{8}-\d\d$/)
    expect(result.stdout).toBe(`${JSON.stringify(trips, null, 2)}\n`)
    expect(result.stdout).not.toContain(ESC)
    expect(result.stderr).toBe('')
    expectNoSecrets(result)
  })

  it('accepts a lower-case method and an absolute URL on the base origin', async () => {
    const result = await runCli(['api', 'get', `${server.url}/api/riders/R-1001`], { env })
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ id: 'R-1001' })
  })

  it('POSTs a body given with --data', async () => {
    const trips = JSON.parse(
      (await runCli(['api', 'GET', `/api/trips?date=${today()}`], { env })).stdout,
    ) as { id: string; status: string }[]
    const open = trips.find((trip) => !['Cancelled', 'Completed'].includes(trip.status))!
    const result = await runCli(
      ['api', 'POST', `/api/trips/${open.id}/cancel`, '--data', '{"reason":"rider ill"}'],
      { env },
    )
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: open.id,
      status: 'Cancelled',
      cancellationReason: 'rider ill',
    })

    const again = await runCli(['api', 'POST', `/api/trips/${open.id}/cancel`, '--data', '{}'], {
      env,
    })
    expect(again.code).toBe(1)
    expect(JSON.parse(again.stdout).message).toContain('already cancelled')
    expect(again.stderr).toBe(
      `mediroutes: POST /api/trips/${open.id}/cancel answered HTTP 409 Conflict\n`,
    )
  })

  it('POSTs a body read from stdin with --data -', async () => {
    const date = today()
    const result = await runCli(['api', 'POST', '/api/trips', '--data', '-'], {
      env,
      input: JSON.stringify(newTrip(date)),
    })
    expect(result.code, result.stderr).toBe(0)
    const created = JSON.parse(result.stdout) as { id: string; status: string }
    expect(created.status).toBe('Scheduled')
    const fetched = await runCli(['api', 'GET', `/api/trips/${created.id}`], { env })
    expect(JSON.parse(fetched.stdout)).toMatchObject({ id: created.id, tripDate: date })
  })

  it('prints the error body on stdout and a message on stderr for a 4xx, exit 1', async () => {
    const result = await runCli(['api', 'GET', '/api/trips/T-19990101-99'], { env })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout)).toHaveProperty('message')
    expect(result.stderr).toContain('answered HTTP 404')
    expect(result.stderr).toContain('check the path')
  })

  it('exits 4 when the API rate limits longer than the client waits', async () => {
    server.injectFault({
      target: 'api',
      fault: { kind: 'status', status: 429, retryAfter: 3600 },
      count: Number.POSITIVE_INFINITY,
    })
    const result = await runCli(['api', 'GET', `/api/trips?date=${today()}`], { env })
    expect(result.code).toBe(4)
    expect(result.stderr).toContain('HTTP 429')
    expectNoSecrets(result)
  })

  it('exits 5 when the API fails with a 5xx', async () => {
    server.injectFault({ target: 'api', fault: { kind: 'status', status: 500 } })
    const result = await runCli(['api', 'GET', '/api/riders/R-1001'], { env })
    expect(result.code).toBe(5)
    expect(result.stderr).toContain('answered HTTP 500')
  })

  it('exits 6 for a body that claims JSON but is truncated, and --raw prints it as received', async () => {
    server.injectFault({ target: 'api', fault: { kind: 'truncated-json' }, count: 2 })
    const formatted = await runCli(['api', 'GET', `/api/trips?date=${today()}`], { env })
    expect(formatted.code).toBe(6)
    expect(formatted.stderr).toContain('not valid JSON')
    expect(formatted.stdout.length).toBeGreaterThan(0)

    const raw = await runCli(['api', 'GET', `/api/trips?date=${today()}`, '--raw'], { env })
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
      await fetch(`${server.url}/api/riders/R-1001`, {
        headers: { authorization: `Bearer ${access_token}` },
      })
    ).text()
    const result = await runCli(['api', 'GET', '/api/riders/R-1001', '--raw'], { env })
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
          '/api/trips/T-19990101-99/status',
          '--header',
          'X-Request-Id: cli-test-1',
          '-H',
          'Accept-Language:en',
          '--data',
          '{"status":"Assigned"}',
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
      const result = await runCli(['api', 'GET', `${other.url}/api/riders/R-1001`], { env })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`refusing to send the MediRoutes token to ${other.url}`)
      expect(other.requests).toEqual([])
    } finally {
      await other.close()
    }
  })

  it('exits 2 for usage mistakes, without echoing bodies or header values', async () => {
    const cases: [string[], string][] = [
      [['api', 'FETCH', '/api/trips'], 'unknown method "FETCH"'],
      [['api', 'GET', '/api/trips', '--data', '{}'], 'GET requests cannot carry a body'],
      [['api', 'POST', '/api/trips', '--data', '{rider: "Ann Secret"}'], 'is not valid JSON'],
      [['api', 'GET', '/api/trips', '-H', 'no-colon-key-12345'], '--header must look like'],
      [
        ['api', 'GET', '/api/trips', '-H', 'Authorization: Bearer forged-12345'],
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
      ['api', 'POST', '/api/trips', '--data', '-', '--password-stdin', '--username', 'demo'],
      { env: { MEDIROUTES_BASE_URL: server.url }, input: '{}' },
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('both read stdin')
  })
})
