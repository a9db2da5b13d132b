import type { TripWebhookClient, TripWebhookReceiverOptions } from '@mediroutes/auth-core/webhooks'

/**
 * Options of `MediRoutesTripWebhooksModule.forRoot`: the core receiver's, without the handler
 * (methods marked `@OnTripChanged()` are the handlers), plus where to mount it and which client
 * reads trips back.
 */
export interface MediRoutesTripWebhooksModuleOptions
  extends Omit<TripWebhookReceiverOptions, 'client' | 'onTripChanged'> {
  /** The controller path; deliveries go to `POST /<path>/<secret>`. Default `webhooks/mediroutes`. */
  path?: string
  /** The client that reads trips back. Default: the client `MediRoutesModule` registered (see `clientName`). */
  client?: TripWebhookClient
  /** Which `MediRoutesModule` client to use when `client` is not given. Default: the default client. */
  clientName?: string
}
