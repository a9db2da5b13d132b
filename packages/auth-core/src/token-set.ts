import type { StoredAccess } from './access.js'

/**
 * A token set as the SDK keeps it: plain JSON, safe to put in any store.
 * Times are epoch milliseconds on the local clock.
 */
export interface TokenSet {
  accessToken: string
  refreshToken?: string
  /** The token type, compared case-insensitively (openid-client normalises it to `bearer`). */
  tokenType: string
  /** When the access token stops working: send time of the token request plus `expires_in`. */
  expiresAt: number
  /** When the token request was sent. */
  issuedAt: number
  userName?: string
  /**
   * The account's access claims, stored next to the tokens so a fleet reads them once
   * (`client.getAccess()`); holds API keys, so a shared store must encrypt it like the tokens.
   */
  access?: StoredAccess
}

/** What can be said about a token set without showing it. */
export interface TokenSetInfo {
  expiresAt: number
  issuedAt: number
  hasRefreshToken: boolean
  userName?: string
}

/** Describes a token set without its secrets (for logs, health checks and UIs). */
export function describeTokenSet(tokens: TokenSet): TokenSetInfo {
  return {
    expiresAt: tokens.expiresAt,
    issuedAt: tokens.issuedAt,
    hasRefreshToken: typeof tokens.refreshToken === 'string',
    ...(tokens.userName === undefined ? {} : { userName: tokens.userName }),
  }
}

/** The value of the `Authorization` header for a token set. */
export function authorizationHeader(tokens: TokenSet): string {
  const scheme = tokens.tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokens.tokenType
  return `${scheme} ${tokens.accessToken}`
}

/** True when `value` has the shape of a {@link TokenSet} (stores may hold anything). */
export function isTokenSet(value: unknown): value is TokenSet {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.accessToken === 'string' &&
    v.accessToken.length > 0 &&
    typeof v.tokenType === 'string' &&
    Number.isFinite(v.expiresAt) &&
    Number.isFinite(v.issuedAt) &&
    (v.refreshToken === undefined || typeof v.refreshToken === 'string') &&
    (v.userName === undefined || typeof v.userName === 'string')
  )
}
