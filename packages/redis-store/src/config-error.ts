import { MediRoutesAuthError } from '@mediroutes/auth-core'

/** An `invalid_config` error: the message names the option to fix and never holds a secret. */
export function configError(message: string): MediRoutesAuthError {
  return new MediRoutesAuthError('invalid_config', message)
}

/** Reads a positive whole number of milliseconds, or the default. */
export function positiveMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw configError(
      `${name} must be a positive whole number of milliseconds (got ${String(value)})`,
    )
  }
  return value
}
