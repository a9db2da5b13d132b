import type { MediRoutesClient } from '@mediroutes/auth-core'
import { MemoryTokenStore, tokenStoreKey } from '@mediroutes/auth-core'
import type { MockServer } from '@mediroutes/mock-server'
import { describe, expect } from 'vitest'
import { it, tripsPath } from './support/lab.js'
import { expectSuccess, outcomeOf } from './support/outcome.js'
import { expectVendorPace, grantsOf } from './support/token-log.js'

/**
 * A refresh token that is no longer good after rotation: the client logs in again once with
 * the password, and no caller ever sees `invalid_grant` or any error.
 */

const CALLERS = 50

/** `CALLERS` concurrent API calls; every one must answer 200, and nothing may be reported as failed. */
async function expectCallsSucceed(client: MediRoutesClient): Promise<void> {
  const failures: string[] = []
  const off = client.on('failed', (failure) => failures.push(`${failure.code}: ${failure.message}`))
  const outcomes = await outcomeOf(
    `${CALLERS} concurrent calls`,
    Promise.all(Array.from({ length: CALLERS }, () => client.fetch(tripsPath()))),
  )
  off()
  for (const response of expectSuccess(outcomes)) {
    expect(response.status).toBe(200)
    await response.arrayBuffer()
  }
  expect(failures).toEqual([])
  expect((await client.status()).lastError).toBeUndefined()
}

/** Asserts the token requests since the last counter reset: one refresh, then one password grant. */
async function expectOneFallback(server: MockServer, refreshStatus: number): Promise<void> {
  const log = await expectVendorPace(server)
  expect(grantsOf(log)).toEqual(['refresh_token', 'password'])
  expect(log.map((request) => request.status)).toEqual([refreshStatus, 200])
  expect(server.counters().passwordGrants).toBe(1)
}

describe.each([401, 400] as const)('with refused refresh tokens answered %i', (rejection) => {
  it('a refresh token stolen and used first by another client', async ({ lab }) => {
    const server = await lab.emulator({ refreshRejectionStatus: rejection })
    const victim = lab.client(server, { store: new MemoryTokenStore() })
    const stolen = await victim.getTokenSet()
    // The thief keeps its copy in a store of its own, so the victim never hears of the rotation.
    const thiefStore = new MemoryTokenStore()
    await thiefStore.set(tokenStoreKey(victim.baseUrl, victim.username), stolen, 3_600_000)
    const thief = lab.client(server, { store: thiefStore })
    server.revokeAccessTokens()
    const theft = await thief.fetch(tripsPath())
    expect(theft.status).toBe(200)
    await theft.arrayBuffer()
    expect(server.counters().refreshGrants).toBe(1)
    server.resetCounters()

    await expectCallsSucceed(victim)

    await expectOneFallback(server, rejection)
    expect(server.counters().rejectedTokenRequests).toBe(1)
  })

  it('a refresh processed by the server whose answer was lost', async ({ lab }) => {
    const server = await lab.emulator({ refreshRejectionStatus: rejection })
    const client = lab.client(server)
    await client.getAccessToken()
    server.resetCounters()
    server.revokeAccessTokens()
    server.injectFault({ target: 'token', fault: { kind: 'reset-after-processing' } })

    await expectCallsSucceed(client)

    // The server rotated the refresh token; re-sending it would be refused: the client does not try.
    await expectOneFallback(server, 0)
    expect(server.counters().refreshGrants).toBe(1)
  })

  it('a refresh processed by the server, answered after the client gave up', async ({ lab }) => {
    const server = await lab.emulator({ refreshRejectionStatus: rejection })
    const client = lab.client(server, { timeoutMs: 1000 })
    await client.getAccessToken()
    server.resetCounters()
    server.revokeAccessTokens()
    server.injectFault({ target: 'token', fault: { kind: 'latency-after-processing', ms: 2500 } })

    await expectCallsSucceed(client)

    await expectOneFallback(server, 0)
    expect(server.counters().refreshGrants).toBe(1)
  })
})
