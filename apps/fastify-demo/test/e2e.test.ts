import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { DEMO_USER, type MockServer, startMockServer } from '@mediroutes/mock-server'
import { afterEach, describe, expect, it } from 'vitest'

const appDir = fileURLToPath(new URL('..', import.meta.url))
const cleanups: Array<() => Promise<unknown>> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

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
  cleanups.push(stop)
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

async function emulator(): Promise<MockServer> {
  const server = await startMockServer()
  cleanups.push(() => server.close())
  return server
}

function appAgainst(server: MockServer, password = DEMO_USER.password): Promise<RunningApp> {
  return runBuilt('dist/main.js', {
    MEDIROUTES_BASE_URL: server.url,
    MEDIROUTES_USERNAME: DEMO_USER.username,
    MEDIROUTES_PASSWORD: password,
  })
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
  it('serves 240 concurrent requests with exactly one password grant', async () => {
    const server = await emulator()
    const app = await appAgainst(server)

    const urls = Array.from({ length: 240 }, (_, i) =>
      i % 2 === 0
        ? `${app.url}/trips?date=2024-06-0${(i % 7) + 1}`
        : `${app.url}/trips/T-20240602-0${(i % 9) + 1}`,
    )
    const statuses = await Promise.all(urls.map(async (url) => (await fetch(url)).status))

    expect(statuses.filter((status) => status !== 200)).toEqual([])
    expect(server.counters()).toMatchObject({
      tokenRequests: 1,
      passwordGrants: 1,
      refreshGrants: 0,
      apiRequests: 240,
      unauthorized: 0,
    })
  })

  it('lists, shows and cancels trips, passing the caller’s mistakes through', async () => {
    const server = await emulator()
    const app = await appAgainst(server)

    const list = await call<Array<{ id: string }>>(`${app.url}/trips?date=2024-06-02`)
    const one = await call(`${app.url}/trips/T-20240602-01`)
    const cancel = (reason?: string) =>
      call(`${app.url}/trips/T-20240602-01/cancel`, {
        method: 'POST',
        ...(reason === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason }) }),
      })
    const cancelled = await cancel('Rider rescheduled by phone')
    const again = await cancel()

    expect(list.status).toBe(200)
    expect(list.body.map((trip) => trip.id)).toContain('T-20240602-01')
    expect(one.body).toMatchObject({ id: 'T-20240602-01', status: 'Scheduled' })
    expect(cancelled.body).toMatchObject({
      status: 'Cancelled',
      cancellationReason: 'Rider rescheduled by phone',
    })
    expect(again.status).toBe(409)
    expect((await call(`${app.url}/trips/T-20240602-99`)).status).toBe(404)
    expect((await call(`${app.url}/trips/not-a-trip`)).status).toBe(400)
    expect((await call(`${app.url}/trips?date=June`)).status).toBe(400)
    expect((await call(`${app.url}/trips`)).status).toBe(400)
  })

  it('reports the token state on /health without ever calling /token', async () => {
    const server = await emulator()
    const app = await appAgainst(server)

    const before = await call(`${app.url}/health`)
    expect(server.counters().tokenRequests).toBe(0)
    await call(`${app.url}/trips/T-20240602-01`)
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

    const trips = await call(`${app.url}/trips?date=2024-06-02`)
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
    await call(`${app.url}/trips?date=2024-06-02`)
    server.revokeAccessTokens() // forces a refresh, which is logged too
    await call(`${app.url}/trips/T-20240602-03`)
    await app.stop()

    const output = app.output()
    // At level info, tagged lines are the core's, bridged by the plugin.
    expect(output).toContain('"plugin":"@mediroutes/fastify"')
    expect(output).not.toContain(DEMO_USER.password)
    expect(output).not.toMatch(/eyJ[\w-]+\./) // no JWT
    expect(server.counters().refreshGrants).toBe(1)
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

    const trips = await call(`${demo.url}/trips?date=2024-06-02`)
    const counters = await call(`${emulatorUrl}/__mock/counters`)

    expect(trips.status).toBe(200)
    expect(counters.body).toMatchObject({ passwordGrants: 1 })
    expect(await demo.stop()).toBe(0)
    await expect(fetch(`${emulatorUrl}/__mock/counters`)).rejects.toThrow()
  })
})
