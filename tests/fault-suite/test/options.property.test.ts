import {
  createMediRoutesClient,
  isMediRoutesAuthError,
  type MediRoutesClientOptions,
  MemoryTokenStore,
} from '@mediroutes/auth-core'
import { DEMO_USER, type MockServer, startMockServer } from '@mediroutes/mock-server'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outcomeOf } from './support/outcome.js'

/**
 * `createMediRoutesClient` either returns a client or throws `invalid_config`, for any input;
 * and a client it accepted for a healthy emulator works.
 */

/** Values of every type, including the awkward ones. */
const anything: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 1 }),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -1,
    0,
    0.5,
    2 ** 31,
    2 ** 33,
    '',
    ' ',
    () => 'x',
  ),
)

const numberOption: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: -10, max: 100_000 }),
  fc.double(),
  anything,
)

/** Option objects that are anything from right to absurd. */
const optionsObject: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    baseUrl: fc.oneof(
      fc.constantFrom(
        'https://api.mediroutes.com',
        'http://127.0.0.1:4010/prefix/',
        'http://example.com',
        'ftp://x',
        'https://u:p@host',
        'https://host/?q=1',
        'not a url',
      ),
      fc.webUrl(),
      fc.string(),
      anything,
    ),
    username: fc.oneof(fc.string(), anything),
    password: fc.oneof(fc.string(), fc.func(fc.string()), anything),
    clientId: fc.oneof(fc.string(), anything),
    store: fc.oneof(fc.constant(new MemoryTokenStore()), anything),
    refreshWindowMs: numberOption,
    timeoutMs: numberOption,
    maxRetries: numberOption,
    invalidCredentialsCooldownMs: numberOption,
    maxRetryAfterMs: numberOption,
    fetch: fc.oneof(fc.constant(globalThis.fetch), anything),
    logger: anything,
    allowInsecureHttp: fc.oneof(fc.boolean(), anything),
  },
  { requiredKeys: [] },
)

describe('options validation', () => {
  it('returns a client or throws invalid_config, for any options object', () => {
    fc.assert(
      fc.property(
        fc.oneof({ weight: 9, arbitrary: optionsObject }, { weight: 1, arbitrary: anything }),
        (options) => {
          let client: ReturnType<typeof createMediRoutesClient> | undefined
          try {
            client = createMediRoutesClient(options as unknown as MediRoutesClientOptions)
          } catch (error) {
            expect(isMediRoutesAuthError(error), String(error)).toBe(true)
            expect((error as { code: string }).code).toBe('invalid_config')
            return
          }
          // Construction talks to nobody; closing is all that is left to do.
          void client.close()
        },
      ),
      { numRuns: 1000 },
    )
  })
})

/** Options the property found to be accepted but unusable; each has its own test below. */
const FOUND = {
  loggerWithoutMethods: { logger: Number.NaN },
  fractionalTimeout: { timeoutMs: 1000.5 },
  timeoutBeyondTimers: { timeoutMs: 2 ** 31 },
}

describe('options a healthy emulator accepts', () => {
  let server: MockServer
  beforeAll(async () => {
    server = await startMockServer({ rateLimit: false })
  })
  afterAll(async () => {
    await server.close()
  })

  /** A client for the emulator with `extra` options, or the typed error construction threw. */
  function construct(extra: Record<string, unknown>) {
    return createMediRoutesClient({
      ...(extra as Partial<MediRoutesClientOptions>),
      baseUrl: server.url,
      username: DEMO_USER.username,
      password: DEMO_USER.password,
    })
  }

  // Fails until auth-core refuses the options in FOUND at construction (see below); then `it`.
  it('make a working client whenever construction accepts them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            refreshWindowMs: numberOption,
            timeoutMs: fc.oneof(numberOption, fc.double({ min: 1000, max: 2 ** 34, noNaN: true })),
            maxRetries: numberOption,
            invalidCredentialsCooldownMs: numberOption,
            maxRetryAfterMs: numberOption,
            logger: fc.oneof(fc.constant(undefined), anything),
            clientId: fc.oneof(fc.constant(undefined), fc.string({ minLength: 1 }), anything),
          },
          { requiredKeys: [] },
        ),
        async (extra) => {
          let client: ReturnType<typeof createMediRoutesClient>
          try {
            client = construct(extra)
          } catch (error) {
            expect(isMediRoutesAuthError(error), String(error)).toBe(true)
            expect((error as { code: string }).code).toBe('invalid_config')
            return
          }
          try {
            // Attempt timeouts under a second are the caller's choice to fail; anything else must work.
            const outcome = await outcomeOf('getAccessToken', client.getAccessToken(), 15_000)
            const timeoutMs = (extra as { timeoutMs?: unknown }).timeoutMs
            if (timeoutMs === undefined || (typeof timeoutMs === 'number' && timeoutMs >= 1000)) {
              expect(
                outcome.ok,
                outcome.ok ? '' : `${outcome.error.code}: ${outcome.error.message}`,
              ).toBe(true)
            }
          } finally {
            await client.close()
          }
        },
      ),
      {
        numRuns: 100,
        endOnFailure: true,
        examples: Object.values(FOUND).map((options): [Record<string, unknown>] => [options]),
      },
    )
  })

  /** Accepted options must work: `invalid_config` at construction is the only acceptable refusal. */
  async function expectRefusedOrWorking(extra: Record<string, unknown>): Promise<void> {
    let client: ReturnType<typeof createMediRoutesClient>
    try {
      client = construct(extra)
    } catch (error) {
      expect((error as { code?: unknown }).code).toBe('invalid_config')
      return
    }
    try {
      const outcome = await outcomeOf('getAccessToken', client.getAccessToken(), 15_000)
      expect(outcome.ok, outcome.ok ? '' : `${outcome.error.code}: ${outcome.error.message}`).toBe(
        true,
      )
    } finally {
      await client.close()
    }
  }

  it('a logger without pino methods is invalid_config, not a TypeError at the first grant', async () => {
    await expectRefusedOrWorking(FOUND.loggerWithoutMethods)
  })

  it('a fractional timeoutMs is refused or works, not network_error on every grant', async () => {
    await expectRefusedOrWorking(FOUND.fractionalTimeout)
  })

  it('a timeoutMs beyond what timers hold is refused or works, not an instant abort', async () => {
    await expectRefusedOrWorking(FOUND.timeoutBeyondTimers)
  })
})
