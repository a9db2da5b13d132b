import type { MediRoutesAuthorize } from '@mediroutes/nextjs'

/**
 * Who may use the MediRoutes proxy: this demo has no sign-in, so it admits requests made by its
 * own pages (browsers mark them `Sec-Fetch-Site: same-origin`) and refuses the rest. A real app
 * checks its session here, e.g. `(await auth()) !== null`, and its roles for the path.
 */
export const allowDispatcher: MediRoutesAuthorize = (request) => {
  const site = request.headers.get('sec-fetch-site')
  if (site === null) return false
  if (site !== 'same-origin') {
    return Response.json(
      { error: { code: 'forbidden', message: 'Only the dashboard may call this route.' } },
      { status: 403 },
    )
  }
  return true
}
