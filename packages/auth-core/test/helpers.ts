import {
  DEMO_USER,
  MOCK_PROVIDERS,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from '@mediroutes/mock-server'
import { afterEach } from 'vitest'
import {
  createMediRoutesClient,
  type Logger,
  type MediRoutesClient,
  type MediRoutesClientOptions,
} from '../src/index.js'

export { DEMO_USER }

/** The provider of the demo account's claims, and its API key. */
export const LAKESIDE = MOCK_PROVIDERS[0]!

/** A v1 path that reads trips of a date through the demo account's provider key. */
export const TRIPS_PATH = `/api/v1/rides/getRidesByDate?api_key=${LAKESIDE.apiKey}&date=2024-06-01`

/** A trip model the emulator accepts for `POST /api/v1/singletrip`. */
export function newTrip(tripId: string): Record<string, unknown> {
  return {
    tp_api_key: LAKESIDE.apiKey,
    trip_id: tripId,
    rider_id: 'LMT-1002',
    funding_source_id: LAKESIDE.fundingSources[0]!.id,
    pickup: { event_name: 'Home', pickup_time: '2024-06-01 10:00' },
    dropoff: { event_name: 'Clinic', appt_time: '2024-06-01 11:00' },
  }
}

const open: Array<{ close(): Promise<void> }> = []

afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()))
})

/** Starts an emulator closed after the test. */
export async function emulator(options: MockServerOptions = {}): Promise<MockServer> {
  const server = await startMockServer(options)
  open.push(server)
  return server
}

/** A client for `server`, closed after the test. */
export function clientFor(
  server: MockServer,
  options: Partial<MediRoutesClientOptions> = {},
): MediRoutesClient {
  const client = createMediRoutesClient({
    baseUrl: server.url,
    username: DEMO_USER.username,
    password: DEMO_USER.password,
    ...options,
  })
  open.push(client)
  return client
}

/** A logger that keeps every line, to check what was said and that no secret was. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const record = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields)}`)
  }
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  }
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection, but the promise resolved')
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
