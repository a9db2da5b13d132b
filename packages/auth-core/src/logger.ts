import { configError } from './errors.js'

/** A log method in the pino style: structured fields first, then the message. */
export type LogMethod = (fields: Record<string, unknown>, message: string) => void

/**
 * Where the client writes what it does. pino and most pino-compatible loggers fit as is;
 * adapters bridge framework loggers. Fields never hold secrets.
 */
export interface Logger {
  debug: LogMethod
  info: LogMethod
  warn: LogMethod
  error: LogMethod
}

const ignore: LogMethod = () => {}

/** The default: says nothing. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore }

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const

/**
 * Checks a logger option up front and returns one that never throws (a throwing logger must not
 * turn a working call into a failure). `undefined` gives {@link silentLogger}.
 * @param option the option's name in the error message, e.g. `logger`.
 * @throws {MediRoutesAuthError} `invalid_config` when a method is missing.
 */
export function checkLogger(logger: unknown, option = 'logger'): Logger {
  if (logger === undefined) return silentLogger
  const candidate = logger as Record<string, unknown> | null
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !LOG_LEVELS.every((level) => typeof candidate[level] === 'function')
  ) {
    throw configError(
      `${option} must have debug, info, warn and error methods (pino and most loggers fit)`,
    )
  }
  const safe = {} as Logger
  for (const level of LOG_LEVELS) {
    const method = candidate[level] as Logger[typeof level]
    safe[level] = (fields, message) => {
      try {
        method.call(candidate, fields, message)
      } catch {
        // Logging must never turn a working call into a failure.
      }
    }
  }
  return safe
}
