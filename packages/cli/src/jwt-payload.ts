/** The claims `mediroutes token` shows. Any of them may be absent. */
export interface AccessTokenClaims {
  sub?: string
  name?: string
  unique_name?: string
  iat?: number
  exp?: number
}

/**
 * Reads the payload of a JWT **without verifying its signature**. The CLI only displays these
 * claims: it has no key to verify with, and MediRoutes checks the signature on every call anyway.
 * Never base an access decision on the result. Returns `undefined` when the token is not a JWT.
 */
export function readAccessTokenClaims(token: string): AccessTokenClaims | undefined {
  const part = token.split('.')[1]
  if (part === undefined || part === '') return undefined
  let payload: unknown
  try {
    payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined
  const p = payload as Record<string, unknown>
  const claims: AccessTokenClaims = {}
  for (const name of ['sub', 'name', 'unique_name'] as const) {
    if (typeof p[name] === 'string') claims[name] = p[name]
  }
  for (const name of ['iat', 'exp'] as const) {
    if (typeof p[name] === 'number' && Number.isFinite(p[name])) claims[name] = p[name]
  }
  return claims
}
