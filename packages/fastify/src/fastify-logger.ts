import type { Logger } from '@mediroutes/auth-core'
import type { FastifyBaseLogger } from 'fastify'

/** The name the plugin registers under and tags its log lines with. */
export const PLUGIN_NAME = '@mediroutes/fastify'

/**
 * The core's logger, writing to a child of `fastify.log` tagged `plugin: '@mediroutes/fastify'`
 * (and `namespace` when set), so the app's log level, transport and redaction apply. The core
 * puts no secret in its fields or messages.
 */
export function fastifyLogger(log: FastifyBaseLogger, namespace: string | undefined): Logger {
  const child = log.child(
    namespace === undefined ? { plugin: PLUGIN_NAME } : { plugin: PLUGIN_NAME, namespace },
  )
  return {
    debug: (fields, message) => child.debug(fields, message),
    info: (fields, message) => child.info(fields, message),
    warn: (fields, message) => child.warn(fields, message),
    error: (fields, message) => child.error(fields, message),
  }
}
