import { expect, it } from 'vitest'
import * as api from '../src/index.js'

// The public surface changes only on purpose: update this snapshot together with a changeset.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "default",
      "mediRoutes",
      "mediRoutesErrorHandler",
      "mediRoutesProxy",
      "mediRoutesTripWebhooks",
    ]
  `)
})
