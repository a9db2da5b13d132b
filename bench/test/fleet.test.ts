import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type EmulatorProcess, startEmulator } from '../src/emulator-process.js'
import { startFleet } from '../src/fleet.js'
import { CALL_PATH } from '../src/scenarios.js'

// Fleet processes run the compiled worker; turbo builds it before the tests.
const workerPath = fileURLToPath(new URL('../dist/fleet-worker.js', import.meta.url))

let emulator: EmulatorProcess
beforeAll(async () => {
  if (!existsSync(workerPath)) {
    throw new Error(`${workerPath} is missing: run \`pnpm --filter @mediroutes/bench build\` first`)
  }
  emulator = await startEmulator()
})
afterAll(() => emulator?.stop())

it('runs the calls in each process and merges what they report', async () => {
  const fleet = await startFleet({
    size: 2,
    contender: 'sdk-memory',
    setup: {},
    baseUrl: emulator.url,
    workerPath,
  })
  try {
    expect(await fleet.warm(CALL_PATH)).toEqual([200, 200])
    const result = await fleet.run(5, CALL_PATH)
    expect(result.calls).toBe(10)
    expect(result.failed).toBe(0)
    expect(result.latenciesMs).toHaveLength(10)
    expect(result.seconds).toBeGreaterThan(0)
    const counters = await emulator.counters()
    // Two processes with memory stores: each logs in once, during the warm-up.
    expect(counters.passwordGrants).toBe(2)
    expect(counters.apiRequests).toBe(12)
  } finally {
    await fleet.close()
  }
})

it('reports a process that cannot build its caller, naming the reason', async () => {
  await expect(
    startFleet({ size: 1, contender: 'plain-fetch', setup: {}, baseUrl: emulator.url, workerPath }),
  ).rejects.toThrow(/baseline needs an access token/)
})
