import { toHttpError } from '@mediroutes/auth-core'
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
    // The core's one mapping: the status and safe message every adapter answers with.
    const { status, code, message, retryAfterSeconds } = toHttpError(error)
    const headers: Record<string, string> =
      retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }
    return Response.json({ code, message }, { status, headers })
  }
}
