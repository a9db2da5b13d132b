import fc from 'fast-check'

/** Values of the wrong type for any field. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
)

/** Strings a token may plausibly be, and some it may not (spaces, control characters, Unicode). */
const tokenString: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,64}=*$/),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
)

/** `expires_in` as servers send it, well and badly: seconds, strings, huge, tiny, negative, non-finite-ish. */
const expiresIn: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 1, max: 10 * 365 * 86400 }),
  fc.constantFrom(86400, '86400', ' 3600 ', 0, -1, '', 'soon', 1e-9, 1e12, 1e17, 1e300),
  fc.double({ noNaN: true }),
  fc.integer({ min: 0, max: 1e9 }).map(String),
  wrongType,
)

/** `.issued` / `.expires`: RFC 1123 dates across the whole range `Date` supports, and junk. */
const dateText: fc.Arbitrary<unknown> = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
  fc
    .integer({ min: -3600, max: 10 * 365 * 86400 })
    .map((seconds) => new Date(Date.now() + seconds * 1000).toUTCString()),
  fc.string({ maxLength: 30 }),
  wrongType,
)

/** Mostly a good value, sometimes one of the wrong type, sometimes missing (`undefined` is dropped by JSON). */
function field(good: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 7, arbitrary: good },
    { weight: 2, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.constant(undefined) },
  )
}

/** A token response whose fields are each well-formed, of the wrong type, or missing. */
export const tokenResponseObject: fc.Arbitrary<Record<string, unknown>> = fc.record({
  access_token: field(tokenString),
  token_type: field(fc.constantFrom('Bearer', 'bearer', 'BEARER', 'mac', 'DPoP', '')),
  expires_in: fc.oneof(
    { weight: 4, arbitrary: expiresIn },
    { weight: 1, arbitrary: fc.constant(undefined) },
  ),
  refresh_token: field(tokenString),
  userName: field(fc.string({ maxLength: 20 })),
  '.issued': field(dateText),
  '.expires': field(dateText),
})

/** What a token endpoint might answer with: token-shaped JSON, any JSON, or not JSON at all. */
export const tokenResponseBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: tokenResponseObject.map((body) => JSON.stringify(body)) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: tokenResponseObject.map((body) => {
      const text = JSON.stringify(body)
      return text.slice(0, Math.floor(text.length / 2))
    }),
  },
)

/** Mostly 200 (the parsing path), sometimes any status the emulator can serve. */
export const tokenResponseStatus: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(200) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) },
)
