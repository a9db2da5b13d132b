import {
  createMediRoutesClient,
  isMediRoutesAuthError,
  mediRoutesOptionsFromEnv,
} from '@mediroutes/auth-core'

const mediroutes = createMediRoutesClient(mediRoutesOptionsFromEnv())

/** Today's trips, or `undefined` when MediRoutes cannot be used right now. */
export async function todaysTrips(): Promise<unknown[] | undefined> {
  const today = new Date().toISOString().slice(0, 10)
  try {
    const response = await mediroutes.fetch(`/api/trips?date=${today}`)
    // An HTTP error from the API itself (404, 409, 400 with field errors) is a normal Response.
    if (!response.ok) throw new Error(`MediRoutes answered HTTP ${response.status}`)
    return (await response.json()) as unknown[]
  } catch (error) {
    // Token and connection problems are MediRoutesAuthError: branch on `code`, not instanceof.
    if (!isMediRoutesAuthError(error)) throw error
    switch (error.code) {
      case 'invalid_credentials':
        // Retrying cannot help; the client fails fast for a minute instead of locking the account.
        console.error('MediRoutes refused the password: rotate MEDIROUTES_PASSWORD')
        return undefined
      case 'rate_limited':
        console.warn(`MediRoutes asked us to wait ${error.retryAfterMs ?? 'a while'} ms`)
        return undefined
      case 'network_error':
      case 'timeout':
      case 'server_error':
        console.warn(`MediRoutes is unavailable (${error.code}); already retried with backoff`)
        return undefined
      default:
        // invalid_config, invalid_response, closed: a bug or a misconfiguration to fix.
        throw error
    }
  }
}
