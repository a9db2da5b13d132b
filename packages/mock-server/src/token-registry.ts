import { randomBytes } from 'node:crypto'

/** Who a refresh token was issued to. */
export interface RefreshGrant {
  username: string
  clientId: string | null
}

/**
 * The tokens the emulator has issued and not revoked: refresh tokens (opaque, looked up
 * here) and the ids (`jti`) of access tokens. Keeping live `jti`s rather than a
 * "revoked before" time means a token issued in the same second as a revocation is
 * still judged correctly, and a token signed by another emulator is never live here.
 */
export class TokenRegistry {
  #refreshTokens = new Map<string, RefreshGrant>()
  #accessTokenIds = new Set<string>()

  /** Issues a new opaque refresh token (48 random bytes, base64url). */
  issueRefreshToken(grant: RefreshGrant): string {
    const token = randomBytes(48).toString('base64url')
    this.#refreshTokens.set(token, { ...grant })
    return token
  }

  /** Who the refresh token belongs to, or `undefined` when unknown, revoked or already rotated. */
  findRefreshToken(token: string): RefreshGrant | undefined {
    return this.#refreshTokens.get(token)
  }

  /** Revokes one refresh token (rotation). */
  revokeRefreshToken(token: string): void {
    this.#refreshTokens.delete(token)
  }

  /** Revokes every refresh token issued so far. */
  revokeRefreshTokens(): void {
    this.#refreshTokens.clear()
  }

  /** Marks an access token id as live. */
  recordAccessToken(jti: string): void {
    this.#accessTokenIds.add(jti)
  }

  /** Whether an access token id was issued here and not revoked since. */
  isAccessTokenLive(jti: string): boolean {
    return this.#accessTokenIds.has(jti)
  }

  /** Revokes every access token issued so far. */
  revokeAccessTokens(): void {
    this.#accessTokenIds.clear()
  }

  /** Forgets every token. */
  reset(): void {
    this.revokeRefreshTokens()
    this.revokeAccessTokens()
  }
}
