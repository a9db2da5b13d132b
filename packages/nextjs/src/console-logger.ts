import type { Logger } from '@mediroutes/auth-core'

const quiet = () => {}

/**
 * The default logger of the route handlers and actions: warnings and errors on the server
 * console (where `next start` and hosting platforms collect them), the rest dropped.
 * Fields never hold a secret.
 */
export const consoleLogger: Logger = {
  debug: quiet,
  info: quiet,
  warn: (fields, message) => console.warn(`[mediroutes] ${message}`, fields),
  error: (fields, message) => console.error(`[mediroutes] ${message}`, fields),
}

/** A thrown value described for a log line: never the value itself, which may hold anything. */
export { describeError } from '@mediroutes/auth-core/internal'
