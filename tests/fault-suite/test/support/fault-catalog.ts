import type { MediRoutesErrorCode } from '@mediroutes/auth-core'
import type { MockFault } from '@mediroutes/mock-server'

/** The client's per-attempt timeout in the fault scenarios. */
export const ATTEMPT_TIMEOUT_MS = 1500
/** Retries the scenarios allow; small, so a fault that never heals ends quickly. */
export const MAX_RETRIES = 2
/** The client's longest acceptable `Retry-After` in the scenarios. */
export const MAX_RETRY_AFTER_MS = 5000
/** Far enough below the attempt timeout that a loaded machine still answers in time. */
const SHORT_DELAY_MS = 100
/** Far enough past the attempt timeout that the client has certainly given up. */
const LONG_DELAY_MS = ATTEMPT_TIMEOUT_MS + 1000

/** One fault the emulator can serve on `/token`, and what it does to the attempt that meets it. */
export interface FaultCase {
  name: string
  /** Built when injected, so an HTTP date lies in the future when it is served. */
  fault: () => MockFault
  /** The code of the attempt it spoils; `undefined` when the attempt still succeeds (slowly). */
  code: MediRoutesErrorCode | undefined
  /** Ends the grant at once instead of being retried. */
  final: boolean
  /** The emulator processes the request before the fault: a grant is issued and its answer lost or late. */
  processed: boolean
}

function httpDate(fromNowMs: number): string {
  return new Date(Date.now() + fromNowMs).toUTCString()
}

const status =
  (status: number, retryAfter?: string | number): (() => MockFault) =>
  () => ({
    kind: 'status',
    status,
    ...(retryAfter === undefined ? {} : { retryAfter }),
  })

/** Every fault kind, with the variants whose handling differs. */
export const FAULT_CASES: readonly FaultCase[] = [
  { name: 'HTTP 500', fault: status(500), code: 'server_error', final: false, processed: false },
  { name: 'HTTP 503', fault: status(503), code: 'server_error', final: false, processed: false },
  {
    name: 'HTTP 503 with Retry-After: 1',
    fault: status(503, 1),
    code: 'server_error',
    final: false,
    processed: false,
  },
  {
    name: 'HTTP 429 without Retry-After',
    fault: status(429),
    code: 'rate_limited',
    final: false,
    processed: false,
  },
  {
    name: 'HTTP 429 with Retry-After in seconds',
    fault: status(429, 1),
    code: 'rate_limited',
    final: false,
    processed: false,
  },
  {
    name: 'HTTP 429 with Retry-After as an HTTP date',
    // HTTP dates drop the milliseconds: +2 s means a wait of 1 to 2 s.
    fault: () => ({ kind: 'status', status: 429, retryAfter: httpDate(2000) }),
    code: 'rate_limited',
    final: false,
    processed: false,
  },
  {
    name: 'HTTP 429 with a Retry-After in seconds beyond maxRetryAfterMs',
    fault: status(429, 3600),
    code: 'rate_limited',
    final: true,
    processed: false,
  },
  {
    name: 'HTTP 429 with an HTTP-date Retry-After beyond maxRetryAfterMs',
    fault: () => ({ kind: 'status', status: 429, retryAfter: httpDate(3_600_000) }),
    code: 'rate_limited',
    final: true,
    processed: false,
  },
  {
    name: 'an HTML page with status 200',
    fault: () => ({ kind: 'html' }),
    code: 'invalid_response',
    final: false,
    processed: false,
  },
  {
    name: 'an HTML page with status 502',
    fault: () => ({ kind: 'html', status: 502 }),
    code: 'server_error',
    final: false,
    processed: false,
  },
  {
    name: 'truncated JSON',
    fault: () => ({ kind: 'truncated-json' }),
    code: 'invalid_response',
    final: false,
    processed: false,
  },
  {
    name: 'a reset connection',
    fault: () => ({ kind: 'reset' }),
    code: 'network_error',
    final: false,
    processed: false,
  },
  {
    name: 'latency below the attempt timeout',
    fault: () => ({ kind: 'latency', ms: SHORT_DELAY_MS }),
    code: undefined,
    final: false,
    processed: false,
  },
  {
    name: 'latency past the attempt timeout',
    fault: () => ({ kind: 'latency', ms: LONG_DELAY_MS }),
    code: 'timeout',
    final: false,
    processed: false,
  },
  {
    name: 'a reset after processing',
    fault: () => ({ kind: 'reset-after-processing' }),
    code: 'network_error',
    final: false,
    processed: true,
  },
  {
    name: 'latency after processing, below the attempt timeout',
    fault: () => ({ kind: 'latency-after-processing', ms: SHORT_DELAY_MS }),
    code: undefined,
    final: false,
    processed: true,
  },
  {
    name: 'latency after processing, past the attempt timeout',
    fault: () => ({ kind: 'latency-after-processing', ms: LONG_DELAY_MS }),
    code: 'timeout',
    final: false,
    processed: true,
  },
  {
    name: 'HTTP 401 invalid_grant',
    fault: () => ({ kind: 'status', status: 401, body: '{"error":"invalid_grant"}' }),
    code: 'invalid_credentials',
    final: true,
    processed: false,
  },
  {
    name: 'HTTP 400 invalid_grant',
    fault: () => ({ kind: 'status', status: 400, body: '{"error":"invalid_grant"}' }),
    code: 'invalid_credentials',
    final: true,
    processed: false,
  },
  {
    name: 'HTTP 404 (no token endpoint)',
    fault: status(404),
    code: 'invalid_config',
    final: true,
    processed: false,
  },
]

/** The per-attempt options every fault scenario uses. */
export const FAULT_CLIENT_OPTIONS = {
  timeoutMs: ATTEMPT_TIMEOUT_MS,
  maxRetries: MAX_RETRIES,
  maxRetryAfterMs: MAX_RETRY_AFTER_MS,
} as const
