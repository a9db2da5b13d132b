import { createHash } from 'node:crypto'

/** A Lua script with its SHA-1, so it can be run by `EVALSHA` and loaded by `EVAL` only when Redis lost it. */
export interface LuaScript {
  readonly name: string
  readonly source: string
  readonly sha: string
}

function script(name: string, source: string): LuaScript {
  return { name, source, sha: createHash('sha1').update(source).digest('hex') }
}

// Every script touches exactly one key, so each runs on a Redis Cluster as well: the key picks the node.
// Record fields: iat (issuedAt), fp (access token fingerprint), rej ('1' once an API refused it),
// data (the token set, maybe encrypted), rev (when fields beside the tokens, such as access claims,
// were last written for the same token; 0 for none), del ('1' for a tombstone left by delete()).
// A key of another type, or a record whose iat is not a number or lies beyond the writer's clock
// plus a tolerance (ARGV maxIat), counts for nothing: the next write replaces it.

/** KEYS[1] record → [] when there is none, ['!', type] for a key of another type, else [iat, fp, rej, data, del, rev, pttl]. */
export const READ_RECORD = script(
  'read',
  `local t = redis.call('TYPE', KEYS[1]).ok
if t == 'none' then return {} end
if t ~= 'hash' then return {'!', t} end
local f = redis.call('HMGET', KEYS[1], 'iat', 'fp', 'rej', 'data', 'del', 'rev')
f[7] = redis.call('PTTL', KEYS[1])
return f`,
)

/**
 * Versioned compare-and-set. KEYS[1] record; ARGV iat, fp, data, ttlMs, channel, message, rej,
 * maxIat, replace, rev. Refuses (0) when the stored set, or a tombstone, is newer; for the same
 * iat, when it holds another token (the first of two writers of one token set wins) or a revision
 * as new. `replace` ('iat:fp' of a record the writer found unusable) lets the writer replace
 * exactly that record whatever its version. A refusal on the same token keeps the refusal mark.
 */
export const WRITE_RECORD = script(
  'write',
  `local rej = ARGV[7]
if redis.call('TYPE', KEYS[1]).ok == 'hash' then
  local cur = redis.call('HMGET', KEYS[1], 'iat', 'fp', 'rev', 'rej')
  local iat = tonumber(cur[1])
  local max = tonumber(ARGV[8])
  local replace = ARGV[9] ~= '' and ((cur[1] or '') .. ':' .. (cur[2] or '')) == ARGV[9]
  if iat and iat <= max and not replace then
    local new = tonumber(ARGV[1])
    if iat > new then return 0 end
    if iat == new then
      if cur[2] ~= ARGV[2] then return 0 end
      local rev = tonumber(cur[3]) or 0
      if rev > max then rev = 0 end
      if tonumber(ARGV[10]) <= rev then return 0 end
      if cur[4] == '1' then rej = '1' end
    end
  end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'iat', ARGV[1], 'fp', ARGV[2], 'rej', rej, 'data', ARGV[3], 'rev', ARGV[10])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1`,
)

/**
 * Replaces the record by a tombstone that lives as long as the record would have (at least
 * ARGV[2] ms), so neither a slow writer nor an instance that missed the news brings it back.
 * KEYS[1] record; ARGV now, minimum tombstone ttlMs, channel, message, maxIat.
 */
export const DELETE_RECORD = script(
  'delete',
  `local iat = ARGV[1]
if redis.call('TYPE', KEYS[1]).ok == 'hash' then
  local raw = redis.call('HGET', KEYS[1], 'iat')
  local cur = tonumber(raw)
  if cur and cur > tonumber(iat) and cur <= tonumber(ARGV[5]) then iat = raw end
end
local ttl = math.max(redis.call('PTTL', KEYS[1]), tonumber(ARGV[2]))
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'iat', iat, 'del', '1')
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1`,
)

/** Marks the stored set refused when its access token is the one refused. KEYS[1] record; ARGV fp, channel, message. */
export const REJECT_RECORD = script(
  'reject',
  `if redis.call('TYPE', KEYS[1]).ok == 'hash' and redis.call('HGET', KEYS[1], 'fp') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'rej', '1')
end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`,
)

/** KEYS[1] lease; ARGV owner, ttlMs → 'OK' when taken, else the holder's remaining ms (PTTL). */
export const ACQUIRE_LEASE = script(
  'acquire',
  `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'OK' end
return redis.call('PTTL', KEYS[1])`,
)

/** Compare-and-extend: only the owner extends, e.g. before each retry of a long grant. KEYS[1] lease; ARGV owner, ttlMs. */
export const EXTEND_LEASE = script(
  'extend',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`,
)

/** Compare-and-delete: only the owner releases, never a later holder. KEYS[1] lease; ARGV owner, channel, message. */
export const RELEASE_LEASE = script(
  'release',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 1
end
return 0`,
)

/**
 * A sliding-window log of requests, timed by Redis so the fleet's clocks do not matter, and a
 * shared pause (set after a 429). KEYS[1] window, KEYS[2] pause; ARGV limit, windowMs, member
 * → 0 when a slot was booked, else ms to wait.
 */
export const TAKE_BUDGET_SLOT = script(
  'budget',
  `local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return paused end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`,
)

/** Pauses a budget for the whole fleet, never shortening a longer pause. KEYS[1] pause; ARGV ms. */
export const PAUSE_BUDGET = script(
  'pause',
  `if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1`,
)
