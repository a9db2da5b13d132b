const BASE_DELAY_MS = 200
/** The longest backoff between two attempts. */
export const MAX_BACKOFF_MS = 10_000

/** Full-jitter exponential backoff: a random wait in [0, min(cap, base * 2^attempt)). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** attempt))
}

/**
 * Parses `Retry-After`: delay seconds or an HTTP date. Returns ms to wait, or undefined when
 * absent or unreadable. A date in the past means "now".
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000)
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/** Options for {@link sleep}. */
export interface SleepOptions {
  /** Let the process exit during the wait: for background work nobody awaits. Default false. */
  background?: boolean
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal, options: SleepOptions = {}): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason)
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    // Node fires timers above 2^31-1 ms at once; callers bound waits well below that.
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      },
      Math.min(ms, 2 ** 31 - 1),
    )
    if (options.background) timer.unref?.()
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Holds the process open until `promise` settles. Grants run on background (unref'd) timers so
 * an idle refresh never keeps a process alive; a caller awaiting one must not see the process
 * exit under it (a one-shot script would otherwise end silently mid-retry).
 */
export function keepingProcessAlive<T>(promise: Promise<T>): Promise<T> {
  const handle = setInterval(() => {}, 2 ** 31 - 1)
  return promise.finally(() => clearInterval(handle))
}

/** Settles like `promise`, or rejects with the signal's reason when it aborts first (the promise keeps running). */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined | null,
): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
