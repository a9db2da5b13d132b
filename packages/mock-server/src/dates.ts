const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i

/** Whether `value` is a real `YYYY-MM-DD` calendar date (not 2024-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false
  const time = Date.parse(`${value}T00:00:00Z`)
  return Number.isFinite(time) && new Date(time).toISOString().startsWith(value)
}

/** Whether `value` is an ISO 8601 date-time with a zone (`Z` or `±hh:mm`), e.g. `2024-06-01T14:30:00Z`. */
export function isZonedDateTime(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME.test(value) && Number.isFinite(Date.parse(value))
}

/** The `YYYY-MM-DD` (UTC) of an epoch-ms time. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}
