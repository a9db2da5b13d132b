import { describe, expect } from 'vitest'
import {
  FAULT_CASES,
  FAULT_CLIENT_OPTIONS,
  type FaultCase,
  MAX_RETRIES,
  MAX_RETRY_AFTER_MS,
} from './support/fault-catalog.js'
import { it, type Lab, tripsPath } from './support/lab.js'
import { expectFailure, expectSuccess, outcomeOf } from './support/outcome.js'
import { expectVendorPace, grantsOf } from './support/token-log.js'

/** Each fault alone, on each grant: the client ends with a token or a typed error, within its request budget. */

describe.concurrent('a password grant meets one fault', () => {
  it.for(FAULT_CASES)('$name', async (fault, { lab }) => {
    const server = await lab.emulator()
    server.injectFault({ target: 'token', fault: fault.fault() })
    const client = lab.client(server, FAULT_CLIENT_OPTIONS)

    const outcome = await outcomeOf('getAccessToken', client.getAccessToken())

    const counters = server.counters()
    if (fault.final) {
      const error = expectFailure(outcome, fault.code!)
      expect(counters.tokenRequests).toBe(1)
      if (fault.code === 'rate_limited') {
        expect(error.status).toBe(429)
        expect(error.retryAfterMs).toBeGreaterThan(MAX_RETRY_AFTER_MS)
      }
    } else {
      expectSuccess(outcome)
      // A spoilt attempt is retried once; a merely slow one is not retried at all.
      expect(counters.tokenRequests).toBe(fault.code === undefined ? 1 : 2)
      // A request processed before its answer was lost still issued a grant.
      expect(counters.passwordGrants).toBe(fault.processed && fault.code !== undefined ? 2 : 1)
    }
    expect(counters.tokenRequests).toBeLessThanOrEqual(MAX_RETRIES + 1)
    await expectVendorPace(server)
  })
})

describe.concurrent('a password grant meets a fault that never heals', () => {
  it.for(FAULT_CASES)('$name', async (fault, { lab }) => {
    const server = await lab.emulator()
    server.injectFault({ target: 'token', fault: fault.fault(), count: Number.POSITIVE_INFINITY })
    const client = lab.client(server, FAULT_CLIENT_OPTIONS)

    const outcome = await outcomeOf('getAccessToken', client.getAccessToken())

    const requests = server.counters().tokenRequests
    if (fault.code === undefined) {
      expectSuccess(outcome)
      expect(requests).toBe(1)
    } else {
      const error = expectFailure(outcome, fault.code)
      // Retried up to maxRetries, not one request more; refused or misdirected requests not at all.
      expect(requests).toBe(fault.final ? 1 : MAX_RETRIES + 1)
      if (fault.code === 'rate_limited') expect(error.status).toBe(429)
      if (fault.code === 'server_error') expect(error.status).toBeGreaterThanOrEqual(500)
      const status = await client.status()
      expect(status.lastError?.code).toBe(fault.code)
    }
    await expectVendorPace(server)
  })
})

/**
 * An API call by a client whose access token the server revoked: it meets a 401 and
 * refreshes, and that refresh meets `fault` (`count` times). Counters start after the first login.
 */
async function refreshMeets(lab: Lab, fault: FaultCase, count = 1) {
  const server = await lab.emulator()
  const client = lab.client(server, FAULT_CLIENT_OPTIONS)
  await client.getAccessToken()
  server.resetCounters()
  server.revokeAccessTokens()
  server.injectFault({ target: 'token', fault: fault.fault(), count })
  const outcome = await outcomeOf('fetch after a revoked token', client.fetch(tripsPath()))
  return { server, outcome }
}

describe.concurrent('a refresh grant meets one fault', () => {
  it.for(FAULT_CASES)('$name', async (fault, { lab }) => {
    const { server, outcome } = await refreshMeets(lab, fault)

    const log = await expectVendorPace(server)
    const grants = grantsOf(log)
    expect(grants[0]).toBe('refresh_token')
    // One chain of retries plus at most one password grant after a refused or lost refresh.
    expect(log.length).toBeLessThanOrEqual(MAX_RETRIES + 2)
    if (fault.code === 'invalid_config' || (fault.final && fault.code === 'rate_limited')) {
      expectFailure(outcome, fault.code)
      return
    }
    const response = expectSuccess(outcome)
    expect(response.status).toBe(200)
    await response.arrayBuffer()
    if (fault.code === 'invalid_credentials' || (fault.processed && fault.code !== undefined)) {
      // A refused refresh token, or one the server may already have rotated, is never sent again.
      expect(grants).toEqual(['refresh_token', 'password'])
    }
    expect(server.counters().unauthorized).toBe(1)
  })
})

describe.concurrent('a refresh grant meets a fault that never heals', () => {
  it.for(FAULT_CASES)('$name', async (fault, { lab }) => {
    const { server, outcome } = await refreshMeets(lab, fault, Number.POSITIVE_INFINITY)

    const log = await expectVendorPace(server)
    expect(log.length).toBeLessThanOrEqual(MAX_RETRIES + 2)
    if (fault.code === undefined) {
      const response = expectSuccess(outcome)
      expect(response.status).toBe(200)
      await response.arrayBuffer()
    } else {
      expectFailure(outcome, fault.code)
    }
  })
})
