import { expect, it } from 'vitest'
import { burst } from '../src/load.js'
import { runScenario } from '../src/runner.js'
import { CALL_PATH, type ScenarioSpec } from '../src/scenarios.js'

const scenario: ScenarioSpec = {
  id: 'tiny-429',
  title: 'Tiny 429',
  label: 'Tiny',
  summary: 'One 429 with Retry-After: 1, then 3 concurrent calls.',
  emulator: {},
  contenders: ['plain-fetch', 'sdk-memory', 'openid-client'],
  shape: { kind: 'in-process', clients: 1, load: ([caller]) => burst(caller!, 3, CALL_PATH) },
  arm: (emulator) =>
    emulator.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 429, retryAfter: 1 },
      count: 1,
    }),
}

it('runs each contender on its own emulator, spares the baseline the trouble, and counts it for the others', async () => {
  const lines: string[] = []
  const result = await runScenario(scenario, { redis: undefined, log: (line) => lines.push(line) })
  const [baseline, sdk, peer] = result.measurements
  expect(result.measurements.map((m) => m.contender)).toEqual([
    'plain-fetch',
    'sdk-memory',
    'openid-client',
  ])
  expect(baseline).toMatchObject({ tokenRequests: 0, tooManyRequests: 0, calls: 3, failed: 0 })
  // The SDK honours Retry-After and tries again; openid-client has no retry.
  expect(sdk).toMatchObject({ tokenRequests: 2, tooManyRequests: 1, calls: 3, failed: 0 })
  expect(peer).toMatchObject({ tokenRequests: 1, tooManyRequests: 1, calls: 3, failed: 3 })
  expect(peer?.p50Ms).toBeNull()
  expect(lines).toHaveLength(3)
  expect(lines.join('\n')).not.toMatch(/demo-password|eyJ/)
})
