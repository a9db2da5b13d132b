import type { MediRoutesClient } from '@mediroutes/auth-core'
import { DEMO_USER } from '@mediroutes/mock-server'
import { describe, expect } from 'vitest'
import { it, sleep, tripsPath } from './support/lab.js'
import { expectFailure, expectSuccess, outcomeOf } from './support/outcome.js'

/**
 * Wrong credentials under 1,000 concurrent calls: one token request, every caller gets
 * `invalid_credentials`, and calls during the cool-down fail without calling `/token`.
 */

const WRONG_PASSWORD = 'not-the-demo-password'
const CALLERS = 1000

/** `count` concurrent API calls; each must fail with `invalid_credentials`. */
async function expectAllRefused(client: MediRoutesClient, count: number): Promise<void> {
  const outcomes = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      outcomeOf(`concurrent call ${index}`, client.fetch(tripsPath())),
    ),
  )
  for (const outcome of outcomes) {
    const error = expectFailure(outcome, 'invalid_credentials')
    expect(error.status).toBe(401)
  }
}

describe('wrong credentials', () => {
  it(`cost one token request for ${CALLERS} concurrent calls, then none during the cool-down`, async ({
    lab,
  }) => {
    const server = await lab.emulator()
    const client = lab.client(server, { password: WRONG_PASSWORD })

    await expectAllRefused(client, CALLERS)
    expect(server.counters().tokenRequests).toBe(1)
    expect(server.counters().rejectedTokenRequests).toBe(1)
    expect(server.counters().apiRequests).toBe(0)
    expect((await client.status()).state).toBe('cooldown')

    await expectAllRefused(client, CALLERS)
    expectFailure(await outcomeOf('getAccessToken', client.getAccessToken()), 'invalid_credentials')
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('are tried once more after the cool-down, and work once the password is right', async ({
    lab,
  }) => {
    const server = await lab.emulator()
    const client = lab.client(server, {
      password: WRONG_PASSWORD,
      invalidCredentialsCooldownMs: 1000,
    })
    await expectAllRefused(client, CALLERS)
    // The account's password becomes the one the client has; the cool-down still holds.
    server.setPassword(DEMO_USER.username, WRONG_PASSWORD)
    await expectAllRefused(client, 10)
    expect(server.counters().tokenRequests).toBe(1)

    await sleep(1100)
    const responses = expectSuccess(
      await outcomeOf(
        'calls after the cool-down',
        // Fewer than the API's 300 per second, so this part measures the token, not the API's limit.
        Promise.all(Array.from({ length: 100 }, () => client.fetch(tripsPath()))),
      ),
    )
    for (const response of responses) {
      expect(response.status).toBe(200)
      await response.arrayBuffer()
    }
    expect(server.counters().tokenRequests).toBe(2)
  })
})
