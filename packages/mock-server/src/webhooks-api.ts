import { jsonReply, messageReply, type Reply } from './reply.js'
import { isJsonObject, parseJsonBody } from './request-body.js'
import type { Route } from './router.js'
import type { WebhookSubscriptions } from './webhooks-subscriptions.js'

/** What a webhook route needs of a request once routing and authentication passed. */
export interface WebhookApiContext {
  method: string
  query: URLSearchParams
  body: Buffer
  /** The account the bearer token was issued to. */
  username: string
}

/** The provider a key stands for, checked against the caller's claims. */
export interface WebhookCaller {
  provider: string
  fundingSourceIds: ReadonlySet<number>
}

/** How the webhook routes learn about providers, claims and trips: the emulator's own books. */
export interface WebhookDirectory {
  /** The provider of `apiKey` within the caller's claims, or the 400/403 to answer. */
  caller(username: string, apiKey: string | undefined): WebhookCaller | Reply
  /** The trip's provider and funding source, or `undefined` when no trip has this GUID. */
  trip(tripGuid: string): { provider: string; fundingSourceId: number } | undefined
}

const MAX_NAME_LENGTH = 100

/**
 * The vendor's webhook subscription endpoints: trip level (`/api/v1/webhook/trip`, a JSON body:
 * the path is an assumption) and funding-source level (`/api/v1/webhook/newTrip`, a form body with
 * `webhookNewTripModel=<json>&api_key=…`, as seen in a client). Unsubscribe with `DELETE` and
 * `?api_key=…&name=…` (an assumption).
 */
export function webhookApiRoutes<C extends WebhookApiContext>(
  subscriptions: WebhookSubscriptions,
  directory: WebhookDirectory,
): Route<C>[] {
  const unsubscribe =
    (type: 'trip' | 'newTrip') =>
    ({ query, username }: C): Reply => {
      const caller = directory.caller(username, query.get('api_key') ?? undefined)
      if (isReply(caller)) return caller
      const name = query.get('name')
      if (name === null || name === '') return messageReply(400, 'name is required')
      if (!subscriptions.remove(caller.provider, type, name)) {
        return messageReply(404, `No ${type} webhook named "${name}" for this provider.`)
      }
      return jsonReply(200, { Message: 'Unsubscribed' })
    }
  return [
    {
      pattern: /^\/api\/v1\/webhook\/trip$/i,
      methods: {
        POST: ({ body, username }) => {
          const parsed = parseJsonBody(body)
          if (!parsed.ok || !isJsonObject(parsed.value)) {
            return messageReply(400, 'The request body must be a JSON object.')
          }
          const model = parsed.value
          const caller = directory.caller(username, stringOrUndefined(model.tp_api_key))
          if (isReply(caller)) return caller
          const common = checkCommon(model)
          if (typeof common === 'string') return messageReply(400, common)
          const tripGuid = model.trip_guid
          if (typeof tripGuid !== 'string' || tripGuid === '') {
            return messageReply(400, 'trip_guid is required')
          }
          const trip = directory.trip(tripGuid)
          if (
            trip === undefined ||
            trip.provider !== caller.provider ||
            !caller.fundingSourceIds.has(trip.fundingSourceId)
          ) {
            return messageReply(
              403,
              `Access denied: trip ${tripGuid} is not a trip of this provider within the access claims of this user.`,
            )
          }
          const added = subscriptions.add({
            type: 'trip',
            provider: caller.provider,
            tripGuid,
            ...common,
          })
          return added ? subscribed() : nameTaken(common.name, 'trip')
        },
        DELETE: unsubscribe('trip'),
      },
    },
    {
      pattern: /^\/api\/v1\/webhook\/newTrip$/i,
      methods: {
        POST: ({ body, query, username }) => {
          const form = new URLSearchParams(body.toString('utf8'))
          const apiKey = form.get('api_key') ?? query.get('api_key') ?? undefined
          const caller = directory.caller(username, apiKey)
          if (isReply(caller)) return caller
          const json = form.get('webhookNewTripModel')
          const parsed = json === null ? { ok: false as const } : parseJsonBody(Buffer.from(json))
          if (!parsed.ok || !isJsonObject(parsed.value)) {
            return messageReply(400, 'webhookNewTripModel must be a JSON object.')
          }
          const model = parsed.value
          const common = checkCommon(model)
          if (typeof common === 'string') return messageReply(400, common)
          const fundingSourceId = model.funding_source_id
          if (typeof fundingSourceId !== 'number' || !Number.isInteger(fundingSourceId)) {
            return messageReply(400, 'funding_source_id is required (a number)')
          }
          if (!caller.fundingSourceIds.has(fundingSourceId)) {
            return messageReply(
              403,
              `Access denied: funding source ${fundingSourceId} is not among the access claims of this user.`,
            )
          }
          const added = subscriptions.add({
            type: 'newTrip',
            provider: caller.provider,
            fundingSourceId,
            ...common,
          })
          return added ? subscribed() : nameTaken(common.name, 'newTrip')
        },
        DELETE: unsubscribe('newTrip'),
      },
    },
  ]
}

function subscribed(): Reply {
  return jsonReply(200, { Message: 'Subscribed' })
}

function nameTaken(name: string, type: string): Reply {
  return messageReply(
    409,
    `A ${type} webhook named "${name}" already exists for this provider. Choose another name or unsubscribe it first.`,
  )
}

/** Checks the fields both kinds share; a string is the 400's message. */
function checkCommon(model: Record<string, unknown>):
  | {
      name: string
      callbackUrl: string
      callbackHeaders: Record<string, string>
      version: number
    }
  | string {
  const { name, callback_url: callbackUrl, callback_headers: headers, version } = model
  if (typeof name !== 'string' || name.trim() === '') return 'name is required'
  if (name.length > MAX_NAME_LENGTH) return `name must be at most ${MAX_NAME_LENGTH} characters`
  if (typeof callbackUrl !== 'string' || !isHttpUrl(callbackUrl)) {
    return 'callback_url is required (an absolute http or https URL)'
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return 'version is required (1)'
  }
  const callbackHeaders: Record<string, string> = {}
  if (headers !== undefined && headers !== null) {
    if (!isJsonObject(headers)) return 'callback_headers must be an object of strings'
    for (const [key, value] of Object.entries(headers)) {
      if (typeof value !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) {
        return 'callback_headers must be an object of header names to string values'
      }
      callbackHeaders[key] = value
    }
  }
  return { name, callbackUrl, callbackHeaders, version }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function isReply(value: WebhookCaller | Reply): value is Reply {
  return 'status' in value && 'body' in value
}
