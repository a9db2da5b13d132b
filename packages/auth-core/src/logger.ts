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
