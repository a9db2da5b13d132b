import { expect, it } from 'vitest'
import * as api from '../src/index.js'
import * as internal from '../src/internal.js'

// The public surface changes only on purpose: update this snapshot together with a changeset.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_API_RATE_LIMIT",
      "DEFAULT_TOKEN_RATE_LIMIT",
      "MediRoutesAuthError",
      "MemoryTokenStore",
      "createMediRoutesClient",
      "createRequestBudget",
      "isMediRoutesAuthError",
      "mediRoutesOptionsFromEnv",
      "toHttpError",
      "tokenStoreKey",
    ]
  `)
})

// Not semver-covered, but still changed on purpose: the packages that import it are in this repository.
it('exports exactly the internal entry point the MediRoutes packages share', () => {
  expect(Object.keys(internal).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_BASE_URL",
      "TOKEN_REQUESTS_PER_SECOND",
      "abortable",
      "checkLogger",
      "configError",
      "describeError",
      "describeTokenSet",
      "errorClassName",
      "httpErrorBody",
      "httpErrorHeaders",
      "httpErrorResponse",
      "isTokenSet",
      "silentLogger",
      "sleep",
      "tokenSetProblem",
      "withEnvironment",
      "withoutUndefined",
    ]
  `)
})
