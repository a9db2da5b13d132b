/** Codes of the proxy's own refusals (failures of MediRoutes calls use the core's `toHttpError` codes). */
export type MediRoutesProxyRefusalCode =
  | 'not_found'
  | 'method_not_allowed'
  | 'unauthorized'
  | 'forbidden'
  | 'payload_too_large'
  | 'api_key_refused'

/** A refusal the proxy answers itself: `{ error: { code, message } }`, never cached. */
export function refusal(
  status: number,
  code: MediRoutesProxyRefusalCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { error: { code, message } },
    { status, headers: { 'cache-control': 'no-store', ...headers } },
  )
}

export const notFound = (): Response =>
  refusal(404, 'not_found', 'No MediRoutes route is allowed at this path.')
