import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import * as main from '../src/index.js'
import * as terminus from '../src/terminus.js'

const require = createRequire(import.meta.url)

describe('public exports', () => {
  it('the main entry exports exactly these names', () => {
    expect(Object.keys(main).sort()).toMatchInlineSnapshot(`
      [
        "DEFAULT_MEDIROUTES_CLIENT_NAME",
        "InjectMediRoutes",
        "MediRoutesAuthError",
        "MediRoutesClient",
        "MediRoutesExceptionFilter",
        "MediRoutesModule",
        "MediRoutesProxyModule",
        "MediRoutesTripWebhooks",
        "MediRoutesTripWebhooksModule",
        "MemoryTokenStore",
        "OnTripChanged",
        "getMediRoutesClientToken",
        "getMediRoutesProviderToken",
        "isMediRoutesAuthError",
        "mediRoutesOptionsFromEnv",
      ]
    `)
  })

  it('the terminus entry exports exactly these names', () => {
    expect(Object.keys(terminus).sort()).toMatchInlineSnapshot(`
      [
        "MediRoutesHealthIndicator",
      ]
    `)
  })

  it('the built ESM and CommonJS entries export the same names as the source', async () => {
    for (const [entry, source] of [
      ['@mediroutes/nestjs', main],
      ['@mediroutes/nestjs/terminus', terminus],
    ] as const) {
      const names = Object.keys(source).sort()
      expect(Object.keys(await import(entry)).sort()).toEqual(names)
      expect(
        Object.keys(require(entry) as object)
          .filter((name) => name !== '__esModule')
          .sort(),
      ).toEqual(names)
    }
  })
})
