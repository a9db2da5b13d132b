import { isJsonObject } from './request-body.js'
import type { FaultInjection, MockFault } from './types.js'

/** An injection after validation: defaults filled in, copied from the caller's object. */
export interface ActiveInjection {
  target: FaultInjection['target']
  fault: MockFault
  /** Faults left to serve; `Infinity` until cleared. */
  remaining: number
  probability: number | undefined
}

const FAULT_KINDS: ReadonlySet<MockFault['kind']> = new Set([
  'status',
  'latency',
  'html',
  'truncated-json',
  'reset',
  'reset-after-processing',
  'latency-after-processing',
])

/** Whether the fault lets the request be processed first (and so counts its grant). */
export function isAfterProcessing(fault: MockFault): boolean {
  return fault.kind === 'reset-after-processing' || fault.kind === 'latency-after-processing'
}

/**
 * The faults waiting to be served, oldest injection first.
 */
export class FaultQueue {
  #active: ActiveInjection[] = []

  /**
   * Validates and queues an injection. `count` may be the string `"Infinity"` (as JSON
   * cannot carry `Infinity`).
   *
   * @throws {TypeError} naming the field when the injection is malformed.
   */
  add(injection: unknown): void {
    this.#active.push(validateInjection(injection))
  }

  /** The fault the next request to `target` gets, or `undefined` for the normal answer. */
  take(target: ActiveInjection['target']): MockFault | undefined {
    for (const injection of this.#active) {
      if (injection.target !== target) continue
      if (injection.probability !== undefined && Math.random() >= injection.probability) continue
      injection.remaining -= 1
      if (injection.remaining <= 0) this.#active.splice(this.#active.indexOf(injection), 1)
      return injection.fault
    }
    return undefined
  }

  clear(): void {
    this.#active = []
  }
}

/**
 * Checks an injection from code or from the control API's JSON.
 *
 * @throws {TypeError} naming the field and what it accepts.
 */
export function validateInjection(input: unknown): ActiveInjection {
  if (!isJsonObject(input)) throw new TypeError('A fault injection must be an object')
  const { target, fault, count, probability } = input
  if (target !== 'token' && target !== 'api') {
    throw new TypeError(`target must be "token" or "api", got ${JSON.stringify(target)}`)
  }
  if (probability !== undefined) {
    if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
      throw new TypeError(
        `probability must be a number from 0 to 1, got ${JSON.stringify(probability)}`,
      )
    }
  }
  return {
    target,
    fault: validateFault(fault),
    remaining: validateCount(count, probability === undefined ? 1 : Number.POSITIVE_INFINITY),
    probability,
  }
}

function validateCount(count: unknown, fallback: number): number {
  if (count === undefined) return fallback
  if (count === 'Infinity' || count === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY
  if (typeof count === 'number' && Number.isInteger(count) && count >= 1) return count
  throw new TypeError(
    `count must be a positive integer or Infinity (the string "Infinity" in JSON), got ${JSON.stringify(count)}`,
  )
}

function validateFault(fault: unknown): MockFault {
  if (!isJsonObject(fault) || !FAULT_KINDS.has(fault.kind as MockFault['kind'])) {
    throw new TypeError(
      `fault.kind must be one of ${[...FAULT_KINDS].join(', ')}, got ${JSON.stringify(isJsonObject(fault) ? fault.kind : fault)}`,
    )
  }
  switch (fault.kind) {
    case 'status':
      return {
        kind: 'status',
        status: validateStatus(fault.status, 'fault.status'),
        ...optional('retryAfter', validateRetryAfter(fault.retryAfter)),
        ...optional('body', validateOptionalString(fault.body, 'fault.body')),
      }
    case 'html':
      return {
        kind: 'html',
        ...optional(
          'status',
          fault.status === undefined ? undefined : validateStatus(fault.status, 'fault.status'),
        ),
      }
    case 'latency':
    case 'latency-after-processing':
      return { kind: fault.kind, ms: validateMs(fault.ms) }
    default:
      return { kind: fault.kind as 'truncated-json' | 'reset' | 'reset-after-processing' }
  }
}

function validateStatus(status: unknown, name: string): number {
  if (typeof status === 'number' && Number.isInteger(status) && status >= 200 && status <= 599) {
    return status
  }
  throw new TypeError(
    `${name} must be an HTTP status from 200 to 599, got ${JSON.stringify(status)}`,
  )
}

function validateMs(ms: unknown): number {
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return ms
  throw new TypeError(`fault.ms must be a number of milliseconds >= 0, got ${JSON.stringify(ms)}`)
}

function validateRetryAfter(value: unknown): string | number | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value
  if (typeof value === 'string' && value.trim() !== '') return value
  throw new TypeError(
    `fault.retryAfter must be seconds (a number >= 0) or an HTTP date string, got ${JSON.stringify(value)}`,
  )
}

function validateOptionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value
  throw new TypeError(`${name} must be a string, got ${JSON.stringify(value)}`)
}

/** Spreads `{ key: value }` only when the value is set, so absent stays absent. */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>)
}
