/** Resolves after `ms` milliseconds, on the global `setTimeout` (so fake timers apply). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
