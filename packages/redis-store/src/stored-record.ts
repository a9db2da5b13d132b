/**
 * How far ahead of the reader's or writer's clock a record's version may lie. Further than that it
 * was not written by a fleet member with a sane clock, and it must not outrank every later login.
 */
export const FUTURE_TOLERANCE_MS = 60_000

/** A token record as read from Redis (see `READ_RECORD`). */
export type StoredRecord = TokenRecord | Tombstone | UnreadableRecord

interface Versioned {
  /** The raw `iat:fp` pair, which a repairing write names to replace exactly this record. */
  version: string
}

/** A stored token set, not yet decoded. */
export interface TokenRecord extends Versioned {
  kind: 'tokens'
  /** `issuedAt` of the stored set: the version compared on write. */
  iat: number
  fp: string
  rejected: boolean
  data: string
  /** Revision of the fields beside the tokens (0 for none). */
  rev: number
  /** Remaining time to live in ms; negative when unknown. */
  pttl: number
}

/** What `delete` leaves: the time of the deletion, so older writes stay refused. */
export interface Tombstone extends Versioned {
  kind: 'deleted'
  iat: number
}

/** A record that is not one this store could have written: treated as absent, and replaced. */
export interface UnreadableRecord extends Versioned {
  kind: 'unreadable'
  /** Log-safe: says what is wrong, never what the record holds. */
  reason: string
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8')
  return undefined
}

/**
 * Parses the script's reply; `undefined` when there is no record. A version that is not a number,
 * or lies more than {@link FUTURE_TOLERANCE_MS} after `now`, makes the record unreadable.
 */
export function parseRecord(reply: unknown, now: number): StoredRecord | undefined {
  if (!Array.isArray(reply) || reply.length === 0) return undefined
  const [iat, fp, rejected, data, deleted, rev, pttl] = reply as unknown[]
  if (text(iat) === '!') {
    return {
      kind: 'unreadable',
      version: '',
      reason: `the Redis key holds a ${text(fp) ?? 'value'}, not a token record`,
    }
  }
  const rawIat = text(iat) ?? ''
  const rawFp = text(fp) ?? ''
  const version = `${rawIat}:${rawFp}`
  const stamp = /^\d{1,16}$/.test(rawIat) ? Number(rawIat) : Number.NaN
  if (!Number.isSafeInteger(stamp))
    return { kind: 'unreadable', version, reason: 'the token record has no numeric version' }
  if (stamp > now + FUTURE_TOLERANCE_MS)
    return { kind: 'unreadable', version, reason: 'the token record is dated in the future' }
  if (text(deleted) === '1') return { kind: 'deleted', iat: stamp, version }
  const revision = Number(text(rev) ?? 0)
  return {
    kind: 'tokens',
    version,
    iat: stamp,
    fp: rawFp,
    rejected: text(rejected) === '1',
    data: text(data) ?? '',
    rev: Number.isSafeInteger(revision) && revision <= now + FUTURE_TOLERANCE_MS ? revision : 0,
    pttl: typeof pttl === 'number' ? pttl : Number(pttl ?? -1),
  }
}
