import { inspect } from 'node:util'
import {
  isMediRoutesAuthError,
  type MediRoutesAuthError,
  type MediRoutesErrorCode,
} from '@mediroutes/auth-core'
import { assert, expect } from 'vitest'
import { withinDeadline } from './deadline.js'

/** Every code `MediRoutesAuthError` may carry; anything else is a defect. */
export const KNOWN_CODES: ReadonlySet<MediRoutesErrorCode> = new Set<MediRoutesErrorCode>([
  'invalid_config',
  'invalid_credentials',
  'rate_limited',
  'server_error',
  'network_error',
  'timeout',
  'invalid_response',
  'closed',
])

/** How a call ended: with a value, or with a typed error. There is no third way. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: MediRoutesAuthError }

/** Default bound of one scenario's call; generous for a loaded machine, far below the test timeout. */
export const CALL_DEADLINE_MS = 45_000

/**
 * Settles `promise` within a deadline and classifies it. Throws (failing the test) when it
 * hangs, or when it rejects with anything but a `MediRoutesAuthError` carrying a known code.
 */
export async function outcomeOf<T>(
  what: string,
  promise: Promise<T>,
  deadlineMs: number = CALL_DEADLINE_MS,
): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await withinDeadline(what, deadlineMs, promise) }
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('HANG:')) throw error
    if (!isMediRoutesAuthError(error) || !KNOWN_CODES.has(error.code)) {
      throw new Error(`${what} rejected with an untyped error: ${inspect(error, { depth: 3 })}`)
    }
    return { ok: false, error }
  }
}

/** Asserts the call succeeded and returns its value; on failure the message shows the typed error. */
export function expectSuccess<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) {
    assert.fail(`expected success, got ${outcome.error.code}: ${outcome.error.message}`)
  }
  return outcome.value
}

/** Asserts the call failed with `code` and returns the error. */
export function expectFailure<T>(
  outcome: Outcome<T>,
  code: MediRoutesErrorCode,
): MediRoutesAuthError {
  if (outcome.ok) assert.fail(`expected ${code}, but the call succeeded`)
  expect(outcome.error.code, outcome.error.message).toBe(code)
  return outcome.error
}
