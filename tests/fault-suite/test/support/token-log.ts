import type { MockServer, RecordedTokenRequest } from '@mediroutes/mock-server'
import { expect } from 'vitest'
import { sleep } from './lab.js'

/** The vendor's limit: `/token` requests per second per IP. */
export const VENDOR_TOKEN_LIMIT = 10

/**
 * The emulator's token-request log once it has caught up with its counter, in order of
 * arrival. The counter moves when a request arrives; the log entry is written when the answer
 * goes out, which a latency fault delays past the client's timeout (and past later requests).
 */
export async function settledTokenLog(
  server: MockServer,
  timeoutMs = 15_000,
): Promise<RecordedTokenRequest[]> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const log = server.tokenRequests()
    const counted = server.counters().tokenRequests
    if (log.length >= Math.min(counted, 1000)) return log.sort((a, b) => a.at - b.at)
    if (Date.now() > until) {
      throw new Error(
        `the token log has ${log.length} entries but ${counted} requests were counted`,
      )
    }
    await sleep(25)
  }
}

/** The most token requests that arrived within any 1000 ms (by the emulator's clock). */
export function busiestSecond(log: readonly RecordedTokenRequest[]): number {
  const times = log.map((request) => request.at).sort((a, b) => a - b)
  let busiest = 0
  let first = 0
  for (let last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= 1000) first++
    busiest = Math.max(busiest, last - first + 1)
  }
  return busiest
}

/**
 * Asserts the client kept to the vendor's 10 requests per second: by the log's arrival times,
 * and by the emulator's own limiter never having to refuse one (injected 429s are faults, not
 * counted there). Returns the settled log.
 */
export async function expectVendorPace(server: MockServer): Promise<RecordedTokenRequest[]> {
  const log = await settledTokenLog(server)
  expect(busiestSecond(log), 'token requests within one second').toBeLessThanOrEqual(
    VENDOR_TOKEN_LIMIT,
  )
  expect(server.counters().rateLimited, 'requests the emulator rate-limited').toBe(0)
  return log
}

/** The grant types of the log, in order, e.g. `['refresh_token', 'password']`. */
export function grantsOf(log: readonly RecordedTokenRequest[]): Array<string | null> {
  return log.map((request) => request.grantType)
}
