import { isMediRoutesAuthError } from '@mediroutes/auth-core'
import { getMediRoutesClient } from '@mediroutes/nextjs'
import { cookies } from 'next/headers'

// GET /api/todays-trips: the browser asks your server, which asks MediRoutes with the
// provider's key. The browser never sees a token or a key, and never chooses one.
export async function GET(): Promise<Response> {
  // Replace with your own session check: without it, anyone who can reach your app can read trips.
  if (!(await cookies()).has('session')) {
    return Response.json({ message: 'Sign in first.' }, { status: 401 })
  }
  const today = new Date().toISOString().slice(0, 10)
  try {
    const lakeside = getMediRoutesClient().forProvider('Lakeside Medical Transport')
    return Response.json(await lakeside.trips.getByDate(today))
  } catch (error) {
    if (!isMediRoutesAuthError(error)) throw error
    // Messages are safe to show: they never hold a password, a token or an API key.
    return Response.json({ code: error.code, message: error.message }, { status: 502 })
  }
}
