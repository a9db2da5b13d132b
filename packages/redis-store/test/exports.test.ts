import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { isMediRoutesAuthError } from '@mediroutes/auth-core'
import { describe, expect, it } from 'vitest'
import { createRedisTokenStore } from '../src/index.js'
import { useRedisServer } from './helpers.js'

const redis = useRedisServer()
const run = promisify(execFile)

describe('the published package', () => {
  it('exports the same public API to import and require', async () => {
    const esm = await import('@mediroutes/redis-store')
    const cjs = createRequire(import.meta.url)('@mediroutes/redis-store') as Record<string, unknown>
    const surface = (module: Record<string, unknown>) =>
      Object.keys(module)
        .filter((name) => name !== 'default' && name !== 'module.exports')
        .sort()
        .map((name) => `${name}: ${typeof module[name]}`)
    expect(surface(esm)).toMatchInlineSnapshot(`
      [
        "DEFAULT_KEY_PREFIX: string",
        "createRedisRequestBudget: function",
        "createRedisTokenBudget: function",
        "createRedisTokenStore: function",
      ]
    `)
    expect(surface(cjs)).toEqual(surface(esm))
  })

  it('works from a CommonJS application', async () => {
    const script = fileURLToPath(new URL('./fixtures/cjs-consumer.cjs', import.meta.url))
    const { stdout } = await run(process.execPath, [script], {
      env: { ...process.env, REDIS_URL: redis().url },
    })
    expect(JSON.parse(stdout)).toEqual({
      read: 'cjs-access',
      configCode: 'invalid_config',
      budget: 'function',
    })
  })

  it('names the fix when the client is not a Redis client', () => {
    for (const client of [undefined, null, {}, { get() {} }, 'redis://localhost']) {
      let caught: unknown
      try {
        createRedisTokenStore({ client: client as never })
      } catch (error) {
        caught = error
      }
      expect(isMediRoutesAuthError(caught) && caught.code).toBe('invalid_config')
      expect((caught as Error).message).toMatch(/ioredis client .* node-redis client/)
    }
  })

  it('rejects wrong options with invalid_config naming the option', async () => {
    const { Redis } = await import('ioredis')
    const client = new Redis(redis().url, { lazyConnect: true })
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ keyPrefix: 'a b' }, 'keyPrefix must be a string without braces or spaces'],
      [{ localCacheMs: 0 }, 'localCacheMs must be a positive whole number'],
      [{ commandTimeoutMs: 1.5 }, 'commandTimeoutMs must be a positive whole number'],
      [{ logger: { info() {} } }, 'logger must have debug, info, warn and error methods'],
    ]
    for (const [options, message] of cases) {
      expect(() => createRedisTokenStore({ client, ...options })).toThrow(message)
    }
    client.disconnect()
  })
})
