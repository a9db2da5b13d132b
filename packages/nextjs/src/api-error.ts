const BRAND = Symbol.for('@mediroutes/nextjs/MediRoutesApiError')

/**
 * MediRoutes answered an API call with an error status (a 404 for an unknown trip, a 409 for a
 * trip already cancelled, a 400 for a bad body). Token problems are `MediRoutesAuthError`s.
 *
 * `message` is the API's own message when it sent one (without secrets), so a UI can show it.
 * Branch on `code === 'api_error'` and `status`, or use {@link isMediRoutesApiError}:
 * `instanceof` is wrong when both the ESM and the CommonJS copy of the package load.
 */
export class MediRoutesApiError extends Error {
  override readonly name = 'MediRoutesApiError'
  readonly code = 'api_error' as const
  /** The HTTP status MediRoutes answered. */
  readonly status: number

  constructor(status: number, message: string) {
    super(message)
    this.status = status
    Object.defineProperty(this, BRAND, { value: true })
  }

  /** Plain form for logs and API answers. */
  toJSON(): { name: string; code: 'api_error'; status: number; message: string } {
    return { name: this.name, code: this.code, status: this.status, message: this.message }
  }
}

/** True for a {@link MediRoutesApiError} from any copy (ESM or CommonJS) of this package. */
export function isMediRoutesApiError(value: unknown): value is MediRoutesApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true
  )
}
