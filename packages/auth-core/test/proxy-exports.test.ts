import { expect, it } from 'vitest'
import * as proxy from '../src/proxy/index.js'

// The `./proxy` entry's surface changes only on purpose: update this snapshot together with a changeset.
it('exports exactly the proxy entry point', () => {
  expect(Object.keys(proxy).sort()).toMatchInlineSnapshot(`
    [
      "clientSecrets",
      "createMediRoutesProxy",
    ]
  `)
})
