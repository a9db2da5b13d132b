import { inspect } from 'node:util'
import type { MediRoutesClient } from '@mediroutes/auth-core'
import fc from 'fast-check'
import { expect } from 'vitest'

export { recordingLogger } from '@mediroutes/test-kit'

/**
 * Secrets distinctive enough never to occur in a message by chance: 20 to 40 characters of
 * the token alphabet, so they are also valid passwords, bearer tokens and refresh tokens.
 */
export const secret: fc.Arbitrary<string> = fc.stringMatching(/^[A-Za-z0-9_-]{20,40}$/)

/** Every event a client emits, as text. */
export function recordEvents(client: MediRoutesClient): string[] {
  const seen: string[] = []
  for (const name of ['acquired', 'refreshed', 'failed', 'rateLimited'] as const) {
    client.on(name, (payload) => seen.push(`${name} ${JSON.stringify(payload)}`))
  }
  return seen
}

/** Every way an error is commonly turned into text: message, stack, String, JSON and inspect (causes included). */
export function renderings(error: unknown): string[] {
  const e = error as { message?: unknown; stack?: unknown }
  return [
    String(e?.message),
    String(e?.stack),
    String(error),
    JSON.stringify(error) ?? '',
    inspect(error, { depth: null, showHidden: true }),
  ]
}

/** Asserts none of `texts` contains any of `secrets`, naming which text leaked. */
export function expectNoSecret(texts: readonly string[], secrets: readonly string[]): void {
  for (const text of texts) {
    for (const value of secrets) {
      expect(text.includes(value), `a secret leaked into: ${text.slice(0, 300)}`).toBe(false)
    }
  }
}
