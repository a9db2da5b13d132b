import { type DynamicModule, Module } from '@nestjs/common'
import { DiscoveryModule } from '@nestjs/core'
import {
  DEFAULT_TRIP_WEBHOOKS_PATH,
  MEDIROUTES_TRIP_WEBHOOKS_OPTIONS,
} from './mediroutes-trip-webhooks.constants.js'
import { createTripWebhooksController } from './mediroutes-trip-webhooks.controller.js'
import { MediRoutesTripWebhooks } from './mediroutes-trip-webhooks.host.js'
import type { MediRoutesTripWebhooksModuleOptions } from './mediroutes-trip-webhooks.options.js'

/**
 * Receives MediRoutes trip webhooks in a Nest app: a controller at `POST /<path>/<secret>` hands
 * each delivery to the core receiver, which answers 202, reads the trip back through the API and
 * calls every provider method marked `@OnTripChanged()`. Works on the Express and the Fastify
 * platform. The receiver is closed on application shutdown.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: Nest identifies modules by class.
export class MediRoutesTripWebhooksModule {
  /**
   * @throws {MediRoutesAuthError} `invalid_config` at boot for a short secret or a bad option.
   * @example
   * MediRoutesTripWebhooksModule.forRoot({ secret: process.env.MEDIROUTES_WEBHOOK_SECRET! })
   */
  static forRoot(options: MediRoutesTripWebhooksModuleOptions): DynamicModule {
    const path = (options.path ?? DEFAULT_TRIP_WEBHOOKS_PATH).replace(/^\/+|\/+$/g, '')
    return {
      module: MediRoutesTripWebhooksModule,
      imports: [DiscoveryModule],
      controllers: [createTripWebhooksController(path, options.secretHeader !== undefined)],
      providers: [
        { provide: MEDIROUTES_TRIP_WEBHOOKS_OPTIONS, useValue: options },
        MediRoutesTripWebhooks,
      ],
      exports: [MediRoutesTripWebhooks],
    }
  }
}
