import type { MediRoutesClient } from '@mediroutes/auth-core'
import type { MockServer } from '@mediroutes/mock-server'
import { afterEach, describe, expect, vi } from 'vitest'
import { it, sleep, tripsPath } from './support/lab.js'
import { expectSuccess, outcomeOf } from './support/outcome.js'
import { expectVendorPace } from './support/token-log.js'

/**
 * The local clock an hour off either way, against a right server; and the server's clock an
 * hour off against a right client. Zero 401s, every call succeeds, expiry math stays sane.
 *
 * Only `Date` is faked (timers stay real), and it keeps running. The emulator lives in this
 * process and reads the same `Date`, so its `clockOffsetMs` cancels the client's skew in the
 * first case and adds the server's own in the second.
 */

const HOUR = 3_600_000
const DAY = 24 * HOUR
const CALLS = 20

afterEach(() => {
  vi.useRealTimers()
})

/** Fakes `Date` to run from `now`; it keeps advancing with real time. */
function setLocalClock(now: number): void {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, advanceTimeDelta: 5 })
  vi.setSystemTime(now)
}

/** `CALLS` API calls one after another; each must answer 200. */
async function expectCallsSucceed(client: MediRoutesClient, what: string): Promise<void> {
  for (let call = 0; call < CALLS; call++) {
    const response = expectSuccess(await outcomeOf(what, client.fetch(tripsPath())))
    expect(response.status, what).toBe(200)
    await response.arrayBuffer()
  }
}

/** Waits (bounded) until the client has no grant in flight. */
async function settled(client: MediRoutesClient): Promise<void> {
  for (let round = 0; round < 200 && (await client.status()).refreshing; round++) await sleep(25)
  expect((await client.status()).refreshing).toBe(false)
}

/**
 * Calls succeed from the first token through its refresh window and past its expiry, with
 * one password grant, refreshes ahead of expiry, and not a single 401.
 */
async function expectSaneLifecycle(server: MockServer, client: MediRoutesClient): Promise<void> {
  await expectCallsSucceed(client, 'calls with a fresh token')
  const first = await client.status()
  expect(first.state).toBe('valid')
  // Anchored on the local clock at send time, whatever the server's clock says.
  expect(first.expiresAt! - first.issuedAt!).toBe(DAY)
  expect(Math.abs(first.issuedAt! - Date.now())).toBeLessThan(60_000)

  // Both clocks move together: into the refresh window, then past the expiry of that token.
  vi.setSystemTime(first.expiresAt! - 200_000)
  await expectCallsSucceed(client, 'calls inside the refresh window')
  await settled(client)
  const refreshed = await client.status()
  expect(refreshed.issuedAt!).toBeGreaterThan(first.issuedAt!)
  vi.setSystemTime(refreshed.expiresAt! + 60_000)
  await expectCallsSucceed(client, 'calls after the refreshed token expired')

  const counters = server.counters()
  expect(counters.unauthorized, '401s seen by the emulator').toBe(0)
  expect(counters.passwordGrants).toBe(1)
  expect(counters.refreshGrants).toBe(2)
  expect(counters.apiByStatus).toEqual({ 200: 3 * CALLS })
  await expectVendorPace(server)
}

describe.each([
  ['ahead', HOUR],
  ['behind', -HOUR],
])('an hour %s', (_, skew) => {
  it('the local clock, against a server with the right time', async ({ lab }) => {
    const real = Date.now()
    setLocalClock(real + skew)
    const server = await lab.emulator({ clockOffsetMs: -skew })
    expect(Math.abs(server.clock.now() - real)).toBeLessThan(60_000)
    await expectSaneLifecycle(server, lab.client(server))
  })

  it("the server's clock, against a local clock with the right time", async ({ lab }) => {
    const real = Date.now()
    setLocalClock(real)
    const server = await lab.emulator({ clockOffsetMs: skew })
    expect(Math.abs(server.clock.now() - (real + skew))).toBeLessThan(60_000)
    await expectSaneLifecycle(server, lab.client(server))
  })
})
