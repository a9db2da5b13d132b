import { describe, expect, it } from 'vitest'
import {
  decodePath,
  encodeSegments,
  matchRule,
  normalizeSegments,
  resolveAllowRules,
} from '../src/proxy/allow-rules.js'

describe('normalizeSegments', () => {
  it.each([
    [
      ['api', 'v1', 'singletrip', '..', 'users'],
      ['api', 'v1', 'users'],
    ],
    [
      ['api', 'v1', 'singletrip', '.', 'T-1'],
      ['api', 'v1', 'singletrip', 'T-1'],
    ],
    [
      ['api', '', 'v1', 'singletrip', ''],
      ['api', 'v1', 'singletrip'],
    ],
    [
      ['api', 'v1', 'singletrip/../../users'],
      ['api', 'users'],
    ],
    [
      ['api/v1/singletrip', 'T-1'],
      ['api', 'v1', 'singletrip', 'T-1'],
    ],
    [
      ['api', 'v1', 'singletrip', '...'],
      ['api', 'v1', 'singletrip', '...'],
    ],
  ])('resolves %j to %j', (input, expected) => {
    expect(normalizeSegments(input)).toEqual(expected)
  })

  it.each([
    ['a climb above the root', ['..', 'token']],
    ['a climb above the root after encoded slashes', ['api/../../token']],
    ['a percent sign left after decoding (double encoding)', ['api', 'v1', 'singletrip', '%2e%2e']],
    ['a backslash', ['api', 'v1', 'singletrip', '..\\users']],
    ['a NUL byte', ['api', 'v1\u0000', 'x']],
    ['a newline', ['api', 'v1\nx']],
  ])('refuses %s', (_case, input) => {
    expect(normalizeSegments(input)).toBeUndefined()
  })
})

describe('decodePath', () => {
  it('decodes each segment once, keeping encoded slashes inside their segment', () => {
    expect(decodePath('/api/v1/%2e%2e%2Fusers/R%2D1')).toEqual(['', 'api', 'v1', '../users', 'R-1'])
    expect(decodePath('/api/v1/%252e')).toEqual(['', 'api', 'v1', '%2e'])
  })

  it('refuses broken percent-encoding', () => {
    expect(decodePath('/api/v1/%E0%A4%A')).toBeUndefined()
  })
})

describe('matchRule', () => {
  const rules = resolveAllowRules(
    [
      '/api/v1/singletrip',
      { path: '/api/v1/singletrip/status', methods: ['GET'] },
      '/api/v1/riders/',
    ],
    ['GET', 'POST'],
  )

  it('matches whole segments only', () => {
    expect(matchRule(rules, ['api', 'v1', 'singletrip'])?.path).toBe('/api/v1/singletrip')
    expect(matchRule(rules, ['api', 'v1', 'singletrip', 'T-1', 'status'])?.path).toBe(
      '/api/v1/singletrip',
    )
    expect(matchRule(rules, ['api', 'v1', 'singletripX'])).toBeUndefined()
    expect(matchRule(rules, ['api'])).toBeUndefined()
    expect(matchRule(rules, ['API', 'v1', 'singletrip'])).toBeUndefined()
  })

  it('lets the longest prefix decide the methods', () => {
    expect([
      ...(matchRule(rules, ['api', 'v1', 'singletrip', 'status', 'x'])?.methods ?? []),
    ]).toEqual(['GET', 'HEAD'])
    expect([...(matchRule(rules, ['api', 'v1', 'riders', 'R-1'])?.methods ?? [])]).toEqual([
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
    ['a relative path', ['api/v1/singletrip'], /starting with "\/"/],
    ['a climb', ['/api/../token'], /plain path/],
    ['a double slash', ['/api//v1'], /plain path/],
    ['a query', ['/api/v1/singletrip?trip_id=1'], /plain path/],
    ['an encoded character', ['/api/%2e%2e'], /plain path/],
    ['an unknown method', [{ path: '/api/v1/singletrip', methods: ['TRACE'] }], /use GET, HEAD/],
    ['OPTIONS', [{ path: '/api/v1/singletrip', methods: ['OPTIONS'] }], /answered by the proxy/],
    ['no methods', [{ path: '/api/v1/singletrip', methods: [] }], /non-empty array/],
  ])('refuses %s with invalid_config', (_case, allow, message) => {
    expect(() => resolveAllowRules(allow, ['GET'])).toThrow(
      expect.objectContaining({ code: 'invalid_config', message: expect.stringMatching(message) }),
    )
  })

  it('accepts lower-case methods and adds HEAD to GET', () => {
    const [rule] = resolveAllowRules(
      [{ path: '/api/v1/singletrip', methods: ['get', 'patch'] }],
      ['GET'],
    )
    expect([...(rule?.methods ?? [])]).toEqual(['GET', 'PATCH', 'HEAD'])
  })
})

describe('encodeSegments', () => {
  it('encodes what could be read as structure upstream', () => {
    expect(encodeSegments(['api', 'v1', 'singletrip', 'a b;c?d#e'])).toBe(
      '/api/v1/singletrip/a%20b%3Bc%3Fd%23e',
    )
  })
})
