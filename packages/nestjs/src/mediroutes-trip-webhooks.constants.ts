/** Metadata key `@OnTripChanged()` sets on a method. */
export const ON_TRIP_CHANGED_METADATA = Symbol.for('@mediroutes/nestjs/on-trip-changed')

/** Token of the options given to `MediRoutesTripWebhooksModule.forRoot`. */
export const MEDIROUTES_TRIP_WEBHOOKS_OPTIONS = Symbol('MEDIROUTES_TRIP_WEBHOOKS_OPTIONS')

/** Nest logger context of the receiver. */
export const MEDIROUTES_TRIP_WEBHOOKS_LOGGER_CONTEXT = 'MediRoutesTripWebhooks'

/** Where the receiver is mounted when `path` is not given. */
export const DEFAULT_TRIP_WEBHOOKS_PATH = 'webhooks/mediroutes'
