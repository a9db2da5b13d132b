/**
 * A duration for people, to the minute: `23 h 59 min`, `4 min`, `less than a minute`, or
 * `expired 5 min ago` for a negative one.
 */
export function describeDuration(ms: number): string {
  if (ms < 0) return `expired ${describeDuration(-ms)} ago`
  const minutes = Math.floor(ms / 60_000)
  if (minutes === 0) return 'less than a minute'
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const rest = minutes % 60
  const parts: string[] = []
  if (days > 0) parts.push(`${days} d`)
  if (hours > 0) parts.push(`${hours} h`)
  if (rest > 0 && days === 0) parts.push(`${rest} min`)
  return parts.join(' ')
}
