import type { Logger } from './logger.js'
import {
  BEARER_TOKEN_SYNTAX,
  MAX_TOKEN_LIFETIME_MS as MAX_LIFETIME_MS,
  MIN_TOKEN_LIFETIME_MS as MIN_LIFETIME_MS,
  type TokenSet,
  tokenSetProblem,
} from './token-set.js'

/**
 * Builds a token set from a token response, anchoring expiry to when the request was sent
 * (immune to local clock skew). Returns a secret-free reason instead when the response is unusable.
 */
export function toTokenSet(
  body: Record<string, unknown>,
  sentAt: number,
  logger: Logger,
): TokenSet | string {
  const accessToken = body.access_token
  if (typeof accessToken !== 'string' || accessToken === '')
    return 'the token response has no access_token'
  if (!BEARER_TOKEN_SYNTAX.test(accessToken)) {
    return 'the token response has an access_token that is not a valid bearer token'
  }
  const tokenType = typeof body.token_type === 'string' ? body.token_type : 'Bearer'
  if (tokenType.toLowerCase() !== 'bearer') {
    return `the token response has token_type "${tokenType.slice(0, 20)}"; MediRoutes issues Bearer tokens`
  }
  const lifetimeMs = lifetimeFrom(body, logger)
  if (typeof lifetimeMs === 'string') return lifetimeMs
  const tokens: TokenSet = {
    accessToken,
    tokenType,
    issuedAt: sentAt,
    expiresAt: sentAt + lifetimeMs,
  }
  if (typeof body.refresh_token === 'string' && body.refresh_token !== '')
    tokens.refreshToken = body.refresh_token
  if (typeof body.userName === 'string') tokens.userName = body.userName
  // The refresh token is checked by the same rule a store's value is, so what is stored can be read back.
  const problem = tokenSetProblem(tokens)
  if (problem !== undefined) return `the token response is unusable: ${problem}`
  return tokens
}

/** `expires_in` is authoritative; `.issued`/`.expires` cross-check it and win only when shorter. */
function lifetimeFrom(body: Record<string, unknown>, logger: Logger): number | string {
  const raw = body.expires_in
  const expiresIn =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && raw.trim() !== ''
        ? Number(raw)
        : Number.NaN
  const issued = typeof body['.issued'] === 'string' ? Date.parse(body['.issued']) : Number.NaN
  const expires = typeof body['.expires'] === 'string' ? Date.parse(body['.expires']) : Number.NaN
  const statedMs = expires - issued
  const hasStated = inRange(statedMs)
  let lifetimeMs: number
  if (raw === undefined && hasStated) lifetimeMs = statedMs
  else if (Number.isFinite(expiresIn)) lifetimeMs = expiresIn * 1000
  else return 'the token response has no usable expires_in'
  if (!inRange(lifetimeMs)) {
    return `the token response has expires_in outside 1 s to 1 year (${String(raw).slice(0, 20)})`
  }
  if (hasStated && Math.abs(statedMs - lifetimeMs) > 60_000) {
    logger.warn(
      { expiresInMs: lifetimeMs, statedMs },
      'MediRoutes token response: expires_in disagrees with .issued/.expires; using the shorter',
    )
    return Math.min(statedMs, lifetimeMs)
  }
  return lifetimeMs
}

function inRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_LIFETIME_MS && ms <= MAX_LIFETIME_MS
}
