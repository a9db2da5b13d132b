import type { Logger } from '@mediroutes/auth-core'
import { silentLogger } from '@mediroutes/auth-core/internal'
import { configError, positiveMs } from './config-error.js'
import {
  type EncryptionKey,
  type EncryptionKeyring,
  type Keyring,
  resolveKeyring,
} from './encryption-key.js'
import type { RedisClientLike } from './redis-client.js'
import { resolveKeyPrefix } from './redis-keys.js'

/** Options for {@link createRedisTokenStore}. */
export interface RedisTokenStoreOptions {
  /**
   * An ioredis client (`new Redis(url)`, `new Redis.Cluster(nodes)`) or a connected node-redis
   * client (`await createClient({ url }).connect()`, `createCluster()`). Required. It stays
   * yours: the store never closes it, and closes only the subscriber connection it duplicates from it.
   */
  client: RedisClientLike
  /** Prefix of every Redis key and channel. Default `'mediroutes:'`. */
  keyPrefix?: string
  /**
   * Encrypts token sets at rest with AES-256-GCM: a 32-byte key (Buffer, 64 hex digits or base64),
   * or `{ current, keys }` to rotate keys (new values use `current`, old ones are read with any key).
   * Default: none (values are stored as JSON). Every instance of the fleet needs the same keys.
   */
  encryptionKey?: EncryptionKey | EncryptionKeyring
  /**
   * How long a token set read from Redis is served from this process's memory before it is read
   * again (changes announced by pub/sub are seen at once). Default 1000 ms.
   */
  localCacheMs?: number
  /**
   * Longest wait for one Redis command before the store falls back to its in-process cache and
   * lock. Reads of a cached token never wait for Redis; only logins and refreshes do. Default 1000 ms.
   */
  commandTimeoutMs?: number
  /** pino-style logger for outages and unreadable values; never given a secret. Default: silent. */
  logger?: Logger
}

/** Options after validation, with defaults applied. */
export interface ResolvedStoreOptions {
  client: RedisClientLike
  keyPrefix: string
  keyring: Keyring | undefined
  localCacheMs: number
  commandTimeoutMs: number
  logger: Logger
}

/** Checks the common options of the store and the budget: the logger must have the four pino methods. */
export function resolveLogger(logger: Logger | undefined): Logger {
  if (logger === undefined) return silentLogger
  const methods = ['debug', 'info', 'warn', 'error'] as const
  if (
    typeof logger !== 'object' ||
    logger === null ||
    !methods.every((m) => typeof logger[m] === 'function')
  ) {
    throw configError('logger must have debug, info, warn and error methods (a pino logger fits)')
  }
  return logger
}

/**
 * Validates options and applies defaults.
 * @throws {MediRoutesAuthError} `invalid_config` naming the option to fix.
 */
export function resolveStoreOptions(options: RedisTokenStoreOptions): ResolvedStoreOptions {
  if (typeof options !== 'object' || options === null) {
    throw configError('options are required: createRedisTokenStore({ client })')
  }
  return {
    client: options.client,
    keyPrefix: resolveKeyPrefix(options.keyPrefix),
    keyring: resolveKeyring(options.encryptionKey),
    localCacheMs: positiveMs('localCacheMs', options.localCacheMs, 1000),
    commandTimeoutMs: positiveMs('commandTimeoutMs', options.commandTimeoutMs, 1000),
    logger: resolveLogger(options.logger),
  }
}
