import type { MediRoutesClient } from '@mediroutes/auth-core'

/** API keys of providers this process has called through, to keep them out of results too. */
const knownApiKeys = new Set<string>()

/**
 * The client's current access and refresh token, plus the API keys of the providers used so far
 * (and of `provider`), to check that none leaves the server. Empty when the client holds no valid
 * token: asking for one here would log in just to check.
 */
export async function currentSecrets(
  client: MediRoutesClient | undefined,
  provider?: string,
): Promise<string[]> {
  if (client === undefined) return []
  try {
    if ((await client.status()).state !== 'valid') return []
    const tokens = await client.getTokenSet()
    if (provider !== undefined) await rememberProviderKey(client, provider)
    return [tokens.accessToken, tokens.refreshToken, ...knownApiKeys].filter(
      (secret): secret is string => typeof secret === 'string' && secret.length > 0,
    )
  } catch {
    return []
  }
}

/** Learns a provider's API key (from claims the client has read anyway) so scans cover it. */
export async function rememberProviderKey(
  client: MediRoutesClient,
  provider: string,
): Promise<void> {
  try {
    knownApiKeys.add((await client.forProvider(provider).provider()).apiKey)
  } catch {
    // An unknown provider has no key to protect.
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

/**
 * Passes a response body through unchanged, streaming, but fails it before a secret gets out.
 * The last bytes of each chunk are held back until the next one arrives, so a token split
 * across two chunks is caught before any part of it is sent.
 */
export function secretGuard(
  secrets: readonly string[],
  onLeak: () => void,
): TransformStream<Uint8Array, Uint8Array<ArrayBuffer>> {
  const needles = secrets.map((secret) => Buffer.from(secret))
  const holdBack = Math.max(0, ...needles.map((needle) => needle.length - 1))
  let pending = Buffer.alloc(0)
  return new TransformStream({
    transform(chunk, controller) {
      const data = Buffer.concat([pending, chunk])
      if (needles.some((needle) => data.includes(needle))) {
        pending = Buffer.alloc(0)
        onLeak()
        controller.error(new Error('response withheld: it contained a MediRoutes token'))
        return
      }
      const cut = Math.max(0, data.length - holdBack)
      if (cut > 0) controller.enqueue(new Uint8Array(data.subarray(0, cut)))
      pending = data.subarray(cut)
    },
    flush(controller) {
      if (pending.length > 0) controller.enqueue(new Uint8Array(pending))
    },
  })
}
