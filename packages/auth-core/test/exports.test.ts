import { expect, it } from 'vitest'
import * as api from '../src/index.js'

// The public surface changes only on purpose: update this snapshot together with a changeset.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_API_RATE_LIMIT",
      "DEFAULT_BASE_URL",
      "DEFAULT_TOKEN_RATE_LIMIT",
      "MediRoutesAuthError",
      "MemoryTokenStore",
      "TOKEN_REQUESTS_PER_SECOND",
      "createMediRoutesClient",
      "createRequestBudget",
      "describeTokenSet",
      "isMediRoutesAuthError",
      "isTokenSet",
      "mediRoutesOptionsFromEnv",
      "silentLogger",
      "tokenStoreKey",
    ]
  `)
})
