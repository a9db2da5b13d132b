import { closeAfterTest } from './cleanup.js'

/**
 * Sets environment variables for the current test (`undefined` unsets one) and restores
 * their previous values after it, in turn with everything else {@link closeAfterTest} closes.
 */
export function useEnv(values: Record<string, string | undefined>): void {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]))
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
  apply(values)
  closeAfterTest({ close: () => apply(previous) })
}
