import { jsonReply, messageReply, type Reply } from './reply.js'
import { isJsonObject, parseJsonBody } from './request-body.js'
import { TRIP_STATUSES, type TripStatus } from './resources.js'
import type { Route } from './router.js'
import type { FaultInjection, MockServer } from './types.js'

/** The path prefix of the control API, under the server's `basePath`. */
export const CONTROL_PREFIX = '/__mock'

/** What a control handler gets: the raw request body and the query. */
export interface ControlContext {
  body: Buffer
  query: URLSearchParams
}

const NO_CONTENT: Reply = { status: 204, headers: {}, body: '' }

/** Runs an action that answers nothing but "done". */
function done(action: () => void): () => Reply {
  return () => {
    action()
    return NO_CONTENT
  }
}

/**
 * The control API: the {@link MockServer} methods over HTTP, so a test runner, a demo or
 * another process can drive an emulator it did not start. Never rate limited or counted.
 */
export function controlRoutes(server: MockServer): Route<ControlContext>[] {
  const clockState = (): Reply => {
    const now = server.clock.now()
    return jsonReply(200, {
      now,
      iso: new Date(now).toISOString(),
      offsetMs: server.clock.offset(),
    })
  }
  const route = (
    path: string,
    methods: Route<ControlContext>['methods'],
  ): Route<ControlContext> => ({
    pattern: new RegExp(`^${CONTROL_PREFIX}/${path}$`),
    methods,
  })
  return [
    route('counters', { GET: () => jsonReply(200, server.counters()) }),
    route('token-requests', { GET: () => jsonReply(200, server.tokenRequests()) }),
    route('reset', { POST: done(() => server.reset()) }),
    route('reset-counters', { POST: done(() => server.resetCounters()) }),
    route('faults', {
      POST: ({ body }) =>
        withJsonObject(body, (injection) => {
          try {
            server.injectFault(injection as unknown as FaultInjection)
          } catch (error) {
            return messageReply(400, (error as Error).message)
          }
          return NO_CONTENT
        }),
      DELETE: done(() => server.clearFaults()),
    }),
    route('clock', { GET: clockState }),
    route('clock/advance', {
      POST: ({ body }) =>
        withJsonObject(body, ({ ms }) => {
          if (!isFiniteNumber(ms))
            return messageReply(400, 'Send { "ms": <number> } to advance the clock.')
          // Checked before it is applied: a refused change leaves the clock as it was.
          return attempt(() => server.clock.advance(ms), clockState)
        }),
    }),
    route('clock/offset', {
      POST: ({ body }) =>
        withJsonObject(body, ({ ms }) => {
          if (!isFiniteNumber(ms))
            return messageReply(400, 'Send { "ms": <number> } to set the clock offset.')
          return attempt(() => server.clock.setOffset(ms), clockState)
        }),
    }),
    route('revoke', {
      POST: ({ body }) =>
        withJsonObject(body, ({ access, refresh }) => {
          const valid = (flag: unknown): boolean => flag === undefined || typeof flag === 'boolean'
          if (!valid(access) || !valid(refresh) || (access !== true && refresh !== true)) {
            return messageReply(
              400,
              'Send { "access": true } and/or { "refresh": true } to say which tokens to revoke.',
            )
          }
          if (access === true) server.revokeAccessTokens()
          if (refresh === true) server.revokeRefreshTokens()
          return NO_CONTENT
        }),
    }),
    route('users/password', {
      POST: ({ body }) =>
        withJsonObject(body, ({ username, password }) => {
          if (typeof username !== 'string' || typeof password !== 'string' || password === '') {
            return messageReply(
              400,
              'Send { "username": "<existing user>", "password": "<new non-empty password>" }.',
            )
          }
          try {
            server.setPassword(username, password)
          } catch (error) {
            return messageReply(404, (error as Error).message)
          }
          return NO_CONTENT
        }),
    }),
    route('access', {
      GET: ({ query }) => {
        const username = query.get('username')
        if (username === null || username === '') {
          return messageReply(400, "Send ?username=<user> to read that user's access claims.")
        }
        return jsonReply(200, server.accessOf(username))
      },
    }),
    ...(['grant', 'revoke'] as const).map((action) =>
      route(`access/${action}`, {
        POST: ({ body }) =>
          withJsonObject(body, ({ username, provider, fundingSourceId }) => {
            if (
              typeof username !== 'string' ||
              typeof provider !== 'string' ||
              (fundingSourceId !== undefined && !Number.isInteger(fundingSourceId))
            ) {
              return messageReply(
                400,
                `Send { "username": "broker", "provider": "<provider name>", "fundingSourceId"?: <id> } to ${action} access.`,
              )
            }
            const id = fundingSourceId as number | undefined
            return attempt(
              () =>
                action === 'grant'
                  ? server.grantAccess(username, provider, id)
                  : server.revokeAccess(username, provider, id),
              () => jsonReply(200, server.accessOf(username)),
              404,
            )
          }),
      }),
    ),
    route('trips/status', {
      POST: ({ body }) =>
        withJsonObject(body, ({ trip_guid, status }) => {
          if (typeof trip_guid !== 'string' || typeof status !== 'string') {
            return messageReply(
              400,
              'Send { "trip_guid": "<guid>", "status": "arrived_pickup" } to move a trip.',
            )
          }
          if (!TRIP_STATUSES.includes(status as TripStatus)) {
            return messageReply(400, `status must be one of ${TRIP_STATUSES.join(', ')}.`)
          }
          return attempt(
            () => server.setTripStatus(trip_guid, status as TripStatus),
            () => NO_CONTENT,
            404,
          )
        }),
    }),
  ]
}

/** Runs `action`; a thrown error answers `status` (default 400) with its message. */
function attempt(action: () => void, then: () => Reply, status = 400): Reply {
  try {
    action()
  } catch (error) {
    return messageReply(status, (error as Error).message)
  }
  return then()
}

function withJsonObject(body: Buffer, then: (value: Record<string, unknown>) => Reply): Reply {
  const parsed = parseJsonBody(body)
  if (!parsed.ok || !isJsonObject(parsed.value)) {
    return messageReply(400, 'The body must be a JSON object.')
  }
  return then(parsed.value)
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}
