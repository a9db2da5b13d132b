import type { Logger as MediRoutesLogger } from '@mediroutes/auth-core'
import { Logger } from '@nestjs/common'

/**
 * Field names whose values are never written, whatever they hold. The core already keeps secrets
 * out of its log fields; this is a second line of defence for fields added later or by a store.
 */
const SECRET_FIELD = /pass(word)?|secret|token|authorization|cookie|credential/i

/**
 * Bridges the core's pino-style logger (`(fields, message)`) to Nest's `Logger`, so the client's
 * lines go wherever the app sends its Nest logs (`app.useLogger(...)`), under `context`.
 * Levels: debug → `debug`, info → `log`, warn → `warn`, error → `error`.
 */
export function nestLoggerBridge(context: string): MediRoutesLogger {
  const logger = new Logger(context)
  return {
    debug: (fields, message) => logger.debug(line(fields, message)),
    info: (fields, message) => logger.log(line(fields, message)),
    warn: (fields, message) => logger.warn(line(fields, message)),
    error: (fields, message) => logger.error(line(fields, message)),
  }
}

/** One line: the message, then the fields as JSON with secret-looking fields redacted. */
function line(fields: Record<string, unknown>, message: string): string {
  if (typeof fields !== 'object' || fields === null || Object.keys(fields).length === 0)
    return message
  return `${message} ${safeJson(fields)}`
}

function safeJson(fields: Record<string, unknown>): string {
  try {
    return JSON.stringify(fields, (key, value: unknown) =>
      key !== '' && SECRET_FIELD.test(key) ? '[redacted]' : value,
    )
  } catch {
    // A cycle or a BigInt must not turn a log line into an exception inside token handling.
    return '{"fields":"[unserializable]"}'
  }
}
