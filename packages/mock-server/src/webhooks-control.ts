import { CONTROL_PREFIX, type ControlContext } from './control-api.js'
import { jsonReply, messageReply, type Reply } from './reply.js'
import { isJsonObject, parseJsonBody } from './request-body.js'
import type { Route } from './router.js'
import type { MockWebhooks } from './webhooks.js'
import type { WebhookFaultInjection } from './webhooks-delivery.js'

const NO_CONTENT: Reply = { status: 204, headers: {}, body: '' }

/**
 * The webhook controls over HTTP, under `/__mock/webhooks`: advance a trip, play a day, forge a
 * delivery, faults, retry settings, the delivery log and the subscriptions.
 */
export function webhookControlRoutes(webhooks: MockWebhooks): Route<ControlContext>[] {
  const route = (path: string, methods: Route<ControlContext>['methods']) => ({
    pattern: new RegExp(`^${CONTROL_PREFIX}/webhooks${path}$`),
    methods,
  })
  return [
    route('', { GET: () => jsonReply(200, webhooks.subscriptions()) }),
    route('/deliveries', { GET: () => jsonReply(200, webhooks.deliveries()) }),
    route('/advance', {
      POST: ({ body }) =>
        withObject(body, ({ trip_guid: tripGuid, status }) => {
          if (typeof tripGuid !== 'string' || typeof status !== 'string') {
            return messageReply(400, 'Send { "trip_guid": "<guid>", "status": "<trip status>" }.')
          }
          return attempt(404, () => jsonReply(200, webhooks.advanceTrip(tripGuid, status)))
        }),
    }),
    route('/forge', {
      POST: ({ body }) =>
        withObject(body, ({ trip_guid: tripGuid, status }) => {
          if (typeof tripGuid !== 'string' || typeof status !== 'string') {
            return messageReply(400, 'Send { "trip_guid": "<guid>", "status": "<fake status>" }.')
          }
          return attempt(404, () => jsonReply(200, { sent: webhooks.forge(tripGuid, status) }))
        }),
    }),
    route('/play-day', {
      POST: ({ body }) =>
        withObject(body, ({ speed, date }) =>
          attempt(400, () => {
            const played = webhooks.playDay({
              ...(typeof speed === 'number' ? { speed } : {}),
              ...(typeof date === 'string' ? { date } : {}),
            })
            return jsonReply(202, { changes: played.changes })
          }),
        ),
    }),
    route('/faults', {
      POST: ({ body }) =>
        withObject(body, (injection) =>
          attempt(400, () => {
            webhooks.injectFault(injection as unknown as WebhookFaultInjection)
            return NO_CONTENT
          }),
        ),
      DELETE: () => {
        webhooks.clearFaults()
        return NO_CONTENT
      },
    }),
    route('/settings', {
      POST: ({ body }) =>
        withObject(body, ({ retryDelaysMs, timeoutMs }) =>
          attempt(400, () => {
            webhooks.configure({
              ...(retryDelaysMs === undefined ? {} : { retryDelaysMs: retryDelaysMs as number[] }),
              ...(timeoutMs === undefined ? {} : { timeoutMs: timeoutMs as number }),
            })
            return NO_CONTENT
          }),
        ),
    }),
  ]
}

function attempt(status: number, action: () => Reply): Reply {
  try {
    return action()
  } catch (error) {
    return messageReply(status, (error as Error).message)
  }
}

function withObject(body: Buffer, then: (value: Record<string, unknown>) => Reply): Reply {
  const parsed = parseJsonBody(body)
  if (!parsed.ok || !isJsonObject(parsed.value)) {
    return messageReply(400, 'The body must be a JSON object.')
  }
  return then(parsed.value)
}
