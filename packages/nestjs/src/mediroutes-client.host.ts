import {
  type MediRoutesClient as CoreMediRoutesClient,
  createMediRoutesClient,
  MediRoutesAuthError,
  type MediRoutesClientOptions,
  mediRoutesOptionsFromEnv,
} from '@mediroutes/auth-core'
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common'
import {
  DEFAULT_MEDIROUTES_CLIENT_NAME,
  MEDIROUTES_CLIENT_NAME,
  MEDIROUTES_LOGGER_CONTEXT,
  MEDIROUTES_MODULE_OPTIONS,
} from './mediroutes.constants.js'
import type { MediRoutesModuleOptions } from './mediroutes.options.js'
import { nestLoggerBridge } from './nest-logger.bridge.js'

/**
 * Owns the client of one `MediRoutesModule` registration: creates it from the options at boot
 * and, on shutdown, closes it only if it created it (a client handed in belongs to the caller,
 * and the core itself closes only a store it created).
 */
@Injectable()
export class MediRoutesClientHost implements OnApplicationShutdown {
  readonly client: CoreMediRoutesClient
  readonly #owned: boolean
  readonly #logger: Logger

  /** @throws {MediRoutesAuthError} `invalid_config` when the options (or `MEDIROUTES_*`) are incomplete or wrong. */
  constructor(
    @Inject(MEDIROUTES_MODULE_OPTIONS) options: MediRoutesModuleOptions,
    @Inject(MEDIROUTES_CLIENT_NAME) name: string,
  ) {
    const context =
      name === DEFAULT_MEDIROUTES_CLIENT_NAME
        ? MEDIROUTES_LOGGER_CONTEXT
        : `${MEDIROUTES_LOGGER_CONTEXT}:${name}`
    this.#logger = new Logger(context)
    if (isExistingClient(options)) {
      this.client = options.client
      this.#owned = false
      return
    }
    this.client = createMediRoutesClient(clientOptions(options, context))
    this.#owned = true
    this.#logger.debug(`client ready for ${this.client.username} at ${this.client.baseUrl}`)
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.#owned) return
    await this.client.close()
    this.#logger.debug('client closed')
  }
}

/** @throws {MediRoutesAuthError} `invalid_config` when `client` is given but is not a MediRoutes client. */
function isExistingClient(
  options: MediRoutesModuleOptions,
): options is { client: CoreMediRoutesClient } {
  if (typeof options !== 'object' || options === null || !('client' in options)) return false
  const client = options.client as Partial<CoreMediRoutesClient> | null | undefined
  if (typeof client?.fetch !== 'function' || typeof client.status !== 'function') {
    throw new MediRoutesAuthError(
      'invalid_config',
      'MediRoutesModule option `client` must be a client from createMediRoutesClient(); or leave it out and pass client options',
    )
  }
  return true
}

/**
 * Turns module options into the core's options: credentials from `MEDIROUTES_*` when neither is
 * given, and the Nest logger unless the caller brought one.
 * @throws {MediRoutesAuthError} `invalid_config` for options that are not an object, half-given credentials, or a bad `client`.
 */
function clientOptions(options: MediRoutesModuleOptions, context: string): MediRoutesClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new MediRoutesAuthError(
      'invalid_config',
      'MediRoutesModule options must be an object such as { username, password }; check what forRoot or the forRootAsync factory returns',
    )
  }
  const given = withoutUndefined(options)
  const hasUsername = given.username !== undefined
  const hasPassword = given.password !== undefined
  if (hasUsername !== hasPassword) {
    throw new MediRoutesAuthError(
      'invalid_config',
      `MediRoutesModule got ${hasUsername ? 'a username but no password' : 'a password but no username'}; pass both, or neither to read MEDIROUTES_USERNAME and MEDIROUTES_PASSWORD`,
    )
  }
  const credentials = hasUsername ? {} : mediRoutesOptionsFromEnv()
  return {
    logger: nestLoggerBridge(context),
    ...credentials,
    ...given,
  } as MediRoutesClientOptions
}

/** Drops keys set to `undefined`, so a config value that is unset does not hide the environment's. */
function withoutUndefined(options: object): Partial<MediRoutesClientOptions> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<MediRoutesClientOptions>
}
