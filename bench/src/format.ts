/** `1234` → `1,234`. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

/** Milliseconds with one decimal below 10 and none above: `2.4`, `318`. */
export function ms(value: number): string {
  return Math.abs(value) < 10 ? value.toFixed(1) : count(value)
}

/** A signed difference in ms: `+0.4`, `−12` (a true minus sign), `0.0`. */
export function signedMs(value: number): string {
  const text = ms(Math.abs(value))
  if (Number(text.replace(/,/g, '')) === 0) return text
  return `${value > 0 ? '+' : '−'}${text}`
}
