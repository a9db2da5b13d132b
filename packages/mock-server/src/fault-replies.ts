import { jsonReply, type Reply } from './reply.js'
import type { MockFault } from './types.js'

/** What the `html` fault serves: a proxy's error page where JSON was expected. */
export const HTML_FAULT_BODY = '<html><body><h1>Service Unavailable</h1></body></html>'

/** The `status` fault's answer: a small JSON body (or the given `body`) and `Retry-After` when set. */
export function statusFaultReply(fault: Extract<MockFault, { kind: 'status' }>): Reply {
  const headers: Record<string, string> = {}
  if (fault.retryAfter !== undefined) {
    headers['Retry-After'] =
      typeof fault.retryAfter === 'number' ? String(Math.ceil(fault.retryAfter)) : fault.retryAfter
  }
  if (fault.body === undefined) {
    return jsonReply(
      fault.status,
      { Message: `The emulator served an injected fault: HTTP ${fault.status}.` },
      headers,
    )
  }
  return {
    status: fault.status,
    headers: { 'Content-Type': contentTypeOf(fault.body), ...headers },
    body: fault.body,
  }
}

/** The `html` fault's answer; status 200 unless the fault names one. */
export function htmlFaultReply(fault: Extract<MockFault, { kind: 'html' }>): Reply {
  return {
    status: fault.status ?? 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: HTML_FAULT_BODY,
  }
}

/** The `truncated-json` fault's answer: 200 with the first half of `successBody`. */
export function truncatedJsonReply(successBody: string, contentType: string): Reply {
  return {
    status: 200,
    headers: { 'Content-Type': contentType },
    body: successBody.slice(0, Math.floor(successBody.length / 2)),
  }
}

function contentTypeOf(body: string): string {
  try {
    JSON.parse(body)
    return 'application/json; charset=utf-8'
  } catch {
    return 'text/plain; charset=utf-8'
  }
}
