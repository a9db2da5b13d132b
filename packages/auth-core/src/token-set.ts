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

/** RFC 6750 `b64token`: what may follow `Bearer ` in a header. Anything else would break (or leak through) `Headers`. */
export const BEARER_TOKEN_SYNTAX = /^[A-Za-z0-9\-._~+/]+=*$/
/** Visible ASCII only: a refresh token travels in a form body, and must not carry line breaks into logs or headers. */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/
/** The shortest and longest token lifetimes accepted, from the token endpoint as from a store. */
export const MIN_TOKEN_LIFETIME_MS = 1000
/** MediRoutes issues 24 h tokens; a year is generous, and keeps every date computation in range. */
export const MAX_TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000
/** Latest date a `Date` can hold (ECMA-262 §21.4.1.1). */
const MAX_DATE_MS = 8.64e15

/**
 * Why `value` is not a usable {@link TokenSet}, or `undefined` when it is. The same rules apply to
 * a token set read from a store as to one built from a token response: a header-safe bearer token,
 * token type `Bearer`, and times a `Date` can hold with a lifetime of 1 s to 1 year. The reason
 * never quotes the value.
 */
export function tokenSetProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not an object'
  const v = value as Record<string, unknown>
  if (typeof v.accessToken !== 'string' || !BEARER_TOKEN_SYNTAX.test(v.accessToken))
    return 'accessToken is not a valid bearer token'
  if (typeof v.tokenType !== 'string' || v.tokenType.toLowerCase() !== 'bearer')
    return 'tokenType is not Bearer'
  if (
    typeof v.issuedAt !== 'number' ||
    typeof v.expiresAt !== 'number' ||
    !Number.isFinite(v.issuedAt) ||
    !Number.isFinite(v.expiresAt) ||
    Math.abs(v.issuedAt) > MAX_DATE_MS ||
    Math.abs(v.expiresAt) > MAX_DATE_MS
  )
    return 'issuedAt or expiresAt is not a date'
  const lifetime = v.expiresAt - v.issuedAt
  // A lifetime of 0 is how a store shows a refused token (see TokenStore): expired, refresh token kept.
  const shownAsRefused = lifetime === 0
  if (!shownAsRefused && (lifetime < MIN_TOKEN_LIFETIME_MS || lifetime > MAX_TOKEN_LIFETIME_MS))
    return 'the lifetime is outside 1 s to 1 year'
  if (
    v.refreshToken !== undefined &&
    (typeof v.refreshToken !== 'string' || !VISIBLE_ASCII.test(v.refreshToken))
  )
    return 'refreshToken is not visible ASCII text'
  if (v.userName !== undefined && typeof v.userName !== 'string') return 'userName is not a string'
  return undefined
}

/**
 * True when `value` is a usable {@link TokenSet} (stores may hold anything): see
 * {@link tokenSetProblem} for the rules.
 */
export function isTokenSet(value: unknown): value is TokenSet {
  return tokenSetProblem(value) === undefined
}
