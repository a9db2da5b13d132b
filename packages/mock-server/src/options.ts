import { BROKER_USER, DEMO_USER } from './providers.js'
import { type ResolvedRateLimits, resolveRateLimit } from './rate-limiter.js'
import type { MockServerOptions, MockUser } from './types.js'

/** Options with every default applied and every value checked. */
export interface ResolvedOptions {
  port: number
  host: string
  basePath: string
  users: MockUser[]
  tokenLifetimeSeconds: number
  rotateRefreshTokens: boolean
  refreshRejectionStatus: 400 | 401
  rateLimit: ResolvedRateLimits | false
  signingSecret: string | undefined
  clockOffsetMs: number
}

/**
 * Applies the defaults and checks every option, so a typo fails at start-up with the
 * fix rather than as a puzzling answer later.
 *
 * @throws {TypeError | RangeError} naming the option and what it accepts.
 */
export function resolveOptions(options: MockServerOptions = {}): ResolvedOptions {
  const port = options.port ?? 0
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(
      `port must be an integer from 0 to 65535 (0 picks a free port), got ${port}`,
    )
  }
  const host = options.host ?? '127.0.0.1'
  if (typeof host !== 'string' || host === '')
    throw new TypeError('host must be a non-empty string')
  const users = options.users ?? [{ ...DEMO_USER }, { ...BROKER_USER }]
  if (!Array.isArray(users)) throw new TypeError('users must be an array of { username, password }')
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 86_400
  if (!Number.isInteger(tokenLifetimeSeconds) || tokenLifetimeSeconds < 1) {
    throw new RangeError(
      `tokenLifetimeSeconds must be a whole number of seconds >= 1, got ${tokenLifetimeSeconds}`,
    )
  }
  const refreshRejectionStatus = options.refreshRejectionStatus ?? 401
  if (refreshRejectionStatus !== 400 && refreshRejectionStatus !== 401) {
    throw new RangeError(
      `refreshRejectionStatus must be 400 or 401, got ${String(refreshRejectionStatus)}`,
    )
  }
  if (
    options.signingSecret !== undefined &&
    (typeof options.signingSecret !== 'string' || options.signingSecret.length < 16)
  ) {
    throw new TypeError(
      'signingSecret must be a string of at least 16 characters (or omit it for a random key)',
    )
  }
  const clockOffsetMs = options.clockOffsetMs ?? 0
  if (!Number.isFinite(clockOffsetMs))
    throw new RangeError(`clockOffsetMs must be a finite number, got ${clockOffsetMs}`)
  return {
    port,
    host,
    basePath: normalizeBasePath(options.basePath ?? ''),
    users,
    tokenLifetimeSeconds,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    refreshRejectionStatus,
    rateLimit: resolveRateLimit(options.rateLimit),
    signingSecret: options.signingSecret,
    clockOffsetMs,
  }
}

/** `''` for the root, else `/segment[/segment…]` without a trailing slash. */
function normalizeBasePath(basePath: string): string {
  if (typeof basePath !== 'string')
    throw new TypeError('basePath must be a string such as "/external"')
  const trimmed = basePath.replace(/\/+$/, '')
  if (trimmed === '') return ''
  if (!trimmed.startsWith('/') || /[?#\s]/.test(trimmed)) {
    throw new TypeError(
      `basePath must be a path starting with "/", such as "/external", got "${basePath}"`,
    )
  }
  return trimmed
}
