import type { AccessBook } from './access.js'
import {
  type ApiContext,
  type Caller,
  fundingSourceDenied,
  isReply,
  resolveCaller,
} from './api-key.js'
import { isCalendarDate } from './dates.js'
import { charges, tripDate } from './fixtures.js'
import { dataReply, invalidReply, messageReply, type Reply } from './reply.js'
import { isJsonObject } from './request-body.js'
import { FINAL_STATUSES, type MockTrip, TRIP_STATUSES, type TripStatus } from './resources.js'
import type { RiderStore } from './rider-store.js'
import type { Route } from './router.js'
import type { TripStore } from './trip-store.js'
import {
  applyProperties,
  checkRiderFields,
  checkTripFields,
  mergeEvent,
  mergeRider,
  normalizeTime,
  TIME_EXAMPLE,
  type TripFields,
} from './trip-validation.js'

/** The stores and claims the trip endpoints work on. */
export interface TripsApiDeps {
  trips: TripStore
  riders: RiderStore
  access: AccessBook
}

/** A will-call pickup reads 11:59 PM until the rider calls (as the product shows it). */
const WILL_CALL_TIME = / 23:59:00\.000$/

/**
 * Single trips, trips by date and the trip assumptions (cancel, activate will-call,
 * status) under `/api/v1/`.
 */
export function tripsApiRoutes({ trips, riders, access }: TripsApiDeps): Route<ApiContext>[] {
  /** Runs `then` for a caller whose key passed, with the trip the request names (query or body). */
  const withTrip =
    (then: (caller: Caller, trip: MockTrip) => Reply) =>
    (context: ApiContext): Reply => {
      const caller = resolveCaller(context, access)
      if (isReply(caller)) return caller
      const guid = stringParam(context, caller, 'trip_guid')
      const tripId = context.method === 'GET' ? stringParam(context, caller, 'trip_id') : undefined
      if (guid === undefined && tripId === undefined) {
        return messageReply(
          400,
          context.method === 'GET' ? 'trip_id or trip_guid is required' : 'trip_guid is required',
        )
      }
      const trip =
        guid !== undefined
          ? trips.byGuid(caller.provider, guid)
          : trips.byTripId(caller.provider, tripId!)
      if (trip === undefined) {
        return messageReply(
          404,
          `No trip of this provider has that ${guid ? 'trip_guid' : 'trip_id'}.`,
        )
      }
      if (!caller.fundingSourceIds.has(trip.funding_source_id)) {
        return fundingSourceDenied(trip.funding_source_id)
      }
      return then(caller, trip)
    }

  /** Applies a change to a trip that is not final; 409 when it is. */
  const change = (trip: MockTrip, changes: Partial<MockTrip>): Reply => {
    if (FINAL_STATUSES.has(trip.status)) {
      return messageReply(409, `The trip is ${trip.status} and can no longer change.`)
    }
    return dataReply(200, trips.update(trip.trip_guid, changes))
  }

  const create = (caller: Caller, body: Record<string, unknown>): Reply => {
    const checked = checkTripFields(body, true)
    if (!checked.ok) return invalidReply(checked.errors)
    const fields = checked.value
    const source = caller.provider.fundingSources.find((s) => s.id === fields.funding_source_id)
    if (source === undefined || !caller.fundingSourceIds.has(source.id)) {
      return fundingSourceDenied(fields.funding_source_id!)
    }
    if (trips.byTripId(caller.provider, fields.trip_id!) !== undefined) {
      return messageReply(
        409,
        `A trip with trip_id "${fields.trip_id}" already exists for this provider.`,
      )
    }
    const pickup = mergeEvent(undefined, fields.pickup)
    const dropoff = mergeEvent(undefined, fields.dropoff)
    const draft = {
      trip_id: fields.trip_id!,
      rider_id: fields.rider_id!,
      funding_source_id: source.id,
      funding_source_name: source.name,
      space_type: fields.space_type ?? 'AMB',
      phone: fields.phone ?? '',
      trip_type: fields.trip_type ?? 'Appointment',
      additional_passengers: fields.additional_passengers ?? [],
      caller: fields.caller ?? '',
      billable_distance: fields.billable_distance ?? 0,
      total_trip_charge: fields.total_trip_charge ?? 0,
      pickup,
      dropoff,
      ...(WILL_CALL_TIME.test(pickup.pickup_time) ? { status: 'will_call' as const } : {}),
    }
    const created = trips.create(caller.provider, draft, tripDate(draft)!)
    return dataReply(201, created)
  }

  return [
    {
      pattern: /^\/api\/v1\/singletrip$/,
      methods: {
        POST: (context) => {
          const caller = resolveCaller(context, access)
          if (isReply(caller)) return caller
          return create(caller, caller.body)
        },
        GET: withTrip((_caller, trip) => dataReply(200, trip)),
        PATCH: withTrip((caller, trip) => {
          const checked = checkTripFields(caller.body, false)
          if (!checked.ok) return invalidReply(checked.errors)
          return updateTrip(caller, trip, checked.value)
        }),
      },
    },
    {
      pattern: /^\/api\/v1\/singletrip\/withProperties$/,
      methods: Object.fromEntries(
        (['POST', 'PATCH'] as const).map((method) => [
          method,
          withTrip((caller, trip) => {
            const applied = applyProperties(trip, caller.body.properties)
            if (!applied.ok) return invalidReply(applied.errors)
            if (tripDate(applied.value) === undefined) {
              return invalidReply({
                properties: [`A trip needs a pickup_time or an appt_time, e.g. "${TIME_EXAMPLE}".`],
              })
            }
            return change(trip, applied.value)
          }),
        ]),
      ),
    },
    {
      pattern: /^\/api\/v1\/singletrip\/withrider$/,
      methods: {
        POST: (context) => {
          const caller = resolveCaller(context, access)
          if (isReply(caller)) return caller
          const rider = caller.body.rider
          if (!isJsonObject(rider)) {
            return invalidReply({
              rider: ['rider is required: the rider of the trip, as for POST /api/v1/riders.'],
            })
          }
          const riderFields = checkRiderFields(rider, true)
          if (!riderFields.ok) {
            return invalidReply(
              Object.fromEntries(
                Object.entries(riderFields.errors).map(([key, value]) => [`rider.${key}`, value]),
              ),
            )
          }
          const tripBody = { ...caller.body, rider_id: riderFields.value.rider_id }
          const checked = checkTripFields(tripBody, true)
          if (!checked.ok) return invalidReply(checked.errors)
          const source = caller.provider.fundingSources.find(
            (s) => s.id === checked.value.funding_source_id,
          )
          if (source === undefined || !caller.fundingSourceIds.has(source.id)) {
            return fundingSourceDenied(checked.value.funding_source_id!)
          }
          if (riders.byRiderId(caller.provider, riderFields.value.rider_id!).length === 0) {
            riders.create(
              caller.provider,
              mergeRider(undefined, { ...riderFields.value, funding_source_name: source.name }),
            )
          }
          return create(caller, tripBody)
        },
      },
    },
    {
      pattern: /^\/api\/v1\/singletrip\/cancel$/,
      methods: {
        POST: withTrip((caller, trip) => {
          const reason = caller.body.reason
          if (reason !== undefined && typeof reason !== 'string') {
            return invalidReply({ reason: ['reason must be a string.'] })
          }
          if (trip.status === 'cancelled')
            return messageReply(409, 'The trip is already cancelled.')
          return change(trip, {
            status: 'cancelled',
            ...(reason ? { cancel_reason: reason } : {}),
          })
        }),
      },
    },
    {
      pattern: /^\/api\/v1\/singletrip\/activateWillCall$/,
      methods: {
        POST: withTrip((caller, trip) => {
          const time = normalizeTime(caller.body.pickup_time)
          if (time === undefined || time === '') {
            return invalidReply({
              pickup_time: [
                `pickup_time is required: the provider's local time, e.g. "${TIME_EXAMPLE}".`,
              ],
            })
          }
          if (trip.status !== 'will_call') {
            return messageReply(
              409,
              `The trip is ${trip.status}, not a will-call trip waiting for its rider.`,
            )
          }
          return change(trip, {
            status: 'scheduled',
            pickup: { ...trip.pickup, pickup_time: time },
          })
        }),
      },
    },
    {
      pattern: /^\/api\/v1\/singletrip\/status$/,
      methods: {
        GET: withTrip((_caller, trip) =>
          dataReply(200, {
            trip_guid: trip.trip_guid,
            status: trip.status,
            updated_at: trip.updated_at,
            sequence: trip.sequence,
          }),
        ),
      },
    },
    {
      pattern: /^\/api\/v1\/rides\/getRidesByDate$/,
      methods: {
        GET: (context) => {
          const caller = resolveCaller(context, access)
          if (isReply(caller)) return caller
          const date = context.query.get('date')
          if (!isCalendarDate(date)) {
            return messageReply(400, 'date is required, as YYYY-MM-DD (e.g. 2026-12-05).')
          }
          const visible = trips
            .list(caller.provider, date)
            .filter((trip) => caller.fundingSourceIds.has(trip.funding_source_id))
          return dataReply(200, visible)
        },
      },
    },
    {
      pattern: /^\/api\/v1\/rides\/getTripCostBreakdown$/,
      methods: {
        GET: withTrip((_caller, trip) => dataReply(200, costBreakdown(trip))),
      },
    },
  ]

  function updateTrip(caller: Caller, trip: MockTrip, fields: TripFields): Reply {
    const changes: Partial<MockTrip> = { ...fields } as Partial<MockTrip>
    if (fields.funding_source_id !== undefined) {
      const source = caller.provider.fundingSources.find((s) => s.id === fields.funding_source_id)
      if (source === undefined || !caller.fundingSourceIds.has(source.id)) {
        return fundingSourceDenied(fields.funding_source_id)
      }
      changes.funding_source_name = source.name
    } else delete changes.funding_source_name
    if (fields.pickup !== undefined) changes.pickup = mergeEvent(trip.pickup, fields.pickup)
    if (fields.dropoff !== undefined) changes.dropoff = mergeEvent(trip.dropoff, fields.dropoff)
    if (
      fields.trip_id !== undefined &&
      fields.trip_id !== trip.trip_id &&
      trips.byTripId(caller.provider, fields.trip_id) !== undefined
    ) {
      return messageReply(
        409,
        `A trip with trip_id "${fields.trip_id}" already exists for this provider.`,
      )
    }
    if (tripDate({ ...trip, ...changes }) === undefined) {
      return invalidReply({
        pickup: [`A trip needs a pickup_time or an appt_time, e.g. "${TIME_EXAMPLE}".`],
      })
    }
    return change(trip, changes)
  }
}

/** A parameter naming a trip: from the query on GET, from the JSON body otherwise (query as fallback). */
function stringParam(context: ApiContext, caller: Caller, name: string): string | undefined {
  const fromBody = caller.body[name]
  if (typeof fromBody === 'string' && fromBody !== '') return fromBody
  const fromQuery = context.query.get(name)
  return fromQuery === null || fromQuery === '' ? undefined : fromQuery
}

/** What a trip costs, line by line (an assumption: the vendor names the endpoint, not its fields). */
export function costBreakdown(trip: MockTrip): Record<string, unknown> {
  const { rate, mileage, extra, total } = charges(
    trip.space_type,
    trip.billable_distance,
    trip.additional_passengers,
  )
  return {
    trip_guid: trip.trip_guid,
    trip_id: trip.trip_id,
    funding_source_id: trip.funding_source_id,
    space_type: trip.space_type,
    base_rate: rate.base,
    billable_distance: trip.billable_distance,
    mileage_rate: rate.perMile,
    mileage_charge: mileage,
    additional_passenger_charge: extra,
    total_trip_charge: trip.total_trip_charge > 0 ? trip.total_trip_charge : total,
  }
}

/** Whether a status is one the emulator knows. */
export function isTripStatus(value: unknown): value is TripStatus {
  return TRIP_STATUSES.includes(value as TripStatus)
}
