import type { ContenderId } from './contender.js'

/** The figures of one contender in one scenario. */
export interface Measurement {
  contender: ContenderId
  /** Requests to `/token` the emulator received during the run. */
  tokenRequests: number
  /** Token requests refused with a 4xx, e.g. a refresh token sent again after rotation. */
  refusedTokenRequests: number
  /** Token and API requests answered 429, by the rate limiter or an injected fault. */
  tooManyRequests: number
  /** API calls the emulator answered 401. */
  unauthorized: number
  calls: number
  /** Calls that did not end in a 200. */
  failed: number
  /** Successful calls per second of wall time (a call that fails at once is no throughput). */
  callsPerSecond: number
  /** Latency of the successful calls, ms; `null` when none succeeded. */
  p50Ms: number | null
  p99Ms: number | null
}

/** One scenario, every contender. */
export interface ScenarioResult {
  id: string
  title: string
  /** A few words for the chart's axis. */
  label: string
  /** One sentence of Markdown saying what happens. */
  summary: string
  measurements: Measurement[]
}

/** A whole run. */
export interface Report {
  /** ISO date of the run, e.g. `2026-11-28`. */
  date: string
  /** e.g. `v20.20.2`. */
  node: string
  /** e.g. `2 × Intel(R) Xeon(R) CPU`. */
  machine: string
  /** The 1-minute load average when the run started: other work on the machine skews latency. */
  loadAverage: number
  /** The workspace commit the SDK was built from, when known. */
  commit?: string
  /** Peer library versions, by package name. */
  versions: Record<string, string>
  durationSeconds: number
  scenarios: ScenarioResult[]
  /** Why a contender or scenario was left out, if one was. */
  notes: string[]
}
