import { isCalendarDate } from './dates.js'
import { findRider, RIDERS } from './fixtures.js'
import { invalidReply, jsonReply, messageReply, type Reply } from './reply.js'
import { parseJsonBody } from './request-body.js'
import type { Route } from './router.js'
import type { TripStore } from './trip-store.js'
import {
  type Checked,
  checkCancellation,
  checkNewTrip,
  checkStatusChange,
} from './trip-validation.js'

/** What a resource handler gets once routing and authentication passed. */
export interface ApiContext {
  query: URLSearchParams
  body: Buffer
}

/** Final statuses: a trip in one of them cannot change any more. */
const FINAL = new Set(['Cancelled', 'Completed'])

/**
 * The protected resources under `/api`: trips by date and riders.
 *
 * @param store trips, generated and changed.
 * @param now the emulator's clock, for `updatedAt`.
 * @param baseUrl the server's URL, for the `Location` of a created trip.
 */
export function tripsApiRoutes(
  store: TripStore,
  now: () => number,
  baseUrl: () => string,
): Route<ApiContext>[] {
  const notFound = (id: string): Reply => messageReply(404, `Trip ${id} not found.`)
  return [
    {
      pattern: /^\/api\/trips$/,
      methods: {
        GET: ({ query }) => {
          const date = query.get('date')
          if (date === null || date === '') {
            return invalidReply(
              { date: ['The date query parameter is required, e.g. ?date=2024-06-01.'] },
              'The date query parameter is required.',
            )
          }
          if (!isCalendarDate(date)) {
            return invalidReply(
              { date: [`"${date}" is not a date like 2024-06-01.`] },
              'The date query parameter is invalid.',
            )
          }
          return jsonReply(200, store.list(date))
        },
        POST: ({ body }) =>
          withBody(body, checkNewTrip, (trip) => {
            const created = store.create(trip, now())
            return jsonReply(201, created, { Location: `${baseUrl()}/api/trips/${created.id}` })
          }),
      },
    },
    {
      pattern: /^\/api\/trips\/([^/]+)$/,
      methods: {
        GET: (_context, [id = '']) => {
          const trip = store.get(id)
          return trip ? jsonReply(200, trip) : notFound(id)
        },
      },
    },
    {
      pattern: /^\/api\/trips\/([^/]+)\/status$/,
      methods: {
        PATCH: ({ body }, [id = '']) =>
          withBody(body, checkStatusChange, (status) => {
            const trip = store.get(id)
            if (trip === undefined) return notFound(id)
            if (FINAL.has(trip.status) && status !== trip.status) {
              return messageReply(
                409,
                `Trip ${id} is ${trip.status}; a completed or cancelled trip cannot change status.`,
              )
            }
            return jsonReply(200, store.update(id, { status }, now()))
          }),
      },
    },
    {
      pattern: /^\/api\/trips\/([^/]+)\/cancel$/,
      methods: {
        POST: ({ body }, [id = '']) =>
          withBody(body, checkCancellation, ({ reason }) => {
            const trip = store.get(id)
            if (trip === undefined) return notFound(id)
            if (trip.status === 'Cancelled')
              return messageReply(409, `Trip ${id} is already cancelled.`)
            if (trip.status === 'Completed') {
              return messageReply(409, `Trip ${id} is Completed and cannot be cancelled.`)
            }
            const changes =
              reason === undefined
                ? { status: 'Cancelled' as const }
                : { status: 'Cancelled' as const, cancellationReason: reason }
            return jsonReply(200, store.update(id, changes, now()))
          }),
      },
    },
    {
      pattern: /^\/api\/riders$/,
      methods: { GET: () => jsonReply(200, RIDERS) },
    },
    {
      pattern: /^\/api\/riders\/([^/]+)$/,
      methods: {
        GET: (_context, [id = '']) => {
          const rider = findRider(id)
          return rider ? jsonReply(200, rider) : messageReply(404, `Rider ${id} not found.`)
        },
      },
    },
  ]
}

/** Parses the JSON body, checks it, and runs `then` with the result or answers 400. */
function withBody<T>(
  body: Buffer,
  check: (value: unknown) => Checked<T>,
  then: (value: T) => Reply,
): Reply {
  const parsed = parseJsonBody(body)
  if (!parsed.ok) {
    return invalidReply(
      { body: ['The body must be valid JSON.'] },
      'The request body is not valid JSON.',
    )
  }
  const checked = check(parsed.value)
  return checked.ok ? then(checked.value) : invalidReply(checked.errors)
}
