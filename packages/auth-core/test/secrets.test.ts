import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { type MediRoutesAuthError, MemoryTokenStore } from '../src/index.js'
import { clientFor, DEMO_USER, emulator, recordingLogger, rejectionOf } from './helpers.js'

function expectNoSecrets(text: string, secrets: string[]): void {
  for (const secret of secrets) expect(text).not.toContain(secret)
}

describe('secrets never leak', () => {
  it('stay out of inspect, JSON, logs and errors through a full lifecycle', async () => {
    const server = await emulator({ tokenLifetimeSeconds: 60 })
    const logger = recordingLogger()
    const store = new MemoryTokenStore()
    const client = clientFor(server, { logger, store })
    const first = await client.getTokenSet()
    server.revokeAccessTokens()
    await client.fetch('/api/v1/access')
    const second = await client.getTokenSet()
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 500 }, count: 10 })
    server.injectFault({ target: 'api', fault: { kind: 'status', status: 401 }, count: 2 })
    const refreshFailure = await rejectionOf(client.fetch('/api/v1/access'))
    server.clearFaults()
    const wrong = clientFor(server, { logger, password: 'a-wrong-secret-password', maxRetries: 0 })
    const credentialsFailure = (await rejectionOf(wrong.getAccessToken())) as MediRoutesAuthError

    const secrets = [
      DEMO_USER.password,
      'a-wrong-secret-password',
      first.accessToken,
      first.refreshToken!,
      second.accessToken,
      second.refreshToken!,
    ]
    expect(logger.lines.length).toBeGreaterThan(3)
    expectNoSecrets(logger.lines.join('\n'), secrets)
    expectNoSecrets(inspect(client, { depth: 10, showHidden: true }), secrets)
    expectNoSecrets(JSON.stringify(client), secrets)
    expectNoSecrets(inspect(store, { depth: 10 }), secrets)
    expectNoSecrets(JSON.stringify(store), secrets)
    for (const error of [refreshFailure, credentialsFailure]) {
      expectNoSecrets(String(error), secrets)
      expectNoSecrets(JSON.stringify(error), secrets)
      expectNoSecrets(inspect(error, { depth: 10, showHidden: true }), secrets)
    }
    expect(credentialsFailure.code).toBe('invalid_credentials')
    expect(JSON.stringify(credentialsFailure)).toContain('"code":"invalid_credentials"')
  })

  it('never puts a token in the URL', async () => {
    const server = await emulator()
    const seen: string[] = []
    const client = clientFor(server, {
      fetch: async (input, init) => {
        seen.push(String(input instanceof Request ? input.url : input))
        return fetch(input, init)
      },
    })
    const tokens = await client.getTokenSet()
    await client.fetch('/api/v1/access')
    expect(seen.length).toBe(2)
    expectNoSecrets(seen.join('\n'), [tokens.accessToken, tokens.refreshToken!, DEMO_USER.password])
  })
})
