import type { TokenSet } from './token-set.js'

/**
 * When a token set is good to use, due for a refresh, or too old to send: pure functions of the
 * token set and the clock, so the rules are testable without waiting.
 */
export interface FreshnessRules {
  /** Refresh once less than this much of the access token's life remains (capped at half its life). */
  refreshWindowMs: number
  /** This process's fixed share in [0, 1) of the extra half window, so a fleet does not refresh in lock-step. */
  jitter: number
}

/** How long the access token lives from issue to expiry (never negative). */
export function lifetimeOf(tokens: TokenSet): number {
  return Math.max(0, tokens.expiresAt - tokens.issuedAt)
}

/**
 * True once the token must not be sent any more: a little before `expiresAt` (5 % of its life, at
 * most 10 s), so it never reaches the API at the edge of its life.
 */
export function mustRefresh(tokens: TokenSet, now: number): boolean {
  const margin = Math.min(10_000, lifetimeOf(tokens) * 0.05)
  return now >= tokens.expiresAt - margin
}

/** When a background refresh of `tokens` becomes due (epoch ms). */
export function refreshDueAt(tokens: TokenSet, rules: FreshnessRules): number {
  const window = Math.min(rules.refreshWindowMs, lifetimeOf(tokens) / 2)
  return tokens.expiresAt - window * (1 + 0.5 * rules.jitter)
}

/**
 * Until when (epoch ms, exclusive) `tokens` is fresh in the sense of {@link isFresh}: the earlier
 * of its refresh due time and the moment it must not be sent any more. Fixed per token set, so a
 * caller can compute it once and afterwards compare one number with the clock.
 */
export function freshUntil(tokens: TokenSet, rules: FreshnessRules): number {
  const margin = Math.min(10_000, lifetimeOf(tokens) * 0.05)
  return Math.min(refreshDueAt(tokens, rules), tokens.expiresAt - margin)
}

/** True once the token is still usable but a refresh should start. */
export function shouldRefresh(tokens: TokenSet, now: number, rules: FreshnessRules): boolean {
  return now >= refreshDueAt(tokens, rules)
}

/**
 * Good enough that no grant is needed: present, not the token the API refused, not expired and
 * not due for a refresh.
 */
export function isFresh(
  tokens: TokenSet | undefined,
  rejectedAccessToken: string | undefined,
  now: number,
  rules: FreshnessRules,
): tokens is TokenSet {
  return (
    tokens !== undefined &&
    tokens.accessToken !== rejectedAccessToken &&
    now < freshUntil(tokens, rules)
  )
}
