import { DEMO_USER, type MockServer, startMockServer } from '@mediroutes/mock-server'
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

it('quick-start.ts lists the trips of 2024-06-01 and logs in once', async () => {
  useEmulator()
  server.resetCounters()
  const log = vi.spyOn(console, 'log').mockImplementation(() => {})
  await import('../guides/samples/node/quick-start.js')
  expect(log.mock.calls.length).toBeGreaterThan(0)
  expect(log.mock.calls[0]?.[0]).toMatch(/^T-20240601-\d\d$/)
  expect(server.counters().passwordGrants).toBe(1)
})

it('emulator.ts starts its own emulator and prints today’s trips', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {})
  await import('../guides/samples/node/emulator.js')
  const trips = log.mock.calls[0]?.[0] as { id: string }[]
  expect(trips.length).toBeGreaterThan(0)
})

it('errors.ts returns the trips, and undefined with a message for a refused password', async () => {
  useEmulator()
  const ok = await import('../guides/samples/node/errors.js')
  expect((await ok.todaysTrips())?.length).toBeGreaterThan(0)

  vi.resetModules()
  useEmulator('not-the-password')
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  const refused = await import('../guides/samples/node/errors.js')
  expect(await refused.todaysTrips()).toBeUndefined()
  expect(error).toHaveBeenCalledWith('MediRoutes refused the password: rotate MEDIROUTES_PASSWORD')
})
