import { describe, expect, it } from 'vitest'
import {
  createMediRoutesClient,
  isMediRoutesAuthError,
  MediRoutesAuthError,
  mediRoutesOptionsFromEnv,
} from '../src/index.js'
import { withEnvironment } from '../src/internal.js'

function configErrorOf(make: () => unknown): MediRoutesAuthError {
  try {
    make()
  } catch (error) {
    expect(isMediRoutesAuthError(error)).toBe(true)
    expect((error as MediRoutesAuthError).code).toBe('invalid_config')
    return error as MediRoutesAuthError
  }
  throw new Error('expected invalid_config')
}

describe('options validation at creation', () => {
  it('names the missing username and password', () => {
    expect(
      configErrorOf(() => createMediRoutesClient({ username: '', password: 'x' })).message,
    ).toMatch(/username is required.*MEDIROUTES_USERNAME/)
    expect(
      configErrorOf(() => createMediRoutesClient({ username: 'u', password: '' })).message,
    ).toMatch(/password is required/)
    expect(configErrorOf(() => createMediRoutesClient({ username: 'u' } as never)).message).toMatch(
      /password is required/,
    )
  })

  it('rejects a malformed URL and non-http protocols', () => {
    expect(
      configErrorOf(() =>
        createMediRoutesClient({ baseUrl: 'not a url', username: 'u', password: 'p' }),
      ).message,
    ).toMatch(/not a valid URL/)
    expect(
      configErrorOf(() =>
        createMediRoutesClient({ baseUrl: 'ftp://example.com', username: 'u', password: 'p' }),
      ).message,
    ).toMatch(/https/)
  })

  it('rejects http:// to a non-loopback host unless allowInsecureHttp', () => {
    expect(
      configErrorOf(() =>
        createMediRoutesClient({ baseUrl: 'http://api.example.com', username: 'u', password: 'p' }),
      ).message,
    ).toMatch(/allowInsecureHttp/)
    expect(() =>
      createMediRoutesClient({
        baseUrl: 'http://api.example.com',
        username: 'u',
        password: 'p',
        allowInsecureHttp: true,
      }),
    ).not.toThrow()
    expect(() =>
      createMediRoutesClient({ baseUrl: 'http://127.0.0.1:4010', username: 'u', password: 'p' }),
    ).not.toThrow()
    expect(() =>
      createMediRoutesClient({
        baseUrl: 'http://localhost:4010/prefix/',
        username: 'u',
        password: 'p',
      }),
    ).not.toThrow()
  })

  it('rejects credentials in the URL, bad numbers and a store without methods', () => {
    configErrorOf(() =>
      createMediRoutesClient({ baseUrl: 'https://a:b@example.com', username: 'u', password: 'p' }),
    )
    configErrorOf(() => createMediRoutesClient({ username: 'u', password: 'p', maxRetries: -1 }))
    configErrorOf(() => createMediRoutesClient({ username: 'u', password: 'p', maxRetries: 1.5 }))
    configErrorOf(() => createMediRoutesClient({ username: 'u', password: 'p', timeoutMs: 0 }))
    configErrorOf(() =>
      createMediRoutesClient({ username: 'u', password: 'p', refreshWindowMs: Number.NaN }),
    )
    configErrorOf(() =>
      createMediRoutesClient({ username: 'u', password: 'p', store: {} as never }),
    )
  })

  it('rejects timeouts that are not whole milliseconds within timer range', () => {
    configErrorOf(() => createMediRoutesClient({ username: 'u', password: 'p', timeoutMs: 1000.5 }))
    configErrorOf(() =>
      createMediRoutesClient({ username: 'u', password: 'p', timeoutMs: 2 ** 31 }),
    )
    configErrorOf(() =>
      createMediRoutesClient({ username: 'u', password: 'p', maxRetryAfterMs: 2 ** 40 }),
    )
  })

  it('rejects a logger without the four methods', () => {
    expect(
      configErrorOf(() =>
        createMediRoutesClient({ username: 'u', password: 'p', logger: Number.NaN as never }),
      ).message,
    ).toMatch(/logger must have/)
    configErrorOf(() =>
      createMediRoutesClient({ username: 'u', password: 'p', logger: { info() {} } as never }),
    )
  })

  it('gives every error a gateway statusCode, so frameworks never pass an upstream 401 on', () => {
    const error = configErrorOf(() => createMediRoutesClient({ username: '', password: 'p' }))
    expect(error.statusCode).toBe(500)
    expect(new MediRoutesAuthError('invalid_credentials', 'x', { status: 401 }).statusCode).toBe(
      503,
    )
    expect(new MediRoutesAuthError('rate_limited', 'x', { status: 429 }).statusCode).toBe(503)
    expect(new MediRoutesAuthError('timeout', 'x').statusCode).toBe(504)
  })

  it('keeps the password out of the config error message', () => {
    const error = configErrorOf(() =>
      createMediRoutesClient({
        baseUrl: 'http://evil.example.com',
        username: 'u',
        password: 'hunter2-secret',
      }),
    )
    expect(error.message).not.toContain('hunter2-secret')
    expect(JSON.stringify(error)).not.toContain('hunter2-secret')
  })
})

describe('mediRoutesOptionsFromEnv', () => {
  it('reads the MEDIROUTES_ variables', () => {
    expect(
      mediRoutesOptionsFromEnv({
        MEDIROUTES_BASE_URL: 'https://x.example.com',
        MEDIROUTES_USERNAME: 'dispatch',
        MEDIROUTES_PASSWORD: 'pw',
        MEDIROUTES_CLIENT_ID: 'cid',
      }),
    ).toEqual({
      baseUrl: 'https://x.example.com',
      username: 'dispatch',
      password: 'pw',
      clientId: 'cid',
    })
  })

  it('names the missing variable', () => {
    expect(
      configErrorOf(() => mediRoutesOptionsFromEnv({ MEDIROUTES_PASSWORD: 'pw' })).message,
    ).toMatch(/MEDIROUTES_USERNAME/)
    expect(
      configErrorOf(() => mediRoutesOptionsFromEnv({ MEDIROUTES_USERNAME: 'u' })).message,
    ).toMatch(/MEDIROUTES_PASSWORD/)
  })
})

describe('refreshWindowMs and its deprecated name', () => {
  it('still accepts refreshWindowSeconds for one minor version, warning once per process', async () => {
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.message)
    process.on('warning', onWarning)
    try {
      const a = createMediRoutesClient({ username: 'u', password: 'p', refreshWindowSeconds: 60 })
      const b = createMediRoutesClient({ username: 'u', password: 'p', refreshWindowSeconds: 60 })
      await Promise.all([a.close(), b.close()])
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off('warning', onWarning)
    }
    expect(warnings.filter((message) => message.includes('refreshWindowSeconds'))).toHaveLength(1)
  })

  it('refuses both names at once', () => {
    expect(
      configErrorOf(() =>
        createMediRoutesClient({
          username: 'u',
          password: 'p',
          refreshWindowMs: 1000,
          refreshWindowSeconds: 1,
        }),
      ).message,
    ).toMatch(/refreshWindowMs only/)
  })
})

describe('withEnvironment: the one options rule of every adapter and the CLI', () => {
  const env = {
    MEDIROUTES_BASE_URL: ' https://env.example.com ',
    MEDIROUTES_USERNAME: 'env-user',
    MEDIROUTES_PASSWORD: ' env password ',
    MEDIROUTES_CLIENT_ID: 'env-client',
  }

  it('reads each connection option left out from MEDIROUTES_*', () => {
    expect(withEnvironment({ timeoutMs: 5 }, env)).toEqual({
      timeoutMs: 5,
      baseUrl: 'https://env.example.com',
      username: 'env-user',
      password: ' env password ',
      clientId: 'env-client',
    })
  })

  it('lets each option passed win, and treats undefined as left out', () => {
    expect(withEnvironment({ username: 'me', baseUrl: undefined }, env)).toMatchObject({
      username: 'me',
      password: ' env password ',
      baseUrl: 'https://env.example.com',
    })
  })

  it('requires nothing itself, and treats empty variables as unset', () => {
    expect(withEnvironment({}, { MEDIROUTES_USERNAME: '  ' })).toEqual({})
  })
})
