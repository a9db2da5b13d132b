import type { MediRoutesClient } from '@mediroutes/auth-core'
import { clientSecrets } from '@mediroutes/auth-core/proxy'

/**
 * What a result must not carry to the browser: the client's tokens and every provider key in its
 * claims (the core's `clientSecrets`). When the claims cannot be read, the tokens at least; empty
 * when the client holds no valid token (asking for one here would log in just to check).
 */
export async function currentSecrets(client: MediRoutesClient | undefined): Promise<string[]> {
  if (client === undefined) return []
  try {
    return await clientSecrets(client)
  } catch {
    try {
      const { accessToken, refreshToken } = await client.getTokenSet()
      return [accessToken, refreshToken].filter(
        (secret): secret is string => typeof secret === 'string' && secret.length > 0,
      )
    } catch {
      return []
    }
  }
}

/** Whether a string anywhere inside `value` (objects, arrays, maps, sets) contains a secret. */
export function containsSecret(
  value: unknown,
  secrets: readonly string[],
  seen: Set<object> = new Set(),
): boolean {
  if (secrets.length === 0) return false
  if (typeof value === 'string') return secrets.some((secret) => value.includes(secret))
  if (typeof value !== 'object' || value === null || seen.has(value)) return false
  seen.add(value)
  const children: unknown[] =
    value instanceof Map
      ? [...value.keys(), ...value.values()]
      : value instanceof Set || Array.isArray(value)
        ? [...value]
        : [...Object.keys(value), ...Object.values(value)]
  return children.some((child) => containsSecret(child, secrets, seen))
}

/** `text` with every secret replaced by `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.replaceAll(secret, '[redacted]'), text)
}
