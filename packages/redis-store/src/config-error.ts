import { configError } from '@mediroutes/auth-core/internal'

export { configError }

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
