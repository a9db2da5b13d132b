import {
  DEMO_USER,
  MOCK_PROVIDERS,
  type MockServer,
  startMockServer,
} from '@mediroutes/mock-server'
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest'

// The plain-Node guide's samples, run for real against the emulator: typechecking alone
// would not notice a sample that compiles but does the wrong thing.
let server: MockServer
const saved = { ...process.env }

beforeAll(async () => {
  server = await startMockServer({ rateLimit: false })
})
afterAll(() => server.close())
afterEach(() => {
  process.env = { ...saved }
  vi.restoreAllMocks()
  vi.resetModules()
})

function useEmulator(password = DEMO_USER.password): void {
  process.env.MEDIROUTES_BASE_URL = server.url
  process.env.MEDIROUTES_USERNAME = DEMO_USER.username
  process.env.MEDIROUTES_PASSWORD = password
}

it('quick-start.ts lists the claims and today’s trips of the first provider, logging in once', async () => {
  useEmulator()
  server.resetCounters()
  const log = vi.spyOn(console, 'log').mockImplementation(() => {})
  await import('../guides/samples/node/quick-start.js')
  const lines = log.mock.calls.map((call) => call.join(' '))
  expect(lines[0]).toMatch(/^Lakeside Medical Transport Georgia Medicaid NEMT Broker, /)
  expect(lines.slice(1).length).toBeGreaterThan(0)
  expect(lines[1]).toMatch(/^LMT-\d{8}-\d+ \w+ \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  expect(server.counters().passwordGrants).toBe(1)
  expect(server.counters().requestsByPath['/api/v1/access']).toBe(1)
  for (const provider of MOCK_PROVIDERS) expect(lines.join('\n')).not.toContain(provider.apiKey)
})

it('emulator.ts starts its own emulator and counts today’s trips of the broker’s three providers', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {})
  await import('../guides/samples/node/emulator.js')
  const lines = log.mock.calls.map((call) => String(call[0]))
  expect(lines).toHaveLength(3)
  for (const line of lines) expect(line).toMatch(/: [1-9]\d* trips today$/)
})

it('errors.ts returns the trips, and undefined with a message for a refused password or provider', async () => {
  useEmulator()
  const ok = await import('../guides/samples/node/errors.js')
  expect((await ok.todaysTrips('Lakeside Medical Transport'))?.length).toBeGreaterThan(0)
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  expect(await ok.todaysTrips('Summit Ambulette')).toBeUndefined()
  expect(String(error.mock.calls[0]?.[0])).toMatch(/^No access to Summit Ambulette: /)

  vi.resetModules()
  useEmulator('not-the-password')
  const refused = await import('../guides/samples/node/errors.js')
  expect(await refused.todaysTrips('Lakeside Medical Transport')).toBeUndefined()
  expect(error).toHaveBeenCalledWith('MediRoutes refused the password: rotate MEDIROUTES_PASSWORD')
})
