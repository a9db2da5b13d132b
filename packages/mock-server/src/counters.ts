import type { MockCounters, RecordedTokenRequest } from './types.js'

/** How many token requests the log keeps; older ones drop off. */
export const TOKEN_REQUEST_LOG_SIZE = 1000

/** The counters and the token request log, with copies handed out so callers cannot edit them. */
export class CounterBook {
  #counters = emptyCounters()
  #tokenRequests: RecordedTokenRequest[] = []

  /** Adds `by` (default 1) to a numeric counter. */
  increment(name: Exclude<keyof MockCounters, 'apiByStatus' | 'tokenByStatus'>, by = 1): void {
    this.#counters[name] += by
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
  }
}
