import type { MockCounters, RecordedTokenRequest } from '@mediroutes/mock-server'
import { type Caller, type ContenderId, DEMO_CREDENTIALS } from './contender.js'
import { type ContenderSetup, contenderFor } from './contenders/index.js'
import { fetchAccessToken } from './contenders/plain-fetch.js'
import { type EmulatorProcess, startEmulator } from './emulator-process.js'
import { startFleet } from './fleet.js'
import type { LoadResult } from './load.js'
import type { RedisProcess } from './redis-process.js'
import type { Measurement, ScenarioResult } from './report.js'
import { CALL_PATH, type FleetShape, type InProcessShape, type ScenarioSpec } from './scenarios.js'
import { percentile } from './stats.js'

/** What a scenario run needs from outside. */
export interface RunnerContext {
  /** Redis for `sdk-redis`; without it that contender is left out. */
  redis: RedisProcess | undefined
  /** Progress lines (stderr by default). */
  log(line: string): void
}

let runCounter = 0

/** What the emulator saw during one run. */
export interface EmulatorView {
  counters: MockCounters
  /** The token request log (the status of each). */
  tokenRequests: RecordedTokenRequest[]
}

/** Reads the counters and the token request log. */
export async function emulatorView(emulator: EmulatorProcess): Promise<EmulatorView> {
  const [counters, tokenRequests] = await Promise.all([
    emulator.counters(),
    emulator.tokenRequests(),
  ])
  return { counters, tokenRequests }
}

/** Turns what the emulator saw and the load into one row of figures. */
export function toMeasurement(
  contender: ContenderId,
  { counters, tokenRequests }: EmulatorView,
  load: LoadResult,
): Measurement {
  // Injected 429s are counted as faults, not by the limiter: count them from the log instead.
  const token429 = tokenRequests.filter((request) => request.status === 429).length
  return {
    contender,
    tokenRequests: counters.tokenRequests,
    refusedTokenRequests: counters.rejectedTokenRequests,
    tooManyRequests: token429 + (counters.apiByStatus[429] ?? 0),
    unauthorized: counters.unauthorized,
    calls: load.calls,
    failed: load.failed,
    callsPerSecond: load.seconds > 0 ? (load.calls - load.failed) / load.seconds : 0,
    p50Ms: percentile(load.latenciesMs, 50),
    p99Ms: percentile(load.latenciesMs, 99),
  }
}

/** The callers of one contender in one scenario, in this process or in a fleet of processes. */
interface Participants {
  /** Each caller makes one call, so it holds a token before the trouble starts. */
  warm(): Promise<void>
  run(): Promise<LoadResult>
  close(): Promise<void>
}

/** Fails the run when a warm-up call did not succeed: the scenario would measure something else. */
function assertWarm(statuses: Array<number | null>): void {
  const bad = statuses.find((status) => status !== 200)
  if (bad !== undefined) throw new Error(`a warm-up call ended with ${bad ?? 'an error'}, not 200`)
}

async function inProcess(
  shape: InProcessShape,
  contender: ContenderId,
  setup: ContenderSetup,
  baseUrl: string,
): Promise<Participants> {
  const factory = await contenderFor(contender, setup)
  const callers: Caller[] = []
  const close = () => Promise.all(callers.map((caller) => caller.close())).then(() => {})
  try {
    for (let i = 0; i < shape.clients; i++) callers.push(await factory.createCaller(baseUrl))
  } catch (error) {
    await close()
    throw error
  }
  return {
    warm: async () =>
      assertWarm(
        await Promise.all(callers.map((caller) => caller.call(CALL_PATH).catch(() => null))),
      ),
    run: () => shape.load(callers),
    close,
  }
}

async function fleetOf(
  shape: FleetShape,
  contender: ContenderId,
  setup: ContenderSetup,
  baseUrl: string,
): Promise<Participants> {
  const fleet = await startFleet({ size: shape.processes, contender, setup, baseUrl })
  return {
    warm: async () => assertWarm(await fleet.warm(CALL_PATH)),
    run: () => fleet.run(shape.callsPerProcess, CALL_PATH),
    close: () => fleet.close(),
  }
}

/** One contender through one scenario, on an emulator of its own. */
async function runContender(
  spec: ScenarioSpec,
  contender: ContenderId,
  redis: RedisProcess | undefined,
): Promise<Measurement> {
  // A fresh emulator per contender: no contender inherits another's open connections or tokens.
  const emulator = await startEmulator(
    contender === 'plain-fetch'
      ? { ...spec.emulator, tokenLifetimeSeconds: undefined }
      : spec.emulator,
  )
  try {
    const setup: ContenderSetup = {}
    if (contender === 'plain-fetch') {
      setup.accessToken = await fetchAccessToken(emulator.url, DEMO_CREDENTIALS)
    }
    if (contender === 'sdk-redis' && redis !== undefined) {
      setup.redisUrl = redis.url
      setup.keyPrefix = `mediroutes-bench:${process.pid}:${++runCounter}:`
    }
    const participants =
      spec.shape.kind === 'fleet'
        ? await fleetOf(spec.shape, contender, setup, emulator.url)
        : await inProcess(spec.shape, contender, setup, emulator.url)
    let load: LoadResult
    try {
      if (spec.warm) await participants.warm()
      if (contender !== 'plain-fetch') await spec.arm?.(emulator)
      await emulator.resetCounters()
      load = await participants.run()
    } finally {
      await participants.close()
    }
    return toMeasurement(contender, await emulatorView(emulator), load)
  } finally {
    await emulator.stop()
  }
}

/**
 * Runs one scenario for each of its contenders (`sdk-redis` only when Redis is there).
 * @throws when an emulator cannot start or a contender's harness breaks (not when calls fail:
 * failed calls are a figure).
 */
export async function runScenario(
  spec: ScenarioSpec,
  context: RunnerContext,
): Promise<ScenarioResult> {
  const measurements: Measurement[] = []
  for (const contender of spec.contenders) {
    if (contender === 'sdk-redis' && context.redis === undefined) continue
    const started = performance.now()
    const measurement = await runContender(spec, contender, context.redis)
    measurements.push(measurement)
    context.log(
      `${spec.id} / ${contender}: ${measurement.tokenRequests} token requests, ${measurement.failed}/${measurement.calls} failed, ${((performance.now() - started) / 1000).toFixed(1)} s`,
    )
  }
  return { id: spec.id, title: spec.title, label: spec.label, summary: spec.summary, measurements }
}
