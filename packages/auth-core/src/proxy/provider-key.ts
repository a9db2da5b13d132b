/** Parameter names that carry a provider key; ASP.NET binds them whatever their case. */
const KEY_NAMES = new Set(['api_key', 'tp_api_key'])

function isKeyName(name: string): boolean {
  return KEY_NAMES.has(name.toLowerCase())
}

/**
 * Where the browser tried to send a provider key of its own (`api_key` or `tp_api_key` in the
 * query, a JSON body or a form), or `undefined`. Keys are added by the server only: a browser that
 * could pass one could act for a provider the app never meant it to, or probe keys.
 */
export function browserKeyLocation(
  url: URL,
  body: Uint8Array | undefined,
  contentType: string | null,
): 'query' | 'body' | undefined {
  for (const name of url.searchParams.keys()) if (isKeyName(name)) return 'query'
  if (body === undefined) return undefined
  const text = new TextDecoder().decode(body)
  if (contentType?.toLowerCase().includes('application/x-www-form-urlencoded')) {
    for (const name of new URLSearchParams(text).keys()) if (isKeyName(name)) return 'body'
    return undefined
  }
  // Whatever the declared type: the API may read any body as JSON.
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    if (Object.keys(parsed).some(isKeyName)) return 'body'
  }
  return undefined
}

/**
 * The body as the provider client expects it: text for JSON and forms, so it can add the key
 * where the API reads it (`tp_api_key` in JSON, `api_key` in forms, the query otherwise).
 */
export function bodyForProviderCall(
  body: Uint8Array<ArrayBuffer> | undefined,
  contentType: string | null,
): string | Uint8Array<ArrayBuffer> | undefined {
  if (body === undefined) return undefined
  const type = contentType?.toLowerCase() ?? ''
  if (type.includes('json') || type.includes('application/x-www-form-urlencoded'))
    return new TextDecoder().decode(body)
  return body
}
