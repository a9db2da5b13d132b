import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { MediRoutesAuthError } from '../errors.js'

/** The shortest secret the receiver accepts: 128 bits of base64url. */
export const MIN_SECRET_LENGTH = 22

/**
 * A fresh unguessable secret for a callback URL: 32 random bytes, base64url (43 characters).
 * Store it like a password; anyone who has it can make the receiver read a trip back.
 */
export function generateWebhookSecret(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The callback URL to subscribe with: `baseUrl` plus the secret as its last path segment,
 * e.g. `callbackUrlFor('https://example.org/hooks/mediroutes', secret)` →
 * `https://example.org/hooks/mediroutes/<secret>`. Mount the receiver so that it sees that path.
 *
 * @throws {MediRoutesAuthError} `invalid_config` when `baseUrl` is not an absolute http(s) URL
 * or the secret is too short or not URL-safe.
 */
export function callbackUrlFor(baseUrl: string | URL, secret: string): string {
  checkSecret(secret)
  let url: URL
  try {
    url = new URL(String(baseUrl))
  } catch {
    throw new MediRoutesAuthError(
      'invalid_config',
      'callbackUrlFor expects an absolute URL such as "https://example.org/hooks/mediroutes"',
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new MediRoutesAuthError('invalid_config', 'the callback URL must be http(s)')
  }
  url.search = ''
  url.hash = ''
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${secret}`
  return url.href
}

/** @throws {MediRoutesAuthError} `invalid_config` naming the fix; the message never holds the secret. */
export function checkSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new MediRoutesAuthError(
      'invalid_config',
      `the webhook secret must be a string of at least ${MIN_SECRET_LENGTH} characters (use generateWebhookSecret())`,
    )
  }
  if (!/^[A-Za-z0-9_-]+$/.test(secret)) {
    throw new MediRoutesAuthError(
      'invalid_config',
      'the webhook secret may hold only A-Z, a-z, 0-9, "-" and "_" so that it fits a URL path unescaped (use generateWebhookSecret())',
    )
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest()
}

/**
 * Compares a presented value with the secret in constant time: both are hashed first so the
 * comparison runs on equal-length digests and leaks neither the length nor a prefix.
 */
export function secretMatcher(secret: string): (presented: string | null | undefined) => boolean {
  const expected = digest(secret)
  return (presented) =>
    typeof presented === 'string' && timingSafeEqual(digest(presented), expected)
}
