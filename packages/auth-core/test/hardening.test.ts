import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  createMediRoutesClient,
  type MediRoutesAuthError,
  MemoryTokenStore,
  type TokenSet,
  tokenStoreKey,
} from '../src/index.js'
import { clientFor, emulator, recordingLogger, rejectionOf } from './helpers.js'

const SECRET = 'vault-said-Hunter2-Secret'

function everyWayToPrint(error: unknown): string {
  return [
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ].join('\n')
}

describe('a password function that throws', () => {
  it('never keeps its error (which may quote the password) as cause; names its class instead', async () => {
    const server = await emulator()
    class VaultError extends Error {}
    const client = clientFor(server, {
      password: () => {
        throw new VaultError(`vault returned ${SECRET}`)
      },
    })
    const error = (await rejectionOf(client.getAccessToken())) as MediRoutesAuthError
    expect(error.code).toBe('invalid_config')
    expect(error.message).toContain('VaultError')
    expect(error.cause).toBeUndefined()
    expect(everyWayToPrint(error)).not.toContain(SECRET)
  })

  it('keeps a JSON.parse error of the secret out too', async () => {
    const server = await emulator()
    const client = clientFor(server, { password: () => JSON.parse(`{${SECRET}`) as string })
    const error = await rejectionOf(client.getAccessToken())
    expect(everyWayToPrint(error)).not.toContain(SECRET)
    expect((error as Error).message).toContain('SyntaxError')
  })

  it('goes through the one failure path: failed event, an error log line, status().lastError', async () => {
    const server = await emulator()
    const logger = recordingLogger()
    const client = clientFor(server, {
      logger,
      password: async () => {
        throw new Error(SECRET)
      },
    })
    const failed: unknown[] = []
    client.on('failed', (payload) => failed.push(payload))
    await rejectionOf(client.getAccessToken())
    expect(failed).toEqual([expect.objectContaining({ code: 'invalid_config' })])
    expect(logger.lines.filter((line) => line.startsWith('error '))).toHaveLength(1)
    expect(await client.status()).toMatchObject({
      state: 'none',
      lastError: { code: 'invalid_config' },
    })
    expect(logger.lines.join('\n')).not.toContain(SECRET)
  })
})

describe('an invalid baseUrl', () => {
  it('is not echoed, so credentials in it stay out of the message, inspect and JSON', () => {
    let error: unknown
    try {
      createMediRoutesClient({
        baseUrl: `https://user:${SECRET}@exa mple.com`,
        username: 'u',
        password: 'p',
      })
    } catch (caught) {
      error = caught
    }
    expect((error as MediRoutesAuthError).code).toBe('invalid_config')
    expect((error as Error).message).toMatch(/baseUrl is not a valid URL/)
    expect(everyWayToPrint(error)).not.toContain(SECRET)
  })
})

describe('a token set read from the store', () => {
  const UNUSABLE: Array<[string, (good: TokenSet) => Record<string, unknown>]> = [
    ['a CR/LF in the access token', (good) => ({ ...good, accessToken: 'abc\r\nX-Evil: 1' })],
    ['non-ASCII text in the access token', (good) => ({ ...good, accessToken: 'tökén' })],
    ['a CR/LF in the token type', (good) => ({ ...good, tokenType: 'Bearer\r\n' })],
    ['a token type that is not Bearer', (good) => ({ ...good, tokenType: 'MAC' })],
    ['expiresAt that is not a number', (good) => ({ ...good, expiresAt: '9999999999999' })],
    ['a lifetime beyond a year', (good) => ({ ...good, expiresAt: good.issuedAt + 4e10 })],
  ]

  it.each(UNUSABLE)(
    'with %s is logged once, treated as absent and replaced',
    async (_case, spoil) => {
      const server = await emulator()
      const store = new MemoryTokenStore()
      const logger = recordingLogger()
      const first = clientFor(server, { store })
      const good = await first.getTokenSet()
      await first.close()
      const key = tokenStoreKey(server.url, 'demo')
      await store.set(key, spoil(good) as unknown as TokenSet, 60_000)
      const grantsBefore = server.counters().tokenRequests

      const client = clientFor(server, { store, logger })
      for (let call = 0; call < 3; call++) {
        expect((await client.getTokenSet()).accessToken).toMatch(/^[\w.-]+$/)
      }
      expect(server.counters().tokenRequests).toBe(grantsBefore + 1)
      const unusable = logger.lines.filter((line) => line.includes('unusable token set'))
      expect(unusable).toHaveLength(1)
      const stored = await store.get(key)
      expect(stored?.accessToken).toMatch(/^[\w.-]+$/)
      expect(stored?.tokenType.toLowerCase()).toBe('bearer')
    },
  )
})

describe('a token set a store shows as refused', () => {
  it('is not unusable: its refresh token is used, as the TokenStore contract says', async () => {
    const server = await emulator()
    const store = new MemoryTokenStore()
    const logger = recordingLogger()
    const first = clientFor(server, { store })
    const good = await first.getTokenSet()
    await first.close()
    expect(good.refreshToken).toBeDefined()
    const key = tokenStoreKey(server.url, 'demo')
    // How a store shows a token the API refused: expired at once, refresh token kept.
    await store.set(key, { ...good, expiresAt: good.issuedAt }, 60_000)
    const before = server.tokenRequests().length

    const client = clientFor(server, { store, logger })
    const renewed = await client.getTokenSet()
    expect(renewed.accessToken).not.toBe(good.accessToken)
    expect(
      server
        .tokenRequests()
        .slice(before)
        .map((r) => r.grantType),
    ).toEqual(['refresh_token'])
    expect(logger.lines.filter((line) => line.includes('unusable token set'))).toEqual([])
    await client.close()
  })
})
