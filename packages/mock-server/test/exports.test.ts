import { describe, expect, it } from 'vitest'
import * as entry from '../src/index.js'

describe('public exports', () => {
  // The surface changes only on purpose: a new export needs this list, a README line and a changeset.
  it('exports exactly the documented runtime values', () => {
    expect(Object.keys(entry).sort()).toEqual([
      'BROKER_USER',
      'DEMO_USER',
      'MOCK_PROVIDERS',
      'startMockServer',
    ])
  })

  it('freezes the users and providers so one test cannot change them for the next', () => {
    expect(Object.isFrozen(entry.DEMO_USER)).toBe(true)
    expect(Object.isFrozen(entry.BROKER_USER)).toBe(true)
    expect(Object.isFrozen(entry.MOCK_PROVIDERS)).toBe(true)
    for (const provider of entry.MOCK_PROVIDERS) {
      expect(Object.isFrozen(provider)).toBe(true)
      expect(Object.isFrozen(provider.fundingSources)).toBe(true)
    }
  })

  it('keeps DEMO_USER and BROKER_USER to the two fields a login form needs', () => {
    expect(entry.DEMO_USER).toEqual({ username: 'demo', password: 'demo-password' })
    expect(entry.BROKER_USER).toEqual({ username: 'broker', password: 'broker-password' })
  })
})
