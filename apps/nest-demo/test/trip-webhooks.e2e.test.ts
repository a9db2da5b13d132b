import { generateWebhookSecret } from '@mediroutes/auth-core/webhooks'
import { BROKER_USER, DEMO_USER, MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { MediRoutesTripWebhooks } from '@mediroutes/nestjs'
import { closeAfterTest } from '@mediroutes/test-kit'
import type { LoggerService } from '@nestjs/common'
import { describe, expect, it } from 'vitest'
import { type Demo, startDemo } from '../src/demo-runner.js'

const LAKESIDE = MOCK_PROVIDERS[0]!
/** A Nest logger keeping every line, with its context and extra arguments. */
function capturingLogger(): { logger: LoggerService; lines: string[] } {
  const lines: string[] = []
  const keep =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) =>
      void lines.push(`${level} ${JSON.stringify(message)} ${JSON.stringify(rest)}`)
  return {
    lines,
    logger: {
      log: keep('log'),
      error: keep('error'),
      warn: keep('warn'),
      debug: keep('debug'),
      verbose: keep('verbose'),
    },
  }
}

interface Started {
  demo: Demo
  lines: string[]
  secret: string
  /** Every delivery answered and everything the receiver accepted handled. */
  settle(): Promise<void>
}

async function start(playDay?: { speed: number }): Promise<Started> {
  const { logger, lines } = capturingLogger()
  const secret = generateWebhookSecret()
  const demo = await startDemo({
    emulatorPort: 0,
    appPort: 0,
    logger,
    tripWebhooks: { secret },
    ...(playDay === undefined ? {} : { playDay }),
  })
  closeAfterTest({ close: () => demo.stop() })
  demo.emulator.webhooks.configure({ retryDelaysMs: [20, 50, 100] })
  const receiver = demo.app.get(MediRoutesTripWebhooks, { strict: false }).receiver
  const settle = async () => {
    await demo.emulator.webhooks.idle()
    await receiver.idle()
  }
  return { demo, lines, secret, settle }
}

interface Trip {
  trip_guid: string
  trip_id: string
  status: string
}

async function todaysTrips(demo: Demo): Promise<Trip[]> {
  const today = new Date(demo.emulator.clock.now()).toISOString().slice(0, 10)
  return (await (await fetch(`${demo.url}/client/trips?date=${today}`)).json()) as Trip[]
}

const changeLines = (lines: string[], trip: Trip) =>
  lines.filter((line) => line.includes('TripChanges') && line.includes(`trip ${trip.trip_id} `))

describe('nest-demo trip webhooks', () => {
  it('subscribes the open trips of the day at boot and logs each change it handles', async () => {
    const { demo, lines, settle } = await start()
    const open = (await todaysTrips(demo)).filter(
      (trip) => !['performed', 'cancelled', 'no_show'].includes(trip.status),
    )
    const subscribed = demo.emulator.webhooks.subscriptions()
    expect(subscribed.map((s) => s.name).sort()).toEqual(
      open.map((trip) => `dispatch-${trip.trip_guid}`).sort(),
    )
    expect(lines.join('\n')).toContain(`subscribed to changes of ${open.length} open trips`)

    const trip = open.find((candidate) => candidate.status === 'scheduled')!
    demo.emulator.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    await settle()
    demo.emulator.webhooks.advanceTrip(trip.trip_guid, 'arrived_pickup')
    await settle()

    expect(changeLines(lines, trip)).toEqual([
      expect.stringContaining(`trip ${trip.trip_id} assigned (sequence 2, ${LAKESIDE.name}`),
      expect.stringContaining(`trip ${trip.trip_id} arrived_pickup (sequence 3, ${LAKESIDE.name}`),
    ])
  })

  it('logs the true state after forged deliveries, never the forged one', async () => {
    const { demo, lines, settle } = await start()
    const trip = (await todaysTrips(demo)).find((candidate) => candidate.status === 'scheduled')!
    demo.emulator.webhooks.advanceTrip(trip.trip_guid, 'assigned')
    await settle()
    // An impostor claims the trip was cancelled; then a real change travels with a forged twin.
    expect(demo.emulator.webhooks.forge(trip.trip_guid, 'cancelled')).toBe(1)
    await settle()
    demo.emulator.webhooks.injectFault({ fault: { kind: 'forge', status: 'no_show' } })
    demo.emulator.webhooks.advanceTrip(trip.trip_guid, 'arrived_pickup')
    await settle()

    const forged = demo.emulator.webhooks.deliveries().filter((d) => d.forged)
    expect(forged.map((d) => [d.payload.status, d.outcome])).toEqual([
      ['cancelled', 'delivered'],
      ['no_show', 'delivered'],
    ])
    const logged = changeLines(lines, trip).join('\n')
    expect(logged).toContain(`trip ${trip.trip_id} arrived_pickup`)
    expect(logged).not.toMatch(/cancelled|no_show/)
  })

  it('logs the played day, trip by trip, and nothing secret', async () => {
    // A day in well under a second: the figure is the log, not the pace.
    const { demo, lines, secret, settle } = await start({ speed: 400_000 })
    const open = (await todaysTrips(demo)).filter(
      (trip) => !['performed', 'cancelled', 'no_show'].includes(trip.status),
    )
    await demo.played!.done
    await settle()

    for (const trip of open) {
      expect(changeLines(lines, trip).at(-1), trip.trip_id).toMatch(
        / (performed|no_show) \(sequence/,
      )
    }
    const text = lines.join('\n')
    expect(text).not.toContain(secret)
    expect(text).not.toContain(DEMO_USER.password)
    expect(text).not.toContain(BROKER_USER.password)
    expect(text).not.toMatch(/eyJ[\w-]+\./) // no JWT
    for (const provider of MOCK_PROVIDERS) expect(text).not.toContain(provider.apiKey)
  })

  it('unsubscribes its trips when it stops', async () => {
    const { demo } = await start()
    expect(demo.emulator.webhooks.subscriptions().length).toBeGreaterThan(0)
    await demo.app.close()
    expect(demo.emulator.webhooks.subscriptions()).toEqual([])
  })
})
