import { describe, expect, it } from 'vitest'
import {
  decodePath,
  encodeSegments,
  matchRule,
  normalizeSegments,
  resolveAllowRules,
} from '../src/proxy-path.js'

describe('normalizeSegments', () => {
  it.each([
    [
      ['api', 'trips', '..', 'users'],
      ['api', 'users'],
    ],
    [
      ['api', 'trips', '.', 'T-1'],
      ['api', 'trips', 'T-1'],
    ],
    [
      ['api', '', 'trips', ''],
      ['api', 'trips'],
    ],
    [['api', 'trips/../../users'], ['users']],
    [
      ['api/trips', 'T-1'],
      ['api', 'trips', 'T-1'],
    ],
    [
      ['api', 'trips', '...'],
      ['api', 'trips', '...'],
    ],
  ])('resolves %j to %j', (input, expected) => {
    expect(normalizeSegments(input)).toEqual(expected)
  })

  it.each([
    ['a climb above the root', ['..', 'token']],
    ['a climb above the root after encoded slashes', ['api/../../token']],
    ['a percent sign left after decoding (double encoding)', ['api', 'trips', '%2e%2e']],
    ['a backslash', ['api', 'trips', '..\\users']],
    ['a NUL byte', ['api', 'trips\u0000', 'x']],
    ['a newline', ['api', 'trips\nx']],
  ])('refuses %s', (_case, input) => {
    expect(normalizeSegments(input)).toBeUndefined()
  })
})

describe('decodePath', () => {
  it('decodes each segment once, keeping encoded slashes inside their segment', () => {
    expect(decodePath('/api/trips/%2e%2e%2Fusers/R%2D1')).toEqual([
      '',
      'api',
      'trips',
      '../users',
      'R-1',
    ])
    expect(decodePath('/api/trips/%252e')).toEqual(['', 'api', 'trips', '%2e'])
  })

  it('refuses broken percent-encoding', () => {
    expect(decodePath('/api/trips/%E0%A4%A')).toBeUndefined()
  })
})

describe('matchRule', () => {
  const rules = resolveAllowRules(
    ['/api/trips', { path: '/api/trips/archive', methods: ['GET'] }, '/api/riders/'],
    ['GET', 'POST'],
  )

  it('matches whole segments only', () => {
    expect(matchRule(rules, ['api', 'trips'])?.path).toBe('/api/trips')
    expect(matchRule(rules, ['api', 'trips', 'T-1', 'status'])?.path).toBe('/api/trips')
    expect(matchRule(rules, ['api', 'tripsX'])).toBeUndefined()
    expect(matchRule(rules, ['api'])).toBeUndefined()
    expect(matchRule(rules, ['API', 'trips'])).toBeUndefined()
  })

  it('lets the longest prefix decide the methods', () => {
    expect([...(matchRule(rules, ['api', 'trips', 'archive', 'x'])?.methods ?? [])]).toEqual([
      'GET',
      'HEAD',
    ])
    expect([...(matchRule(rules, ['api', 'riders', 'R-1'])?.methods ?? [])]).toEqual([
      'GET',
      'POST',
      'HEAD',
    ])
  })
})

describe('resolveAllowRules', () => {
  it.each([
    ['no allow at all', undefined, /allow is required/],
    ['an empty allow', [], /allow is required/],
    ['the root', ['/'], /would forward every path/],
    ['a relative path', ['api/trips'], /starting with "\/"/],
    ['a climb', ['/api/../token'], /plain path/],
    ['a double slash', ['/api//trips'], /plain path/],
    ['a query', ['/api/trips?date=1'], /plain path/],
    ['an encoded character', ['/api/%2e%2e'], /plain path/],
    ['an unknown method', [{ path: '/api/trips', methods: ['TRACE'] }], /use GET, HEAD/],
    ['OPTIONS', [{ path: '/api/trips', methods: ['OPTIONS'] }], /answered by the handler/],
    ['no methods', [{ path: '/api/trips', methods: [] }], /non-empty array/],
  ])('refuses %s with invalid_config', (_case, allow, message) => {
    expect(() => resolveAllowRules(allow, ['GET'])).toThrow(
      expect.objectContaining({ code: 'invalid_config', message: expect.stringMatching(message) }),
    )
  })

  it('accepts lower-case methods and adds HEAD to GET', () => {
    const [rule] = resolveAllowRules([{ path: '/api/trips', methods: ['get', 'patch'] }], ['GET'])
    expect([...(rule?.methods ?? [])]).toEqual(['GET', 'PATCH', 'HEAD'])
  })
})

describe('encodeSegments', () => {
  it('encodes what could be read as structure upstream', () => {
    expect(encodeSegments(['api', 'trips', 'a b;c?d#e'])).toBe('/api/trips/a%20b%3Bc%3Fd%23e')
  })
})
