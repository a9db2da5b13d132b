import { isMediRoutesAuthError } from '@mediroutes/auth-core'
import type { NextRequest } from 'next/server'
import { tripRows } from '../../../../lib/dispatch'
import { dayOrToday } from '../../../../lib/dispatch-day'

/**
 * `GET /api/dispatch/trips?provider=…&date=…`: the day's trips of a provider the server's account may act
 * for, for the live table. Same-origin requests only, as for the proxy route.
 */
export async function GET(request: NextRequest): Promise<Response> {
  if (request.headers.get('sec-fetch-site') !== 'same-origin') {
    return Response.json({ message: 'Only the dashboard may call this route.' }, { status: 403 })
  }
  const provider = request.nextUrl.searchParams.get('provider') ?? ''
  const day = dayOrToday(request.nextUrl.searchParams.get('date'))
  try {
    const trips = await tripRows(provider, day)
    return Response.json({ trips }, { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    if (!isMediRoutesAuthError(error)) throw error
    // A provider outside the claims is the caller's mistake; anything else is our upstream's.
    const refused = error.code === 'unknown_provider' || error.code === 'access_denied'
    return Response.json(
      { code: error.code, message: error.message },
      { status: refused ? 403 : 503 },
    )
  }
}
