import type { MediRoutesClient as CoreMediRoutesClient } from '@mediroutes/auth-core'
import { MediRoutesClient, MediRoutesTripWebhooksModule } from '@mediroutes/nestjs'
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  type INestApplication,
  Inject,
  Injectable,
  Logger,
  Module,
  type Type,
} from '@nestjs/common'
import { ModuleRef } from '@nestjs/core'
import {
  type SubscribedTrips,
  subscribeTodaysTrips,
  unsubscribeTrips,
} from './subscribe-todays-trips.js'
import { TripChangeLog } from './trip-change-log.js'

/** Where deliveries arrive: `POST /webhooks/mediroutes/<secret>`. */
export const TRIP_WEBHOOKS_PATH = 'webhooks/mediroutes'
const TRIP_WEBHOOKS_OPTIONS = Symbol('TRIP_WEBHOOKS_OPTIONS')

/** How the service receives trip webhooks. */
export interface TripWebhooksOptions {
  /** The callback URL's unguessable last segment (`generateWebhookSecret()` makes one). */
  secret: string
  /**
   * The webhook path as MediRoutes reaches it, without the secret, e.g.
   * `https://dispatch.example.org/webhooks/mediroutes`. Default: the service's own URL.
   */
  publicUrl?: string
}

/**
 * Trip webhooks from `MEDIROUTES_WEBHOOK_SECRET` (and `WEBHOOK_PUBLIC_URL`); `undefined`, so
 * webhooks stay off, without a secret.
 */
export function tripWebhooksFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): TripWebhooksOptions | undefined {
  const secret = env.MEDIROUTES_WEBHOOK_SECRET
  if (secret === undefined || secret === '') return undefined
  const publicUrl = env.WEBHOOK_PUBLIC_URL
  return publicUrl === undefined || publicUrl === '' ? { secret } : { secret, publicUrl }
}

/** Subscribes the day's trips once the service listens, and unsubscribes them on shutdown. */
@Injectable()
export class TripSubscriptions implements BeforeApplicationShutdown {
  readonly #logger = new Logger('TripWebhooks')
  #subscribed: SubscribedTrips | undefined

  constructor(
    @Inject(TRIP_WEBHOOKS_OPTIONS) private readonly options: TripWebhooksOptions,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
  ) {}

  /** The client user's client, registered by `MediRoutesModule` in the app module. */
  #client(): CoreMediRoutesClient {
    return this.moduleRef.get(MediRoutesClient, { strict: false }) as CoreMediRoutesClient
  }

  async subscribe(serviceUrl: string, date: string): Promise<SubscribedTrips> {
    const callbackBase = this.options.publicUrl ?? `${serviceUrl}/${TRIP_WEBHOOKS_PATH}`
    const subscribed = await subscribeTodaysTrips(this.#client(), {
      callbackBase,
      secret: this.options.secret,
      date,
    })
    this.#subscribed = subscribed
    for (const { provider, names } of subscribed.providers) {
      this.#logger.log(
        `subscribed to changes of ${names.length} open trips of ${provider} on ${date}`,
      )
    }
    return subscribed
  }

  async beforeApplicationShutdown(): Promise<void> {
    const subscribed = this.#subscribed
    this.#subscribed = undefined
    if (subscribed !== undefined) await unsubscribeTrips(this.#client(), subscribed)
  }
}

@Module({})
class DispatchWithTripWebhooks {}

/**
 * The app module plus trip webhooks: the adapter's receiver at `POST /webhooks/mediroutes/<secret>`
 * and a log line per handled change. Without options, the app module unchanged.
 */
export function withTripWebhooks(
  appModule: Type,
  options: TripWebhooksOptions | undefined,
): Type | DynamicModule {
  if (options === undefined) return appModule
  return {
    module: DispatchWithTripWebhooks,
    imports: [
      appModule,
      MediRoutesTripWebhooksModule.forRoot({ path: TRIP_WEBHOOKS_PATH, secret: options.secret }),
    ],
    providers: [
      { provide: TRIP_WEBHOOKS_OPTIONS, useValue: options },
      TripSubscriptions,
      TripChangeLog,
    ],
  }
}

/**
 * Subscribes the open trips of `date` (default: today, UTC) to the service listening at
 * `serviceUrl`. Call after `listen`; an app built without trip webhooks is left alone.
 */
export async function subscribeTripWebhooks(
  app: INestApplication,
  serviceUrl: string,
  date = new Date().toISOString().slice(0, 10),
): Promise<SubscribedTrips | undefined> {
  let subscriptions: TripSubscriptions
  try {
    subscriptions = app.get(TripSubscriptions, { strict: false })
  } catch {
    return undefined
  }
  return subscriptions.subscribe(serviceUrl, date)
}
