import { isMediRoutesAuthError } from '../errors.js'

/** An error as a low-cardinality, secret-free label: its MediRoutes code, or `error`. */
export function outcomeOf(error: unknown): string {
  return isMediRoutesAuthError(error) ? error.code : 'error'
}

/** The HTTP status an error carries, if any. */
export function statusOf(error: unknown): number | undefined {
  return isMediRoutesAuthError(error) ? error.status : undefined
}
