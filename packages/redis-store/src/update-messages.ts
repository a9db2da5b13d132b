/**
 * The messages stores publish on a key's channel, `<type>:<sender>:<detail>`. They carry no secret
 * (a refused token travels as its fingerprint), so a subscriber learns only that something changed:
 * - `s` a token set was written (detail: its version); readers re-read the record;
 * - `d` the record was deleted;
 * - `r` an access token was refused (detail: its fingerprint); readers show it as expired;
 * - `l` a lease was released; waiters try to take it.
 */
export type UpdateMessage =
  | { type: 's' | 'd' | 'l'; from: string }
  | { type: 'r'; from: string; fingerprint: string }

/** Encodes a message from `from` (a store instance id). */
export function encodeMessage(type: 's' | 'd' | 'r' | 'l', from: string, detail = ''): string {
  return `${type}:${from}:${detail}`
}

/** Decodes a message; `undefined` for one this version does not know (it is then taken as "something changed"). */
export function decodeMessage(text: string): UpdateMessage | undefined {
  const [type, from = '', detail = ''] = text.split(':')
  if (type === 'r') return detail === '' ? undefined : { type, from, fingerprint: detail }
  if (type === 's' || type === 'd' || type === 'l') return { type, from }
  return undefined
}
