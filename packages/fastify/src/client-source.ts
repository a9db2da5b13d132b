import {
  createMediRoutesClient,
  isMediRoutesAuthError,
  type Logger,
  MediRoutesAuthError,
  type MediRoutesClient,
  type MediRoutesClientOptions,
} from '@mediroutes/auth-core'
import { withEnvironment } from '@mediroutes/auth-core/internal'
import type { MediRoutesPluginOptions } from './plugin-options.js'

/** The client to register, and whether the plugin made it (and so must close it). */
export interface ClientSource {
  client: MediRoutesClient
  owned: boolean
}

/** Keys Fastify itself may leave in a plugin's options; they are not client options. */
const FASTIFY_REGISTER_KEYS = new Set(['prefix', 'logLevel', 'logSerializers'])

/** The members the plugin and its users call; enough to catch a wrong object early. */
const CLIENT_METHODS = ['fetch', 'getAccessToken', 'getTokenSet', 'status', 'on', 'close'] as const

function configError(where: string, message: string): MediRoutesAuthError {
  return new MediRoutesAuthError('invalid_config', `@mediroutes/fastify${where}: ${message}`)
}

function isClient(value: unknown): value is MediRoutesClient {
  const candidate = value as Record<string, unknown> | null
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    CLIENT_METHODS.every((name) => typeof candidate[name] === 'function')
  )
}

/**
 * Turns the plugin options into a client: the one passed in, or a new one from the client
 * options, where each of `baseUrl`, `username`, `password` and `clientId` left out is read from
 * its `MEDIROUTES_*` variable.
 * @param logger used for a client the plugin creates, unless the options carry their own.
 * @throws {MediRoutesAuthError} `invalid_config`, saying which option to fix.
 */
export function clientSourceFrom(
  options: MediRoutesPluginOptions | undefined,
  logger: Logger,
): ClientSource {
  if (typeof options !== 'object' || options === null) {
    throw configError('', 'options must be an object such as { username, password }')
  }
  const where = options.namespace === undefined ? '' : ` (namespace "${options.namespace}")`
  const { namespace: _namespace, client, ...rest } = options
  const clientOptions = Object.fromEntries(
    Object.entries(rest).filter(([key]) => !FASTIFY_REGISTER_KEYS.has(key)),
  ) as Partial<MediRoutesClientOptions>
  const optionNames = Object.keys(clientOptions)

  if (client !== undefined) {
    if (!isClient(client)) {
      throw configError(where, '`client` must be a client made by createMediRoutesClient()')
    }
    if (optionNames.length > 0) {
      throw configError(
        where,
        `pass either \`client\` or client options, not both (got ${optionNames.join(', ')} next to \`client\`; set them when creating the client)`,
      )
    }
    return { client, owned: false }
  }

  // The core's options rule: each connection option passed wins, each one left out comes from MEDIROUTES_*.
  const resolved = withEnvironment(clientOptions) as MediRoutesClientOptions
  try {
    return {
      client: createMediRoutesClient({ ...resolved, logger: resolved.logger ?? logger }),
      owned: true,
    }
  } catch (error) {
    throw wrapped(where, error)
  }
}

/** Adds where the failing registration is to the core's message; anything else passes through. */
function wrapped(where: string, error: unknown): unknown {
  if (!isMediRoutesAuthError(error)) return error
  return configError(where, error.message)
}
