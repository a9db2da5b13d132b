import {
  createMediRoutesClient,
  isMediRoutesAuthError,
  type MediRoutesTrip,
  mediRoutesOptionsFromEnv,
} from '@mediroutes/auth-core'

const mediroutes = createMediRoutesClient(mediRoutesOptionsFromEnv())

/** A provider's trips today, or `undefined` when MediRoutes cannot be used right now. */
export async function todaysTrips(provider: string): Promise<MediRoutesTrip[] | undefined> {
  const today = new Date().toISOString().slice(0, 10)
  try {
    return await mediroutes.forProvider(provider).trips.getByDate(today)
  } catch (error) {
    // Every failure is a MediRoutesAuthError: branch on `code`, not instanceof.
    if (!isMediRoutesAuthError(error)) throw error
    switch (error.code) {
      case 'unknown_provider':
      case 'access_denied':
        // Not in this account's claims (or no longer: a data-sharing agreement ended).
        console.error(`No access to ${provider}: ${error.message}`)
        return undefined
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
        // api_error (MediRoutes' own 400, 404, 409… in error.status), invalid_config,
        // invalid_response, closed: a bug or a misconfiguration to fix.
        throw error
    }
  }
}
