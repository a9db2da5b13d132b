import type { AccessBook } from './access.js'
import { type MockProvider, providerByKey } from './providers.js'
import { messageReply, type Reply } from './reply.js'
import { isJsonObject, parseJsonBody } from './request-body.js'

/** What a resource handler gets once routing and authentication passed. */
export interface ApiContext {
  method: string
  query: URLSearchParams
  body: Buffer
  /** The account the bearer token was issued to. */
  username: string
}

/** The provider a request acts for, and the funding sources the caller may see there. */
export interface Caller {
  username: string
  provider: MockProvider
  fundingSourceIds: ReadonlySet<number>
  /** The parsed JSON body (POST/PATCH/PUT), `{}` for GET/DELETE. */
  body: Record<string, unknown>
}

/** The message of a 400 for a request without a provider key. */
export const KEY_REQUIRED = 'api_key is required'
/** The message of a 403 for a key that is unknown or not in the caller's claims. */
export const KEY_DENIED =
  'Access denied: the api_key is unknown or not among the access claims of this user.'

/** Methods whose key travels in the JSON body as `tp_api_key`. */
const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT'])

/**
 * Finds the provider key of a request and checks it against the caller's claims:
 * `api_key` in the query on GET and DELETE, `tp_api_key` in the JSON body of POST, PATCH
 * and PUT (PATCH and PUT also take `api_key` in the query when the body has none).
 * Missing: 400. Unknown, or a provider outside the claims: 403. The key is never echoed.
 */
export function resolveCaller(context: ApiContext, access: AccessBook): Caller | Reply {
  let body: Record<string, unknown> = {}
  let key: unknown
  if (BODY_METHODS.has(context.method)) {
    const parsed = parseJsonBody(context.body)
    if (!parsed.ok) return messageReply(400, 'The request body is not valid JSON.')
    if (parsed.value !== undefined && !isJsonObject(parsed.value)) {
      return messageReply(400, 'The request body must be a JSON object.')
    }
    body = parsed.value ?? {}
    key = body.tp_api_key
    if ((key === undefined || key === '') && context.method !== 'POST') {
      key = context.query.get('api_key') ?? undefined
    }
  } else {
    key = context.query.get('api_key') ?? undefined
  }
  if (key === undefined || key === null || key === '') {
    // One message for both spellings, as the contract has it; the README says where the key goes.
    return messageReply(400, KEY_REQUIRED)
  }
  const provider = typeof key === 'string' ? providerByKey(key) : undefined
  if (provider === undefined) return messageReply(403, KEY_DENIED)
  const fundingSourceIds = access.fundingSourceIds(context.username, provider)
  if (fundingSourceIds.size === 0) return messageReply(403, KEY_DENIED)
  return { username: context.username, provider, fundingSourceIds, body }
}

/** The 403 for a resource of a funding source outside the caller's claims. */
export function fundingSourceDenied(fundingSourceId: number): Reply {
  return messageReply(
    403,
    `Access denied: funding source ${fundingSourceId} is not among the access claims of this user.`,
  )
}

/** Whether `value` is a reply rather than a caller (the check failed). */
export function isReply(value: Caller | Reply): value is Reply {
  return 'status' in value && 'body' in value
}
