import type { MockClock } from './types.js'

/** The emulator's clock with a way back to its starting offset, for `reset()`. */
export interface EmulatorClock extends MockClock {
  /** Back to the offset the server started with. */
  reset(): void
}

/** The earliest time the emulator's clock may show: 1970-01-01T00:00:00Z (JWT times are not negative). */
export const EARLIEST_MS = 0
/** The latest time the emulator's clock may show: 9999-12-31T23:59:59.999Z (dates keep four-digit years). */
export const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/**
 * Creates the emulator's clock: the real clock plus an offset, so tests can jump past
 * token expiry without waiting. Default offset 0. Every change is checked before it is
 * applied: the clock never leaves 1970 to 9999, so tokens, `Date` headers and dates stay valid.
 *
 * @throws {RangeError} when an offset or an advance is not a finite number of ms, or
 *   would move the clock out of range (the clock is then unchanged).
 */
export function createClock(initialOffsetMs = 0): EmulatorClock {
  checkOffset(initialOffsetMs, 'clockOffsetMs')
  let offsetMs = initialOffsetMs
  return {
    now: () => Date.now() + offsetMs,
    advance(ms) {
      assertFiniteMs(ms, 'clock.advance(ms)')
      offsetMs = checkOffset(offsetMs + ms, 'clock.advance(ms)')
    },
    setOffset(ms) {
      offsetMs = checkOffset(ms, 'clock.setOffset(ms)')
    },
    offset: () => offsetMs,
    reset() {
      offsetMs = initialOffsetMs
    },
  }
}

/** Returns the offset when the clock it gives stays in range; throws otherwise. */
function checkOffset(offsetMs: unknown, name: string): number {
  assertFiniteMs(offsetMs, name)
  const at = Date.now() + (offsetMs as number)
  if (!(at >= EARLIEST_MS && at <= LATEST_MS)) {
    throw new RangeError(
      `${name} would move the emulator's clock outside 1970-01-01 to 9999-12-31; the clock is unchanged`,
    )
  }
  return offsetMs as number
}

function assertFiniteMs(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number of milliseconds, got ${String(value)}`)
  }
}
