import { MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { type Caller, CONTENDER_IDS, type ContenderId } from './contender.js'
import type { EmulatorFlags, EmulatorProcess } from './emulator-process.js'
import { burst, emptyResult, type LoadResult, mergeInto, steady } from './load.js'

/** The call every scenario makes: small, read-only, the same for every contender. */
export const CALL_PATH = `/api/v1/riders/getByRiderId?${new URLSearchParams({
  api_key: MOCK_PROVIDERS[0]!.apiKey,
  rider_id: 'LMT-1001',
})}`

/** Callers in this process, driven by `load`. */
export interface InProcessShape {
  kind: 'in-process'
  /** How many cold callers the contender builds. */
  clients: number
  /** Runs the calls. */
  load(callers: Caller[]): Promise<LoadResult>
}

/** Separate processes, each with its own caller, all sending their calls at once. */
export interface FleetShape {
  kind: 'fleet'
  processes: number
  callsPerProcess: number
}

/** A scenario: how the emulator runs, who takes part, what is done to them, and the load. */
export interface ScenarioSpec {
  id: string
  title: string
  /** A few words for the chart's axis. */
  label: string
  /** One sentence of Markdown for the README. */
  summary: string
  emulator: EmulatorFlags
  contenders: readonly ContenderId[]
  shape: InProcessShape | FleetShape
  /** Every caller makes one call first, so it holds a token when the scenario starts. */
  warm?: boolean
  /**
   * The trouble, applied after warm-up and before the counters are zeroed. Never applied to the
   * baseline, whose emulator also keeps the default token lifetime so its fixed token outlives the run.
   */
  arm?(emulator: EmulatorProcess): Promise<void>
}

/** The contenders of the multi-process scenarios: all of them. */
export const FLEET: readonly ContenderId[] = CONTENDER_IDS
/** The contenders of the single-process scenarios: all but the Redis store, which only matters across processes. */
export const IN_PROCESS: readonly ContenderId[] = CONTENDER_IDS.filter((id) => id !== 'sdk-redis')

/** Token lifetime of the expiry scenario, seconds. */
const SHORT_TOKEN_SECONDS = 3

/** Every scenario, in the order they run and appear. */
export const SCENARIOS: readonly ScenarioSpec[] = [
  {
    id: 'cold-stampede',
    title: 'Cold stampede',
    label: 'Cold stampede',
    summary: '1,000 concurrent calls on a client that holds no token yet.',
    emulator: {},
    contenders: IN_PROCESS,
    shape: { kind: 'in-process', clients: 1, load: ([caller]) => burst(caller!, 1000, CALL_PATH) },
  },
  {
    id: 'fleet',
    title: 'Fleet of 8 processes',
    label: 'Fleet of 8',
    summary:
      '8 processes start cold at the same moment, 100 concurrent calls each. Only a shared store lets them log in once.',
    emulator: {},
    contenders: FLEET,
    shape: { kind: 'fleet', processes: 8, callsPerProcess: 100 },
  },
  {
    id: 'expiry',
    title: 'Steady traffic across token expiries',
    label: 'Token expiries',
    summary: `${SHORT_TOKEN_SECONDS}-second access tokens, 16 concurrent loops for 10 s.`,
    emulator: { tokenLifetimeSeconds: SHORT_TOKEN_SECONDS },
    contenders: IN_PROCESS,
    shape: {
      kind: 'in-process',
      clients: 1,
      load: ([caller]) => steady(caller!, 16, 10_000, CALL_PATH),
    },
  },
  {
    id: 'flaky-token',
    title: 'Token endpoint failing 30% of the time',
    label: '30% 500s on /token',
    summary:
      '30% of `/token` answers are `500`. 20 cold clients one after another, 50 concurrent calls each.',
    emulator: {},
    contenders: IN_PROCESS,
    shape: {
      kind: 'in-process',
      clients: 20,
      async load(callers) {
        const total = emptyResult()
        const started = performance.now()
        for (const caller of callers) mergeInto(total, await burst(caller, 50, CALL_PATH))
        total.seconds = (performance.now() - started) / 1000
        return total
      },
    },
    arm: (emulator) =>
      emulator.injectFault({
        target: 'token',
        fault: { kind: 'status', status: 500 },
        probability: 0.3,
      }),
  },
  {
    id: 'rotation-race',
    title: 'Refresh-token rotation race',
    label: 'Rotation race',
    summary:
      'Refresh tokens rotate. 4 processes hold a token; every access token is revoked; then 25 concurrent calls per process all meet a 401 at once. Sending a used refresh token again is refused.',
    emulator: { rotateRefreshTokens: true },
    contenders: FLEET,
    shape: { kind: 'fleet', processes: 4, callsPerProcess: 25 },
    warm: true,
    arm: (emulator) => emulator.revoke({ access: true }),
  },
  {
    id: '429-burst',
    title: '429 burst on the token endpoint',
    label: '429 burst',
    summary:
      'The next 3 `/token` answers are `429` with `Retry-After: 1`. One cold client, 200 concurrent calls.',
    emulator: {},
    contenders: IN_PROCESS,
    shape: { kind: 'in-process', clients: 1, load: ([caller]) => burst(caller!, 200, CALL_PATH) },
    arm: (emulator) =>
      emulator.injectFault({
        target: 'token',
        fault: { kind: 'status', status: 429, retryAfter: 1 },
        count: 3,
      }),
  },
  {
    id: 'fleet-rate-limit',
    title: 'Fleet of 16 under the vendor’s rate limits',
    label: 'Fleet of 16, limits on',
    summary:
      'The emulator enforces 10 `/token` and 300 API requests per second per IP. 16 processes start cold at once, 10 calls each (8 processes would stay under the `/token` limit).',
    emulator: { rateLimit: true },
    contenders: FLEET,
    shape: { kind: 'fleet', processes: 16, callsPerProcess: 10 },
  },
]
