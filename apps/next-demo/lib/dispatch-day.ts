/** The dispatch office's time zone: the emulator's riders live in Georgia. */
export const DISPATCH_TIME_ZONE = 'America/New_York'

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPATCH_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})
const timeFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: DISPATCH_TIME_ZONE,
  hour: 'numeric',
  minute: '2-digit',
})
const longDayFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  year: 'numeric',
})

/** Today in the dispatch office, as `YYYY-MM-DD`. */
export function today(now: number = Date.now()): string {
  return dayFormat.format(now)
}

/** A `YYYY-MM-DD` the API accepts, or today when `value` is missing or malformed. */
export function dayOrToday(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const time = Date.parse(`${value}T00:00:00Z`)
    if (Number.isFinite(time) && new Date(time).toISOString().startsWith(value)) return value
  }
  return today()
}

/** `Tuesday, June 4, 2024` for `2024-06-04`. */
export function longDay(day: string): string {
  return longDayFormat.format(Date.parse(`${day}T00:00:00Z`))
}

/** `2:45 PM` in the office's time zone. */
export function clockTime(iso: string | number): string {
  return timeFormat.format(typeof iso === 'number' ? iso : Date.parse(iso))
}

/** `23 h 59 min`, `4 min 10 s`, `expired` for a duration in ms. */
export function duration(ms: number): string {
  if (ms <= 0) return 'expired'
  const seconds = Math.floor(ms / 1000)
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  if (hours > 0) return `${hours} h ${minutes} min`
  if (minutes > 0) return `${minutes} min ${seconds % 60} s`
  return `${seconds} s`
}
