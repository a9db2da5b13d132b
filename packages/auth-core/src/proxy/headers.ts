import { configError } from '../errors.js'

/** Request headers the proxy forwards by default: content negotiation and conditional requests. */
export const DEFAULT_FORWARDED_HEADERS: readonly string[] = [
  'accept',
  'accept-language',
  'content-type',
  'content-language',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'x-request-id',
]

/** Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and never cross a proxy. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
])

/**
 * Request headers that can never be forwarded: the browser's credentials (the token is the
 * server's to add), what the server's own fetch sets, and `accept-encoding`, because fetch
 * decodes the body and the encoding would then be wrong.
 */
const NEVER_FORWARDED = new Set([
  ...HOP_BY_HOP,
  'authorization',
  'cookie',
  'host',
  'content-length',
  'accept-encoding',
])

/**
 * Response headers never passed back: cookies MediRoutes might set (they belong to its domain,
 * not the app's), its auth challenge, its CORS and transport policy (they describe its origin),
 * and the framing that changes once fetch has decoded the body.
 */
const NEVER_RETURNED = new Set([
  ...HOP_BY_HOP,
  'set-cookie',
  'set-cookie2',
  'www-authenticate',
  'authorization',
  'content-encoding',
  'content-length',
  'strict-transport-security',
  'alt-svc',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-headers',
  'access-control-allow-methods',
  'access-control-expose-headers',
  'access-control-max-age',
])

/**
 * The forwarded request header names: the defaults plus `extra`.
 * @throws {MediRoutesAuthError} `invalid_config` for a name that must never be forwarded.
 */
export function forwardedHeaderNames(extra: unknown): Set<string> {
  if (extra !== undefined && !Array.isArray(extra)) {
    throw configError('forwardHeaders must be an array of header names')
  }
  const names = new Set(DEFAULT_FORWARDED_HEADERS)
  for (const name of (extra ?? []) as unknown[]) {
    const lower = typeof name === 'string' ? name.trim().toLowerCase() : ''
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(lower)) {
      throw configError(`forwardHeaders has an invalid header name: ${JSON.stringify(name)}`)
    }
    if (NEVER_FORWARDED.has(lower)) {
      throw configError(
        `forwardHeaders cannot include "${lower}": the browser's credentials and connection headers never reach MediRoutes`,
      )
    }
    names.add(lower)
  }
  return names
}

/** Names listed in a `Connection` header: hop-by-hop for this message only. */
function connectionTokens(headers: Headers): Set<string> {
  return new Set(
    (headers.get('connection') ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter((token) => token !== ''),
  )
}

/** The headers sent to MediRoutes: only the allowed ones, never those the `Connection` header names. */
export function requestHeadersToForward(incoming: Headers, allowed: ReadonlySet<string>): Headers {
  const perMessage = connectionTokens(incoming)
  const out = new Headers()
  for (const [name, value] of incoming) {
    if (allowed.has(name) && !perMessage.has(name) && !NEVER_FORWARDED.has(name))
      out.set(name, value)
  }
  return out
}

/** MediRoutes' response headers less those that never cross the proxy (not yet scanned for secrets). */
export function returnableHeaders(upstream: Headers): Headers {
  const perMessage = connectionTokens(upstream)
  const out = new Headers()
  for (const [name, value] of upstream) {
    if (NEVER_RETURNED.has(name) || perMessage.has(name)) continue
    out.append(name, value)
  }
  return out
}

/**
 * The last step before headers leave: every header holding a secret is dropped, whatever set
 * it (MediRoutes, or the proxy's own rewrite of `Location`). Returns the names dropped.
 */
export function dropSecretHeaders(headers: Headers, secrets: readonly string[]): string[] {
  const dropped = new Set<string>()
  for (const [name, value] of headers) {
    if (secrets.some((secret) => value.includes(secret))) dropped.add(name)
  }
  for (const name of dropped) headers.delete(name)
  return [...dropped]
}
