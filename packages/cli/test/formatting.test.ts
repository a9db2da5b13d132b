import { describe, expect, it } from 'vitest'
import { palette } from '../src/colour.js'
import { describeDuration } from '../src/durations.js'
import { EXIT_CODES, exitCodeForError, exitCodeForStatus } from '../src/exit-codes.js'
import { formatJson } from '../src/json-format.js'
import { readAccessTokenClaims } from '../src/jwt-payload.js'

describe('formatJson', () => {
  const value = {
    id: 'T-1',
    n: [1, -2.5, 1e21],
    nested: { empty: {}, none: [], ok: true, nothing: null, quote: 'a "b"\n' },
  }

  it('is exactly JSON.stringify(value, null, 2) without colour', () => {
    expect(formatJson(value, palette(false))).toBe(JSON.stringify(value, null, 2))
    expect(formatJson([], palette(false))).toBe('[]')
    expect(formatJson('x', palette(false))).toBe('"x"')
  })

  it('colours keys, strings, numbers and literals, and nothing else, with colour on', () => {
    const coloured = formatJson({ a: 'x', b: 1, c: null }, palette(true))
    expect(coloured).toContain('\u001b[34m"a"\u001b[39m: \u001b[32m"x"\u001b[39m')
    expect(coloured).toContain('\u001b[33m1\u001b[39m')
    expect(coloured).toContain('\u001b[35mnull\u001b[39m')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(
      JSON.stringify({ a: 'x', b: 1, c: null }, null, 2),
    )
  })
})

describe('readAccessTokenClaims', () => {
  const encode = (payload: unknown) =>
    `h.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.s`

  it('reads sub, names and times, and ignores claims of the wrong type', () => {
    expect(
      readAccessTokenClaims(encode({ sub: 'u-1', name: 'Ann', iat: 1, exp: 2, jti: 'x' })),
    ).toEqual({ sub: 'u-1', name: 'Ann', iat: 1, exp: 2 })
    expect(readAccessTokenClaims(encode({ sub: 42, exp: 'soon' }))).toEqual({})
  })

  it('returns undefined for something that is not a JWT', () => {
    for (const token of ['opaque-token', 'a..b', 'a.%%%.b', encode([1, 2]), encode('s')]) {
      expect(readAccessTokenClaims(token), token).toBeUndefined()
    }
  })
})

describe('describeDuration', () => {
  it.each([
    [30_000, 'less than a minute'],
    [4 * 60_000, '4 min'],
    [(23 * 60 + 59) * 60_000 + 59_000, '23 h 59 min'],
    [2 * 60 * 60_000, '2 h'],
    [(49 * 60 + 5) * 60_000, '2 d 1 h'],
    [-5 * 60_000, 'expired 5 min ago'],
  ])('%d ms is "%s"', (ms, text) => {
    expect(describeDuration(ms)).toBe(text)
  })
})

describe('exit codes', () => {
  it('are distinct', () => {
    const values = Object.values(EXIT_CODES)
    expect(new Set(values).size).toBe(values.length)
  })

  it('map core errors and HTTP statuses to the documented kinds', () => {
    expect(exitCodeForError('invalid_credentials')).toBe(3)
    expect(exitCodeForError('rate_limited')).toBe(4)
    expect(exitCodeForError('network_error')).toBe(5)
    expect(exitCodeForError('timeout')).toBe(5)
    expect(exitCodeForError('server_error')).toBe(5)
    expect(exitCodeForError('invalid_response')).toBe(6)
    expect(exitCodeForError('invalid_config')).toBe(2)
    expect([200, 204, 404, 409, 429, 500, 503].map(exitCodeForStatus)).toEqual([
      0, 0, 1, 1, 4, 5, 5,
    ])
  })
})
