/**
 * MediRoutes' `Location` (e.g. of a created trip) as a URL of this proxy, or `undefined` when it
 * points elsewhere or the proxy's own mount cannot be told apart. The result is still scanned
 * for secrets with every other header before it is sent.
 */
export function proxiedLocation(
  location: string,
  baseUrl: string,
  requestUrl: URL,
  path: string,
): string | undefined {
  if (!requestUrl.pathname.endsWith(path)) return undefined
  const mount = requestUrl.pathname.slice(0, requestUrl.pathname.length - path.length)
  let target: URL
  try {
    target = new URL(location, `${baseUrl}${path}`)
  } catch {
    return undefined
  }
  const base = new URL(`${baseUrl}/`)
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return undefined
  return `${mount}/${target.pathname.slice(base.pathname.length)}${target.search}`
}
