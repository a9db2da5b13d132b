import { SetMetadata } from '@nestjs/common'
import { ON_TRIP_CHANGED_METADATA } from './mediroutes-trip-webhooks.constants.js'

/**
 * Marks a provider method as a handler of MediRoutes trip changes. The method receives a
 * `TripChange` (the trip as read back through the API) once per new trip state, in order per
 * trip. Requires `MediRoutesTripWebhooksModule.forRoot(...)`; the provider must be a singleton.
 * @example
 * \@Injectable()
 * export class Dispatch {
 *   \@OnTripChanged()
 *   async tripChanged({ trip }: TripChange) { ... }
 * }
 */
export function OnTripChanged(): MethodDecorator {
  return SetMetadata(ON_TRIP_CHANGED_METADATA, true)
}
