import { createHash } from 'node:crypto'
import { configError } from './config-error.js'

/** The default prefix of every key and channel the package uses. */
export const DEFAULT_KEY_PREFIX = 'mediroutes:'

/** The Redis names that belong to one store key. */
export interface RedisNames {
  /** Hash holding the token set and its version. */
  record: string
  /** The cross-process lease. */
  lease: string
  /** Pub/sub channel announcing changes. */
  channel: string
}

/**
 * Validates `keyPrefix`.
 * @throws {MediRoutesAuthError} `invalid_config` when it is not a string or holds braces (which would break cluster hash tags).
 */
export function resolveKeyPrefix(value: string | undefined): string {
  if (value === undefined) return DEFAULT_KEY_PREFIX
  if (typeof value !== 'string' || /[{}\s]/.test(value)) {
    throw configError(
      `keyPrefix must be a string without braces or spaces, such as "myapp:mediroutes:" (got ${JSON.stringify(value)})`,
    )
  }
  return value
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 27)
}

/**
 * Names for a store key. The key is hashed again, so whatever a caller passes (the client's key is
 * already a hash of base URL and username) no name reveals an account. The hash sits in a cluster
 * hash tag, so the record, the lease and the channel of one account live on one node.
 */
export function redisNames(prefix: string, storeKey: string): RedisNames {
  const tag = `${prefix}{${digest(storeKey)}}`
  return { record: tag, lease: `${tag}:lease`, channel: `${tag}:updates` }
}

/** The keys of one fleet-wide budget (`kind`: `budget` for `/token`, `api` for API calls) of one host: its window and its pause, in one slot. */
export function budgetKeys(
  prefix: string,
  kind: 'budget' | 'api',
  host: string,
): { window: string; pause: string } {
  const window = `${prefix}${kind}:{${digest(host.toLowerCase())}}`
  return { window, pause: `${window}:pause` }
}
