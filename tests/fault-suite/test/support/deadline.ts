/**
 * Settles like `promise`, or rejects naming `what` once `ms` have passed without an answer.
 * Every scenario runs under one, so a hang fails loudly and says where, instead of eating
 * the whole file's test timeout. The timer is a real one: tests that fake `Date` leave timers alone.
 */
export function withinDeadline<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HANG: ${what} did not settle within ${ms} ms`)), ms)
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}
