import type { MockClock } from './types.js'

/** The emulator's clock with a way back to its starting offset, for `reset()`. */
export interface EmulatorClock extends MockClock {
  /** Back to the offset the server started with. */
  reset(): void
}

/**
 * Creates the emulator's clock: the real clock plus an offset, so tests can jump past
 * token expiry without waiting. Default offset 0.
 *
 * @throws {RangeError} when an offset or an advance is not a finite number of ms.
 */
export function createClock(initialOffsetMs = 0): EmulatorClock {
  assertFiniteMs(initialOffsetMs, 'clockOffsetMs')
  let offsetMs = initialOffsetMs
  return {
    now: () => Date.now() + offsetMs,
    advance(ms) {
      assertFiniteMs(ms, 'clock.advance(ms)')
      offsetMs += ms
    },
    setOffset(ms) {
      assertFiniteMs(ms, 'clock.setOffset(ms)')
      offsetMs = ms
    },
    offset: () => offsetMs,
    reset() {
      offsetMs = initialOffsetMs
    },
  }
}

function assertFiniteMs(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number of milliseconds, got ${String(value)}`)
  }
}
