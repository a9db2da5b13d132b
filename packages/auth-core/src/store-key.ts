import { createHash } from 'node:crypto'

/**
 * The store key for one account: a hash of base URL and username, so a shared store
 * (Redis) never shows who the account is, and the password never takes part.
 */
export function tokenStoreKey(baseUrl: string, username: string): string {
  const digest = createHash('sha256')
    .update(`${baseUrl}\n${username.toLowerCase()}`)
    .digest('base64url')
  return `mediroutes:token:${digest.slice(0, 32)}`
}
