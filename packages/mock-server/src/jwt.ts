import { randomBytes, randomUUID } from 'node:crypto'
import { jwtVerify, SignJWT } from 'jose'
import type { Account } from './users.js'

/** A freshly signed access token and the times it carries. */
export interface SignedAccessToken {
  token: string
  jti: string
  /** `iat`, epoch seconds. */
  issuedAt: number
  /** `exp`, epoch seconds. */
  expiresAt: number
}

/** Why an access token was refused; `valid` carries its `jti`. */
export type AccessTokenCheck =
  | { valid: true; jti: string; username: string }
  | { valid: false; reason: 'malformed' | 'bad-signature' | 'expired' }

/**
 * Signs and verifies the emulator's HS256 access tokens. Times come from the caller
 * (the emulator's clock), never from jose's own `Date.now()`, so advancing the clock
 * expires tokens.
 */
export class AccessTokenSigner {
  readonly #key: Uint8Array

  /** `secret` defaults to 32 random bytes, so tokens from another server never verify. */
  constructor(secret?: string) {
    this.#key = secret === undefined ? randomBytes(32) : new TextEncoder().encode(secret)
  }

  /** Signs a token for `account` with `sub`, `name`, `unique_name`, `iat`, `exp` and `jti`. */
  async sign(account: Account, nowMs: number, lifetimeSeconds: number): Promise<SignedAccessToken> {
    const issuedAt = Math.floor(nowMs / 1000)
    const expiresAt = issuedAt + lifetimeSeconds
    const jti = randomUUID()
    const token = await new SignJWT({ name: account.name, unique_name: account.username })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(account.id)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(jti)
      .sign(this.#key)
    return { token, jti, issuedAt, expiresAt }
  }

  /** Checks signature, shape and expiry at `nowMs`. Never throws. */
  async verify(token: string, nowMs: number): Promise<AccessTokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        currentDate: new Date(nowMs),
        requiredClaims: ['sub', 'exp', 'jti'],
      })
      return typeof payload.jti === 'string' && typeof payload.unique_name === 'string'
        ? { valid: true, jti: payload.jti, username: payload.unique_name }
        : { valid: false, reason: 'malformed' }
    } catch (error) {
      // Branch on jose's error codes, not classes: they hold across module copies.
      const code = (error as { code?: unknown }).code
      if (code === 'ERR_JWT_EXPIRED') return { valid: false, reason: 'expired' }
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') {
        return { valid: false, reason: 'bad-signature' }
      }
      return { valid: false, reason: 'malformed' }
    }
  }
}
