import type { ResolvedOptions } from './options.js'

/**
 * The vendor's `/token` limit by its overview page (10 per second per IP).
 * @deprecated The client now paces `/token` with `tokenRateLimit`, by default
 * `DEFAULT_TOKEN_RATE_LIMIT` (10 per 61 s, the stricter per-minute reading).
 */
export const TOKEN_REQUESTS_PER_SECOND = 10

/** What a grant needs from the `/token` budget. */
export interface TokenRequestPacer {
  /** Waits until a request may be sent, then books the slot. */
  take(signal?: AbortSignal): Promise<void>
  /** Holds back every request until `until` (epoch ms), after a 429 with `Retry-After`. */
  blockUntil(until: number): void
}

const UNPACED: TokenRequestPacer = { take: async () => {}, blockUntil: () => {} }

/** The pacer of one client: its `tokenRateLimit` budget (process-wide per host by default). */
export function pacerFor(
  options: Pick<ResolvedOptions, 'tokenBudget' | 'tokenEndpoint'>,
): TokenRequestPacer {
  const budget = options.tokenBudget
  if (budget === undefined) return UNPACED
  const endpoint = options.tokenEndpoint
  return {
    take: (signal) => budget.take(endpoint, signal),
    blockUntil: (until) => {
      try {
        // A shared budget's failure to pause must not stop the grant; its own take still paces.
        Promise.resolve(budget.pause?.(until - Date.now())).catch(() => {})
      } catch {}
    },
  }
}
