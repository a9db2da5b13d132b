/** A Redis call that did not answer in time. */
export class DeadlineError extends Error {
  override readonly name = 'RedisTimeoutError'
  readonly code = 'ETIMEDOUT'
}

/**
 * Settles like `promise`, or rejects with {@link DeadlineError} after `ms`. A value that arrives
 * after the deadline goes to `onLate`, so the caller can undo it (release a lease taken too late).
 */
export function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
  onLate?: (value: T) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false
    const timer = setTimeout(() => {
      // A reply already waiting on the socket after a busy event loop is not a timeout: let the
      // poll phase read it first (setImmediate runs after it), then decide.
      setImmediate(() => {
        if (settled) return
        settled = true
        reject(new DeadlineError(`no answer within ${ms} ms`))
      })
    }, ms)
    promise.then(
      (value) => {
        if (settled) {
          onLate?.(value)
          return
        }
        settled = true
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
