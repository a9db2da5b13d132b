import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { BROKER_USER, DEMO_USER, MOCK_PROVIDERS, type MockServer } from '@mediroutes/mock-server'
import { closeAfterTest, emulator } from '@mediroutes/test-kit'
import { describe, expect, it } from 'vitest'

const appDir = fileURLToPath(new URL('..', import.meta.url))
interface RunningApp {
  url: string
  /** Everything the process wrote so far (its JSON logs included). */
  output(): string
  stop(): Promise<number | null>
}

/** Runs a built entry point (`dist/main.js` or `dist/demo.js`) and waits until it listens. */
async function runBuilt(entry: string, env: Record<string, string>): Promise<RunningApp> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('MEDIROUTES_')),
  )
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: appDir,
    env: { ...base, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const stop = async () => {
    if (child.exitCode !== null) return child.exitCode
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    return code as number | null
  }
  closeAfterTest({ close: stop })
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = output.match(/dispatch API listening on (\S+)/)
      if (match) resolve(match[1]!)
    }
    child.stdout?.on('data', check)
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}:\n${output}`)))
  })
  return { url, output: () => output, stop }
}

function appAgainst(server: MockServer, password = DEMO_USER.password): Promise<RunningApp> {
  return runBuilt('dist/main.js', {
    MEDIROUTES_BASE_URL: server.url,
    MEDIROUTES_USERNAME: DEMO_USER.username,
    MEDIROUTES_PASSWORD: password,
    MEDIROUTES_BROKER_USERNAME: BROKER_USER.username,
    MEDIROUTES_BROKER_PASSWORD: BROKER_USER.password,
  })
}

const DATE = '2026-12-05'
const LAKESIDE = 'Lakeside Medical Transport'
const RIVERSIDE = 'Riverside Wheelchair Vans'
const broker = (provider: string) => `/broker/providers/${encodeURIComponent(provider)}`

interface Trip {
  trip_guid: string
  trip_id: string
  funding_source_id: number
}

interface Health {
  status: string
  token: { state: string }
}

async function call<Body = unknown>(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: Body }> {
  const response = await fetch(url, init)
  return { status: response.status, body: (await response.json()) as Body }
}

describe('the dispatch API against the emulator', () => {
  it('serves 240 concurrent requests for two accounts with one login and one claims read each', async () => {
    const server = await emulator()
    const app = await appAgainst(server)

    const urls = Array.from({ length: 240 }, (_, i) =>
      i % 2 === 0
        ? `${app.url}/client/trips?date=${DATE}`
        : `${app.url}${broker(i % 3 === 0 ? LAKESIDE : RIVERSIDE)}/trips?date=${DATE}`,
    )
    const statuses = await Promise.all(urls.map(async (url) => (await fetch(url)).status))

    expect(statuses.filter((status) => status !== 200)).toEqual([])
    expect(server.counters()).toMatchObject({
      tokenRequests: 2,
      passwordGrants: 2,
      refreshGrants: 0,
      unauthorized: 0,
    })
    expect(server.counters().requestsByPath).toMatchObject({
      '/api/v1/access': 2,
      '/api/v1/rides/getRidesByDate': 240,
    })
  })

  it('shows each account its providers and trips within its claims, never a key', async () => {
    const server = await emulator()
    const app = await appAgainst(server)

    const own = await call<Array<{ name: string }>>(`${app.url}/client/providers`)
    const brokered = await call<Array<{ name: string }>>(`${app.url}/broker/providers`)
    const ownTrips = await call<Trip[]>(`${app.url}/client/trips?date=${DATE}`)
    const lakeside = await call<Trip[]>(`${app.url}${broker(LAKESIDE)}/trips?date=${DATE}`)

    expect(own.body.map((provider) => provider.name)).toEqual([LAKESIDE])
    expect(brokered.body.map((provider) => provider.name)).toEqual(
      MOCK_PROVIDERS.map((provider) => provider.name),
    )
    expect(new Set(ownTrips.body.map((trip) => trip.funding_source_id)).size).toBeGreaterThan(1)
    expect(new Set(lakeside.body.map((trip) => trip.funding_source_id))).toEqual(new Set([1101]))
    const first = lakeside.body[0]!
    const one = await call<Trip>(`${app.url}${broker(LAKESIDE)}/trips/${first.trip_guid}`)
    expect(one.body).toMatchObject({ trip_guid: first.trip_guid, trip_id: first.trip_id })
    const text = JSON.stringify([own, brokered, ownTrips, lakeside, one]) + app.output()
    for (const provider of MOCK_PROVIDERS) expect(text).not.toContain(provider.apiKey)
  })

  it('passes the caller’s mistakes through and refuses providers outside the claims', async () => {
    const server = await emulator()
    const app = await appAgainst(server)

    const unknown = await call<{ code: string }>(
      `${app.url}${broker('Nowhere Transit')}/trips?date=${DATE}`,
    )
    expect(unknown.status).toBe(403)
    expect(unknown.body.code).toBe('unknown_provider')
    expect((await call(`${app.url}${broker(LAKESIDE)}/trips/not-a-trip-guid`)).status).toBe(404)
    expect((await call(`${app.url}/client/trips?date=June`)).status).toBe(400)
    expect((await call(`${app.url}/client/trips`)).status).toBe(400)

    server.revokeAccess('broker', RIVERSIDE)
    const revoked = await call(`${app.url}${broker(RIVERSIDE)}/trips?date=${DATE}`)
    expect(revoked.status).toBe(403)
  })

  it('reports the token state on /health without ever calling /token', async () => {
    const server = await emulator()
    const app = await appAgainst(server)

    const before = await call(`${app.url}/health`)
    expect(server.counters().tokenRequests).toBe(0)
    await call(`${app.url}/client/trips?date=${DATE}`)
    const after = await call<Health>(`${app.url}/health`)

    expect(before).toEqual({
      status: 200,
      body: { status: 'ok', token: { state: 'none', refreshing: false } },
    })
    expect(after.body.token).toMatchObject({ state: 'valid', refreshing: false })
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('answers 503 with the error code when MediRoutes refuses the password, and logs no secret', async () => {
    const server = await emulator()
    const app = await appAgainst(server, 'a-wrong-secret-password')

    const trips = await call(`${app.url}/client/trips?date=${DATE}`)
    const health = await call<Health>(`${app.url}/health`)
    await app.stop()

    // Not 401: the caller did nothing wrong, our MediRoutes account did.
    expect(trips.status).toBe(503)
    expect(trips.body).toMatchObject({ code: 'invalid_credentials' })
    expect(health.status).toBe(503)
    expect(health.body.token).toMatchObject({ state: 'cooldown' })
    expect(app.output()).toContain('invalid_credentials')
    expect(app.output()).not.toContain('a-wrong-secret-password')
    expect(JSON.stringify(trips.body)).not.toContain('a-wrong-secret-password')
  })

  it('logs requests without secrets or tokens', async () => {
    const server = await emulator()
    const app = await appAgainst(server)
    await call(`${app.url}/client/trips?date=${DATE}`)
    server.revokeAccessTokens() // forces a refresh, which is logged too
    await call(`${app.url}/client/trips?date=${DATE}`)
    await app.stop()

    const output = app.output()
    // At level info, tagged lines are the core's, bridged by the plugin.
    expect(output).toContain('"plugin":"@mediroutes/fastify"')
    expect(output).not.toContain(DEMO_USER.password)
    expect(output).not.toMatch(/eyJ[\w-]+\./) // no JWT
    expect(server.counters().refreshGrants).toBe(1)
    for (const provider of MOCK_PROVIDERS) expect(output).not.toContain(provider.apiKey)
  })

  it('refuses to start without credentials, naming the variable', async () => {
    const error = await runBuilt('dist/main.js', { MEDIROUTES_PASSWORD: 'x' }).catch(
      (e: Error) => e,
    )
    expect(String(error)).toMatch(/exited with 1/)
    expect(String(error)).toContain('MEDIROUTES_USERNAME')
  })
})

describe('pnpm demo', () => {
  it('starts the emulator and the app in one command, and stops both on SIGTERM', async () => {
    const demo = await runBuilt('dist/demo.js', { MOCK_PORT: '0' })
    const emulatorUrl = demo.output().match(/MediRoutes emulator on (\S+)/)?.[1]

    const own = await call(`${demo.url}/client/trips?date=${DATE}`)
    const brokered = await call(`${demo.url}${broker(RIVERSIDE)}/trips?date=${DATE}`)
    const counters = await call(`${emulatorUrl}/__mock/counters`)

    expect([own.status, brokered.status]).toEqual([200, 200])
    expect(counters.body).toMatchObject({ passwordGrants: 2 })
    expect(await demo.stop()).toBe(0)
    await expect(fetch(`${emulatorUrl}/__mock/counters`)).rejects.toThrow()
  })
})
