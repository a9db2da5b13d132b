import {
  createCipheriv,
  createDecipheriv,
  createHash,
  type KeyObject,
  randomBytes,
} from 'node:crypto'
import { MediRoutesAuthError, type TokenSet } from '@mediroutes/auth-core'
import { tokenSetProblem } from '@mediroutes/auth-core/internal'
import type { Keyring } from './encryption-key.js'

const PLAIN = 'j:'
const SEALED = 'g1:'
const IV_BYTES = 12
/** Full-length tags only: a truncated tag would weaken the integrity check. */
const TAG_BYTES = 16

/** A short, one-way fingerprint of an access token: lets instances agree which token was refused without sharing it. */
export function fingerprint(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('base64url').slice(0, 22)
}

function unreadable(message: string): MediRoutesAuthError {
  return new MediRoutesAuthError('invalid_config', message)
}

/**
 * Why a token set read from a store could not be used, or `undefined` when it can: the core's
 * rules for a token set from the token endpoint (a header-safe bearer token, type Bearer, a sane
 * lifetime), so a value that would break the `Authorization` header never reaches `fetch`.
 */
export function unsendableReason(tokens: TokenSet): string | undefined {
  return tokenSetProblem(tokens)
}

/** The shape of a token set, before the core's rules are applied (see {@link unsendableReason}). */
function hasTokenSetShape(value: unknown): value is TokenSet {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.accessToken === 'string' &&
    typeof v.tokenType === 'string' &&
    typeof v.issuedAt === 'number' &&
    typeof v.expiresAt === 'number'
  )
}

/**
 * Turns token sets into the `data` field stored in Redis and back: JSON, or AES-256-GCM with the
 * key id in front (`g1:<kid>:<iv>:<tag>:<ciphertext>`). The store key is the additional
 * authenticated data, so a value copied under another account's key does not decrypt. Fields
 * beside the token set (such as access claims) travel with it, encrypted alike.
 */
export class TokenCodec {
  readonly #keyring: Keyring | undefined

  constructor(keyring: Keyring | undefined) {
    this.#keyring = keyring
  }

  get encrypted(): boolean {
    return this.#keyring !== undefined
  }

  encode(storeKey: string, tokens: TokenSet): string {
    const json = JSON.stringify(tokens)
    if (this.#keyring === undefined) return PLAIN + json
    const { id, key } = this.#keyring.current
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(Buffer.from(storeKey))
    const ciphertext = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()])
    return `${SEALED}${id}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ciphertext.toString('base64url')}`
  }

  /**
   * @throws {MediRoutesAuthError} `invalid_config` when the value cannot be read with this store's
   * keys (encrypted without a key here, unknown key, tampered, or plain while a key is set), and
   * `invalid_response` when it is not a token set.
   */
  decode(storeKey: string, data: string): TokenSet {
    let json: string
    if (data.startsWith(SEALED)) json = this.#open(storeKey, data)
    else if (data.startsWith(PLAIN)) {
      // With a key, an unencrypted value is refused: it may have been planted. The next login replaces it.
      if (this.#keyring !== undefined) {
        throw unreadable(
          'the token set in Redis is not encrypted but this store has an encryptionKey; it is replaced at the next login',
        )
      }
      json = data.slice(PLAIN.length)
    } else {
      throw new MediRoutesAuthError(
        'invalid_response',
        'the value in Redis is not a token set written by this store (check keyPrefix)',
      )
    }
    let value: unknown
    try {
      value = JSON.parse(json)
    } catch {
      value = undefined
    }
    if (!hasTokenSetShape(value))
      throw new MediRoutesAuthError(
        'invalid_response',
        'the value in Redis is not a valid token set',
      )
    return value
  }

  #open(storeKey: string, data: string): string {
    const [id, iv, tag, ciphertext] = data.slice(SEALED.length).split(':')
    if (id === undefined || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new MediRoutesAuthError('invalid_response', 'the encrypted value in Redis is malformed')
    }
    if (this.#keyring === undefined) {
      throw unreadable(
        `the token set in Redis is encrypted (key id "${id}") but this store has no encryptionKey; give every instance the same encryptionKey`,
      )
    }
    const named = this.#keyring.byId.get(id)
    // An unknown id is tried against every key: the key may have been renamed when a keyring replaced a single key.
    const candidates = named === undefined ? [...this.#keyring.byId.values()] : [named]
    for (const key of candidates) {
      const json = decrypt(key, storeKey, iv, tag, ciphertext)
      if (json !== undefined) return json
    }
    throw unreadable(
      named === undefined
        ? `the token set in Redis was encrypted with key id "${id}", which is not in encryptionKey.keys; add the retired key to keep reading it`
        : `the token set in Redis does not decrypt with key id "${id}" (a different key under the same id, or a tampered value)`,
    )
  }
}

function decrypt(
  key: KeyObject,
  storeKey: string,
  iv: string,
  tag: string,
  ciphertext: string,
): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    })
    decipher.setAAD(Buffer.from(storeKey))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8')
  } catch {
    return undefined
  }
}
