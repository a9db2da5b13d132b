import { inspect } from 'node:util'
import { type MockServer, startMockServer } from '@mediroutes/mock-server'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoClient, serveTokenBody, tripsPath } from './support/lab.js'
import { expectFailure, outcomeOf } from './support/outcome.js'
import {
  expectNoSecret,
  recordEvents,
  recordingLogger,
  renderings,
  secret,
} from './support/secrets.js'

/**
 * No generated password, access token or refresh token ever shows in an error (message, stack,
 * JSON, inspect with causes), a log line, an event, the client's status or its inspect output.
 */

let server: MockServer
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false })
})
afterAll(async () => {
  await server.close()
})

describe('secrets stay out of errors, logs and events', () => {
  it('for a refused password, given as a string or by a function', async () => {
    await fc.assert(
      fc.asyncProperty(secret, fc.boolean(), async (password, asFunction) => {
        const logger = recordingLogger()
        const client = demoClient(server, {
          password: asFunction ? async () => password : password,
          maxRetries: 0,
          logger,
        })
        const events = recordEvents(client)
        try {
          const first = expectFailure(
            await outcomeOf('refused login', client.getAccessToken()),
            'invalid_credentials',
          )
          // The second call is refused by the cool-down without a request: a second message.
          const second = expectFailure(
            await outcomeOf('login during the cool-down', client.fetch(tripsPath())),
            'invalid_credentials',
          )
          expectNoSecret(
            [
              ...renderings(first),
              ...renderings(second),
              ...logger.lines,
              ...events,
              JSON.stringify(await client.status()),
              inspect(client),
              JSON.stringify(client),
            ],
            [password],
          )
        } finally {
          await client.close()
        }
      }),
      { numRuns: 30 },
    )
  })

  it('for tokens in a token response the client cannot use', async () => {
    const unusable = fc.record({
      expires_in: fc.constantFrom(undefined, -1, 'never', null),
      token_type: fc.constantFrom('Bearer', 'mac', undefined),
      cut: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(secret, secret, unusable, async (access, refresh, shape) => {
        const body = JSON.stringify({
          access_token: access,
          refresh_token: refresh,
          token_type: shape.token_type,
          // A usable expires_in only when token_type already spoils the answer.
          expires_in: shape.token_type === 'Bearer' ? shape.expires_in : 3600,
        })
        serveTokenBody(server, shape.cut ? body.slice(0, body.lastIndexOf(',')) : body)
        const logger = recordingLogger()
        const client = demoClient(server, { maxRetries: 0, logger })
        const events = recordEvents(client)
        try {
          const error = expectFailure(
            await outcomeOf('unusable token response', client.getAccessToken()),
            'invalid_response',
          )
          expectNoSecret(
            [
              ...renderings(error),
              ...logger.lines,
              ...events,
              JSON.stringify(await client.status()),
            ],
            [access, refresh],
          )
        } finally {
          await client.close()
        }
      }),
      { numRuns: 30 },
    )
  })

  it('for tokens the client accepted, then lost through refusals and failures', async () => {
    await fc.assert(
      fc.asyncProperty(secret, secret, async (access, refresh) => {
        serveTokenBody(server, {
          access_token: access,
          refresh_token: refresh,
          token_type: 'Bearer',
          expires_in: 3600,
        })
        const logger = recordingLogger()
        const client = demoClient(server, { maxRetries: 0, logger })
        const events = recordEvents(client)
        try {
          expect(await client.getAccessToken()).toBe(access)
          // The API refuses the foreign token; the refresh and the password grant both fail.
          server.injectFault({
            target: 'token',
            fault: { kind: 'status', status: 503 },
            count: Number.POSITIVE_INFINITY,
          })
          const outcome = await outcomeOf('fetch with a refused token', client.fetch(tripsPath()))
          const texts = [
            ...logger.lines,
            ...events,
            JSON.stringify(await client.status()),
            inspect(client),
          ]
          if (!outcome.ok) texts.push(...renderings(outcome.error))
          else await outcome.value.arrayBuffer()
          expectNoSecret(texts, [access, refresh])
        } finally {
          server.clearFaults()
          await client.close()
        }
      }),
      { numRuns: 30 },
    )
  })
})
