import type { MediRoutesClient } from '../client.js'

/**
 * What must never reach a browser: the client's access and refresh token and the API key of
 * every provider in its access claims. Empty when the client holds no valid token (asking for
 * one here would log in just to check). Reading the claims costs at most one
 * `GET /api/v1/access` per token lifetime, shared with every provider call.
 * @throws {MediRoutesAuthError} when the claims cannot be read: without them no key can be checked.
 */
export async function clientSecrets(client: MediRoutesClient): Promise<string[]> {
  if ((await client.status()).state !== 'valid') return []
  const [tokens, access] = await Promise.all([client.getTokenSet(), client.getAccess()])
  return [
    tokens.accessToken,
    tokens.refreshToken,
    ...access.providers.map((provider) => provider.apiKey),
  ].filter((secret): secret is string => typeof secret === 'string' && secret.length > 0)
}

/**
 * Passes a response body through unchanged, streaming, but fails it before a secret gets out.
 * The last bytes of each chunk are held back until the next one arrives, so a secret split
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
        controller.error(new Error('response withheld: it contained a MediRoutes secret'))
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
