import type { MediRoutesErrorCode } from '@mediroutes/auth-core'
import { startMockServer } from '@mediroutes/mock-server'
import fc from 'fast-check'
import { describe, expect } from 'vitest'
import {
  FAULT_CASES,
  FAULT_CLIENT_OPTIONS,
  type FaultCase,
  MAX_RETRIES,
} from './support/fault-catalog.js'
import { demoClient, it, tripsPath } from './support/lab.js'
import { expectFailure, expectSuccess, type Outcome, outcomeOf } from './support/outcome.js'
import { expectVendorPace, settledTokenLog } from './support/token-log.js'

/** Faults mixed: in sequences, and at random on a busy emulator. */

/** What the client must do with `faults` served to its first attempts, one each, with `maxRetries`. */
function predict(
  faults: readonly FaultCase[],
  maxRetries: number,
): { code: MediRoutesErrorCode | undefined; requests: number } {
  for (let attempt = 0; ; attempt++) {
    const fault = faults[attempt]
    if (fault === undefined || fault.code === undefined)
      return { code: undefined, requests: attempt + 1 }
    if (fault.final || attempt === maxRetries) return { code: fault.code, requests: attempt + 1 }
  }
}

describe('a sequence of faults on the password grant', () => {
  it('ends exactly as the retry rules say: success or the code of the last spoilt attempt', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...FAULT_CASES), { maxLength: 4 }),
        fc.integer({ min: 0, max: 3 }),
        async (faults, maxRetries) => {
          const server = await startMockServer()
          const client = demoClient(server, { ...FAULT_CLIENT_OPTIONS, maxRetries })
          try {
            for (const fault of faults)
              server.injectFault({ target: 'token', fault: fault.fault() })
            const outcome = await outcomeOf('getAccessToken', client.getAccessToken())
            const expected = predict(faults, maxRetries)
            if (expected.code === undefined) expectSuccess(outcome)
            else expectFailure(outcome, expected.code)
            expect(server.counters().tokenRequests).toBe(expected.requests)
            await expectVendorPace(server)
          } finally {
            await client.close()
            await server.close()
          }
        },
      ),
      // Shrinking would replay slow sequences; the failing sequence as generated says enough.
      { numRuns: 20, endOnFailure: true },
    )
  })
})

/** Every fault that a retry can get past, each served at random to a share of token requests. */
function injectRandomMix(
  server: import('@mediroutes/mock-server').MockServer,
  probability: number,
) {
  for (const fault of FAULT_CASES.filter((c) => !c.final)) {
    server.injectFault({ target: 'token', fault: fault.fault(), probability })
  }
}

describe('faults at random on a busy emulator', () => {
  it('8 clients through 4 rounds of forced refreshes: success or typed errors, per-client budgets, 10/s', async ({
    lab,
  }) => {
    const server = await lab.emulator()
    const clients = Array.from({ length: 8 }, (_, index) =>
      lab.client(server, { ...FAULT_CLIENT_OPTIONS, clientId: `client-${index}` }),
    )
    // About one request in two meets a fault.
    injectRandomMix(server, 0.05)
    let successes = 0
    for (let round = 0; round < 4; round++) {
      const before = (await settledTokenLog(server)).length
      const outcomes: Outcome<Response>[] = await Promise.all(
        clients.map((client, index) =>
          outcomeOf(`round ${round}, client ${index}`, client.fetch(tripsPath())),
        ),
      )
      for (const outcome of outcomes) {
        if (!outcome.ok) continue
        successes++
        expect(outcome.value.status).toBe(200)
        await outcome.value.arrayBuffer()
      }
      const roundLog = (await settledTokenLog(server)).slice(before)
      for (const client of clients.keys()) {
        const mine = roundLog.filter((request) => request.clientId === `client-${client}`)
        // One chain of retries, plus one password grant after a refused or lost refresh.
        expect(mine.length, `client-${client} in round ${round}`).toBeLessThanOrEqual(
          MAX_RETRIES + 2,
        )
      }
      server.revokeAccessTokens()
    }
    expect(successes).toBeGreaterThan(0)
    await expectVendorPace(server)
  })

  it('200 concurrent callers of one client share one grant and one outcome, ten clients in turn', async ({
    lab,
  }) => {
    const server = await lab.emulator()
    injectRandomMix(server, 0.05)
    for (let turn = 0; turn < 10; turn++) {
      const client = lab.client(server, FAULT_CLIENT_OPTIONS)
      const before = server.counters().tokenRequests
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, () => outcomeOf(`turn ${turn}`, client.getAccessToken())),
      )
      const results = new Set(
        outcomes.map((o) => (o.ok ? `token ${o.value}` : `error ${o.error.code}`)),
      )
      expect(results.size, [...results].join(', ')).toBe(1)
      expect(server.counters().tokenRequests - before).toBeLessThanOrEqual(MAX_RETRIES + 1)
      await client.close()
    }
    await expectVendorPace(server)
  })
})
