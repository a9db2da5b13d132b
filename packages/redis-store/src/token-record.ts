/** A token record as read from Redis (see `READ_RECORD`). */
export interface StoredRecord {
  /** `issuedAt` of the stored set, or the time of the deletion for a tombstone: the version compared on write. */
  iat: number
  fp: string
  rejected: boolean
  data: string
  deleted: boolean
  /** Remaining time to live in ms; negative when unknown. */
  pttl: number
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8')
  return undefined
}

/** Parses the script's reply; `undefined` when there is no record (or a reply this version does not know). */
export function parseRecord(reply: unknown): StoredRecord | undefined {
  if (!Array.isArray(reply)) return undefined
  const [iat, fp, rejected, data, deleted, pttl] = reply as unknown[]
  const version = Number(text(iat))
  if (!Number.isFinite(version)) return undefined
  return {
    iat: version,
    fp: text(fp) ?? '',
    rejected: text(rejected) === '1',
    data: text(data) ?? '',
    deleted: text(deleted) === '1',
    pttl: typeof pttl === 'number' ? pttl : Number(pttl ?? -1),
  }
}
