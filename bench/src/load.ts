import type { Caller } from './contender.js'

/** What a stretch of calls produced. */
export interface LoadResult {
  calls: number
  failed: number
  /** Wall time from the first call sent to the last answer, in seconds. */
  seconds: number
  /** Latency of each successful call (status 200), in ms. */
  latenciesMs: number[]
}

/** One timed call: failure is anything but a 200, including a rejection. */
async function timedCall(caller: Caller, path: string, into: LoadResult): Promise<void> {
  const started = performance.now()
  let ok = false
  try {
    ok = (await caller.call(path)) === 200
  } catch {
    // A library error is a failed call; the figure counts it, the run goes on.
  }
  into.calls++
  if (ok) into.latenciesMs.push(performance.now() - started)
  else into.failed++
}

/** A result with nothing in it yet, to merge into. */
export function emptyResult(): LoadResult {
  return { calls: 0, failed: 0, seconds: 0, latenciesMs: [] }
}

/** `count` calls started at once on one caller. */
export async function burst(caller: Caller, count: number, path: string): Promise<LoadResult> {
  const result = emptyResult()
  const started = performance.now()
  await Promise.all(Array.from({ length: count }, () => timedCall(caller, path, result)))
  result.seconds = (performance.now() - started) / 1000
  return result
}

/** `workers` loops calling back to back for `durationMs` (calls in flight when time is up finish). */
export async function steady(
  caller: Caller,
  workers: number,
  durationMs: number,
  path: string,
): Promise<LoadResult> {
  const result = emptyResult()
  const started = performance.now()
  const until = started + durationMs
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < until) await timedCall(caller, path, result)
    }),
  )
  result.seconds = (performance.now() - started) / 1000
  return result
}

/** Adds `more` into `total` (calls, failures and latencies; the wall time is the caller's to set). */
export function mergeInto(total: LoadResult, more: LoadResult): LoadResult {
  total.calls += more.calls
  total.failed += more.failed
  for (const latency of more.latenciesMs) total.latenciesMs.push(latency)
  return total
}
