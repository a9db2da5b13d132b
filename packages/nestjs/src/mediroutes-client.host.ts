import {
  type MediRoutesClient as CoreMediRoutesClient,
  createMediRoutesClient,
  MediRoutesAuthError,
  type MediRoutesClientOptions,
} from '@mediroutes/auth-core'
import { withEnvironment } from '@mediroutes/auth-core/internal'
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
 * Turns module options into the core's options with the core's rule (each of `baseUrl`,
 * `username`, `password` and `clientId` passed wins, each one left out is read from
 * `MEDIROUTES_*`), and the Nest logger unless the caller brought one.
 * @throws {MediRoutesAuthError} `invalid_config` for options that are not an object.
 */
function clientOptions(options: MediRoutesModuleOptions, context: string): MediRoutesClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new MediRoutesAuthError(
      'invalid_config',
      'MediRoutesModule options must be an object such as { username, password }; check what forRoot or the forRootAsync factory returns',
    )
  }
  return {
    logger: nestLoggerBridge(context),
    ...withEnvironment(options),
  } as MediRoutesClientOptions
}
