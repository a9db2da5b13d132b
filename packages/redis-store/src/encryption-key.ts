import { createSecretKey, type KeyObject } from 'node:crypto'
import { configError } from './config-error.js'

/** A 256-bit key: 32 bytes, or a string of 64 hex digits or of 32 bytes in base64. */
export type EncryptionKey = Uint8Array | string

/** Several keys by id, for rotation: new values are written with `current`, old ones read with any. */
export interface EncryptionKeyring {
  /** The id of the key new values are encrypted with; must be in `keys`. */
  current: string
  /** Keys by id. Ids are 1–64 characters of `A-Z a-z 0-9 _ -` and are stored beside each value. */
  keys: Record<string, EncryptionKey>
}

/** The resolved keys. Key material is held as `KeyObject`s, which never print. */
export interface Keyring {
  current: { id: string; key: KeyObject }
  byId: ReadonlyMap<string, KeyObject>
}

/** The id given to a key passed alone; a later keyring may name it differently, since unknown ids are tried against every key. */
export const SINGLE_KEY_ID = 'default'

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/
const HEX_KEY = /^[0-9a-fA-F]{64}$/
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}={0,1}$/
const HOW_TO_MAKE_ONE = 'generate one with `openssl rand -base64 32`'

function keyBytes(value: unknown, label: string): Buffer {
  if (value instanceof Uint8Array) {
    if (value.byteLength !== 32) {
      throw configError(
        `${label} must be 32 bytes for AES-256-GCM (got ${value.byteLength} bytes); ${HOW_TO_MAKE_ONE}`,
      )
    }
    return Buffer.from(value)
  }
  if (typeof value === 'string') {
    const text = value.trim()
    if (HEX_KEY.test(text)) return Buffer.from(text, 'hex')
    if (BASE64_KEY.test(text)) {
      const bytes = Buffer.from(
        text,
        text.includes('-') || text.includes('_') ? 'base64url' : 'base64',
      )
      if (bytes.byteLength === 32) return bytes
    }
    // The length only: the text itself is a secret.
    throw configError(
      `${label} must be 32 bytes: 64 hex digits or 44 base64 characters (got a string of ${text.length} characters); ${HOW_TO_MAKE_ONE}`,
    )
  }
  throw configError(
    `${label} must be a 32-byte Buffer/Uint8Array or a hex or base64 string; ${HOW_TO_MAKE_ONE}`,
  )
}

/**
 * Validates `encryptionKey`.
 * @throws {MediRoutesAuthError} `invalid_config` for a key that is not 32 bytes, a bad id, or a `current` id without a key.
 */
export function resolveKeyring(
  option: EncryptionKey | EncryptionKeyring | undefined,
): Keyring | undefined {
  if (option === undefined) return undefined
  if (typeof option === 'string' || option instanceof Uint8Array) {
    const key = createSecretKey(keyBytes(option, 'encryptionKey'))
    return { current: { id: SINGLE_KEY_ID, key }, byId: new Map([[SINGLE_KEY_ID, key]]) }
  }
  if (
    typeof option !== 'object' ||
    option === null ||
    typeof option.keys !== 'object' ||
    option.keys === null
  ) {
    throw configError(
      'encryptionKey must be a 32-byte key or { current: "key-id", keys: { "key-id": key } }',
    )
  }
  const byId = new Map<string, KeyObject>()
  for (const [id, value] of Object.entries(option.keys)) {
    if (!KEY_ID.test(id))
      throw configError(
        `encryptionKey.keys: key id "${id}" must be 1-64 characters of A-Z a-z 0-9 _ -`,
      )
    byId.set(id, createSecretKey(keyBytes(value, `encryptionKey.keys["${id}"]`)))
  }
  const currentId = option.current
  if (typeof currentId !== 'string')
    throw configError('encryptionKey.current must name the key id used for new values')
  const current = byId.get(currentId)
  if (current === undefined) {
    throw configError(
      `encryptionKey.current is "${currentId}" but encryptionKey.keys has no key with that id`,
    )
  }
  return { current: { id: currentId, key: current }, byId }
}
