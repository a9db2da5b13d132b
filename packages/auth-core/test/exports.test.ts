import { expect, it } from 'vitest'
import * as api from '../src/index.js'
import * as internal from '../src/internal.js'

// The public surface changes only on purpose: update this snapshot together with a changeset.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot()
})

// Not semver-covered, but still changed on purpose: the packages that import it are in this repository.
it('exports exactly the internal entry point the MediRoutes packages share', () => {
  expect(Object.keys(internal).sort()).toMatchInlineSnapshot()
})
