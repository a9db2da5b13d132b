import {
  createMediRoutesClient,
  isMediRoutesAuthError,
  type Logger,
  MediRoutesAuthError,
  type MediRoutesClient,
  type MediRoutesClientOptions,
  mediRoutesOptionsFromEnv,
} from '@mediroutes/auth-core'
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

function configError(where: string, message: string, cause?: unknown): MediRoutesAuthError {
  return new MediRoutesAuthError(
    'invalid_config',
    `@mediroutes/fastify${where}: ${message}`,
    cause === undefined ? {} : { cause },
  )
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
 * options, or, when no client option at all was passed, from the `MEDIROUTES_*` variables.
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

  let resolved: MediRoutesClientOptions
  if (optionNames.length === 0) {
    try {
      resolved = mediRoutesOptionsFromEnv()
    } catch (error) {
      throw wrapped(where, error)
    }
  } else {
    // The environment is read only when nothing is passed; say so rather than echo the core's hint.
    if (clientOptions.username === undefined) {
      throw configError(
        where,
        '`username` is required when client options are passed (MEDIROUTES_* variables are read only when the plugin gets no client options)',
      )
    }
    if (clientOptions.password === undefined) {
      throw configError(
        where,
        '`password` is required when client options are passed (MEDIROUTES_* variables are read only when the plugin gets no client options)',
      )
    }
    resolved = clientOptions as MediRoutesClientOptions
  }
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
  return configError(where, error.message, error)
}
