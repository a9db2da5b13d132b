import { describe, expect, it } from 'vitest'
import * as entry from '../src/index.js'

describe('public exports', () => {
  // The surface changes only on purpose: a new export needs this list, a README line and a changeset.
  it('exports exactly the documented runtime values', () => {
    expect(Object.keys(entry).sort()).toEqual(['DEMO_USER', 'startMockServer'])
  })

  it('freezes DEMO_USER so one test cannot change it for the next', () => {
    expect(Object.isFrozen(entry.DEMO_USER)).toBe(true)
  })
})
