import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { generateWebhookSecret } from '@mediroutes/auth-core/webhooks'
import { BROKER_USER, DEMO_USER, MOCK_PROVIDERS, type MockServer } from '@mediroutes/mock-server'
import { closeAfterTest, emulator } from '@mediroutes/test-kit'
import { describe, expect, it } from 'vitest'

// Runs the built app (`pnpm build` first), as `pnpm start` and `pnpm demo` do.
const appDir = fileURLToPath(new URL('..', import.meta.url))
interface LogEntry {
  msg?: string
  tripId?: string
  tripGuid?: string
  status?: string
  sequence?: number
  trips?: number
}

interface RunningApp {
  output(): string
  entries(): LogEntry[]
  /** Resolves with the first log entries `found` accepts; fails with the output after 20 s. */
  waitFor<T>(found: (entries: LogEntry[]) => T | undefined): Promise<T>
}

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
  const append = (chunk: Buffer) => {
    output += chunk
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  closeAfterTest({
    close: async () => {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  })
  const entries = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogEntry)
  const waitFor = async <T>(found: (entries: LogEntry[]) => T | undefined): Promise<T> => {
    // A deadline for a hang, not a timing assertion: the answer is checked, not the pace.
    const deadline = Date.now() + 20_000
    for (;;) {
      const result = found(entries())
      if (result !== undefined) return result
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`not in the log of ${entry}:\n${output}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
  return { output: () => output, entries, waitFor }
}

const LAKESIDE = MOCK_PROVIDERS[0]!
const FINAL = ['performed', 'cancelled', 'no_show']

const changesOf = (entries: LogEntry[], tripGuid: string) =>
  entries.filter((entry) => entry.msg === 'trip changed' && entry.tripGuid === tripGuid)

describe('fastify-demo trip webhooks', () => {
  let server: MockServer
  let secret: string

  async function appWithWebhooks(): Promise<RunningApp> {
    server = await emulator()
    secret = generateWebhookSecret()
    const app = await runBuilt('dist/main.js', {
      MEDIROUTES_BASE_URL: server.url,
      MEDIROUTES_USERNAME: DEMO_USER.username,
      MEDIROUTES_PASSWORD: DEMO_USER.password,
      MEDIROUTES_BROKER_USERNAME: BROKER_USER.username,
      MEDIROUTES_BROKER_PASSWORD: BROKER_USER.password,
      MEDIROUTES_WEBHOOK_SECRET: secret,
    })
    await app.waitFor((entries) => entries.find((e) => e.msg === 'subscribed to trip changes'))
    return app
  }

  it('subscribes the open trips of the day and logs each handled change with id, status and sequence', async () => {
    const app = await appWithWebhooks()
    const subscribed = server.webhooks.subscriptions()
    expect(subscribed.length).toBeGreaterThan(0)
    expect(subscribed.every((s) => s.provider === LAKESIDE.name)).toBe(true)

    const guid = subscribed[0]!.name.replace(/^dispatch-/, '')
    const trip = server.webhooks.advanceTrip(guid, 'assigned')
    await app.waitFor((entries) => changesOf(entries, guid).at(-1))
    server.webhooks.advanceTrip(guid, 'arrived_pickup')
    await app.waitFor((entries) => changesOf(entries, guid)[1])

    expect(changesOf(app.entries(), guid)).toEqual([
      expect.objectContaining({
        tripId: trip.trip_id,
        status: 'assigned',
        sequence: trip.sequence,
      }),
      expect.objectContaining({
        tripId: trip.trip_id,
        status: 'arrived_pickup',
        sequence: trip.sequence + 1,
      }),
    ])
  })

  it('logs the true state after forged deliveries, and nothing secret', async () => {
    const app = await appWithWebhooks()
    const guid = server.webhooks.subscriptions()[0]!.name.replace(/^dispatch-/, '')
    server.webhooks.advanceTrip(guid, 'assigned')
    await app.waitFor((entries) => changesOf(entries, guid)[0])
    // An impostor claims the trip was cancelled; then a real change travels with a forged twin.
    server.webhooks.forge(guid, 'cancelled')
    server.webhooks.injectFault({ fault: { kind: 'forge', status: 'no_show' } })
    server.webhooks.advanceTrip(guid, 'arrived_pickup')
    await server.webhooks.idle()
    // The receiver answers first and reads the trip after: wait for that read before the next
    // change, or it would find the trip already picked up (one handled change, not two).
    await app.waitFor((entries) =>
      changesOf(entries, guid).find((e) => e.status === 'arrived_pickup'),
    )
    // One lane per trip: once a later change is logged, the forged deliveries were handled.
    server.webhooks.advanceTrip(guid, 'picked_up')
    await app.waitFor((entries) => changesOf(entries, guid).find((e) => e.status === 'picked_up'))

    expect(server.webhooks.deliveries().filter((d) => d.forged)).toHaveLength(2)
    expect(changesOf(app.entries(), guid).map((e) => e.status)).toEqual([
      'assigned',
      'arrived_pickup',
      'picked_up',
    ])
    const output = app.output()
    expect(output).not.toContain(secret)
    expect(output).not.toContain(DEMO_USER.password)
    expect(output).not.toContain(BROKER_USER.password)
    expect(output).not.toMatch(/eyJ[\w-]+\./) // no JWT
    for (const provider of MOCK_PROVIDERS) expect(output).not.toContain(provider.apiKey)
  })

  it('the demo plays the day on the emulator and logs every trip through to its end', async () => {
    // A day in well under a second: the figure is the log, not the pace.
    const demo = await runBuilt('dist/demo.js', { MOCK_PORT: '0', PLAY_SPEED: '400000' })
    const subscribed = await demo.waitFor((entries) =>
      entries.find((e) => e.msg === 'subscribed to trip changes'),
    )
    const ended = await demo.waitFor((entries) => {
      const done = new Set(
        entries
          .filter((e) => e.msg === 'trip changed' && FINAL.includes(e.status ?? ''))
          .map((e) => e.tripGuid),
      )
      return done.size === subscribed.trips ? done : undefined
    })
    expect(ended.size).toBeGreaterThan(0)
  })
})
