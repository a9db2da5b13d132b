import type { MockCounters, RecordedTokenRequest } from './types.js'

/** How many token requests the log keeps; older ones drop off. */
export const TOKEN_REQUEST_LOG_SIZE = 1000

/** How many distinct paths `requestsByPath` keeps apart; the rest count under {@link OTHER_PATHS}. */
export const PATH_COUNTER_LIMIT = 1000

/** Where requests to paths beyond {@link PATH_COUNTER_LIMIT} are counted. */
export const OTHER_PATHS = '(other)'

/** The counters and the token request log, with copies handed out so callers cannot edit them. */
export class CounterBook {
  #counters = emptyCounters()
  #tokenRequests: RecordedTokenRequest[] = []

  /** Adds `by` (default 1) to a numeric counter. */
  increment(
    name: Exclude<keyof MockCounters, 'apiByStatus' | 'tokenByStatus' | 'requestsByPath'>,
    by = 1,
  ): void {
    this.#counters[name] += by
  }

  /** Counts one request to `path`; a flood of distinct unknown paths cannot grow the map without bound. */
  countPath(path: string): void {
    const byPath = this.#counters.requestsByPath
    const key =
      byPath[path] !== undefined || Object.keys(byPath).length < PATH_COUNTER_LIMIT
        ? path
        : OTHER_PATHS
    byPath[key] = (byPath[key] ?? 0) + 1
  }

  /** Counts one API answer by its status. */
  countApiStatus(status: number): void {
    this.#counters.apiByStatus[status] = (this.#counters.apiByStatus[status] ?? 0) + 1
  }

  /** Logs a token request, dropping the oldest beyond {@link TOKEN_REQUEST_LOG_SIZE}, and counts its status. */
  recordTokenRequest(entry: RecordedTokenRequest): void {
    if (entry.status > 0) {
      this.#counters.tokenByStatus[entry.status] =
        (this.#counters.tokenByStatus[entry.status] ?? 0) + 1
    }
    this.#tokenRequests.push(entry)
    if (this.#tokenRequests.length > TOKEN_REQUEST_LOG_SIZE) this.#tokenRequests.shift()
  }

  snapshot(): MockCounters {
    return {
      ...this.#counters,
      apiByStatus: { ...this.#counters.apiByStatus },
      tokenByStatus: { ...this.#counters.tokenByStatus },
      requestsByPath: { ...this.#counters.requestsByPath },
    }
  }

  tokenRequests(): RecordedTokenRequest[] {
    // Entries are logged when answered; with latency faults that is not arrival order.
    return this.#tokenRequests
      .map((entry) => ({ ...entry, fields: [...entry.fields] }))
      .sort((a, b) => a.at - b.at)
  }

  reset(): void {
    this.#counters = emptyCounters()
    this.#tokenRequests = []
  }
}

function emptyCounters(): MockCounters {
  return {
    tokenRequests: 0,
    passwordGrants: 0,
    refreshGrants: 0,
    rejectedTokenRequests: 0,
    rateLimited: 0,
    apiRequests: 0,
    apiByStatus: {},
    tokenByStatus: {},
    unauthorized: 0,
    faultsServed: 0,
    requestsByPath: {},
  }
}
