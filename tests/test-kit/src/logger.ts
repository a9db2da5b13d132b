import { inspect } from 'node:util'

/** The levels of the SDK's `Logger`. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** A pino-style log method: fields first, then the message (the SDK's `LogMethod`). */
export type LogMethod = (fields: Record<string, unknown>, message: string) => void

/** A logger, structurally the SDK's `Logger`, that keeps every line it is given. */
export interface RecordingLogger extends Record<LogLevel, LogMethod> {
  /**
   * Every line in order: `level message`, then the fields as JSON, then as `util.inspect`
   * shows them, so a secret that one rendering hides is still found by the other.
   */
  readonly lines: string[]
  /** The lines logged at `level`. */
  at(level: LogLevel): string[]
}

/** A logger that keeps every line, to check what was said and that no secret was. */
export function recordingLogger(): RecordingLogger {
  const lines: string[] = []
  const record =
    (level: LogLevel): LogMethod =>
    (fields, message) => {
      lines.push(
        `${level} ${message} ${JSON.stringify(fields)} ${inspect(fields, { depth: null })}`,
      )
    }
  return {
    lines,
    at: (level) => lines.filter((line) => line.startsWith(`${level} `)),
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  }
}
