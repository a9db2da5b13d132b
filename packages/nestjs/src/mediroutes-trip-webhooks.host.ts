import {
  createTripWebhookReceiver,
  type TripChange,
  type TripWebhookClient,
  type TripWebhookReceiver,
} from '@mediroutes/auth-core/webhooks'
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common'
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core'
import { getMediRoutesClientToken } from './mediroutes.tokens.js'
import {
  MEDIROUTES_TRIP_WEBHOOKS_LOGGER_CONTEXT,
  MEDIROUTES_TRIP_WEBHOOKS_OPTIONS,
  ON_TRIP_CHANGED_METADATA,
} from './mediroutes-trip-webhooks.constants.js'
import type { MediRoutesTripWebhooksModuleOptions } from './mediroutes-trip-webhooks.options.js'
import { nestLoggerBridge } from './nest-logger.bridge.js'

type Handler = (change: TripChange) => unknown

/**
 * Holds the core receiver and the `@OnTripChanged()` methods found in the app's providers.
 * Inject it for the receiver's `idle()` and `stats()`.
 */
@Injectable()
export class MediRoutesTripWebhooks implements OnModuleInit, OnApplicationShutdown {
  /** The core receiver the controller hands deliveries to. */
  readonly receiver: TripWebhookReceiver
  readonly #handlers: Handler[] = []
  readonly #discovery: DiscoveryService
  readonly #scanner: MetadataScanner
  readonly #reflector: Reflector

  constructor(
    @Inject(MEDIROUTES_TRIP_WEBHOOKS_OPTIONS) options: MediRoutesTripWebhooksModuleOptions,
    @Inject(DiscoveryService) discovery: DiscoveryService,
    @Inject(MetadataScanner) scanner: MetadataScanner,
    @Inject(Reflector) reflector: Reflector,
    @Inject(ModuleRef) moduleRef: ModuleRef,
  ) {
    this.#discovery = discovery
    this.#scanner = scanner
    this.#reflector = reflector
    const { client, clientName, path: _path, ...receiverOptions } = options
    this.receiver = createTripWebhookReceiver({
      logger: nestLoggerBridge(MEDIROUTES_TRIP_WEBHOOKS_LOGGER_CONTEXT),
      ...receiverOptions,
      client:
        client ??
        lazyClient(() => moduleRef.get(getMediRoutesClientToken(clientName), { strict: false })),
      onTripChanged: async (change) => {
        for (const handler of this.#handlers) await handler(change)
      },
    })
  }

  onModuleInit(): void {
    for (const wrapper of this.#discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined
      if (!wrapper.isDependencyTreeStatic() || instance === undefined || instance === null) continue
      const prototype = Object.getPrototypeOf(instance) as object | null
      if (prototype === null) continue
      for (const name of this.#scanner.getAllMethodNames(prototype)) {
        const method = instance[name]
        if (typeof method !== 'function') continue
        if (this.#reflector.get(ON_TRIP_CHANGED_METADATA, method) !== true) continue
        this.#handlers.push((change) => (method as Handler).call(instance, change))
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.receiver.close()
  }
}

/** The module's client, looked up on first use: at construction it may not exist yet. */
function lazyClient(resolve: () => unknown): TripWebhookClient {
  const client = (): TripWebhookClient => resolve() as TripWebhookClient
  return {
    getAccess: () => client().getAccess(),
    forProvider: (name) => ({
      fetch: (input, init) => client().forProvider(name).fetch(input, init),
    }),
  }
}
