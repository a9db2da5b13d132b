import type { TripChange } from '@mediroutes/auth-core/webhooks'
import { OnTripChanged } from '@mediroutes/nestjs'
import { Injectable, Logger } from '@nestjs/common'

/**
 * One line per handled change, from the trip as the API returned it (the receiver read it back),
 * never from the delivery, which anyone holding the URL could forge. No key, token or secret.
 */
export function describeTripChange({
  trip,
  tripGuid,
  status,
  sequence,
  provider,
}: TripChange): string {
  const id = typeof trip.trip_id === 'string' ? trip.trip_id : tripGuid
  return `trip ${id} ${status ?? 'without status'} (sequence ${sequence ?? 'none'}, ${provider}, guid ${tripGuid})`
}

/** Logs every trip change the webhook receiver hands over. */
@Injectable()
export class TripChangeLog {
  readonly #logger = new Logger('TripChanges')

  @OnTripChanged()
  tripChanged(change: TripChange): void {
    this.#logger.log(describeTripChange(change))
  }
}
