import type { Palette } from './colour.js'

/**
 * Formats a parsed JSON value like `JSON.stringify(value, null, 2)`, with each token painted by
 * `paint`. With a palette that colours nothing, the output is exactly `JSON.stringify`'s.
 */
export function formatJson(value: unknown, paint: Palette, indent = ''): string {
  if (value === null) return paint.literal('null')
  if (typeof value === 'boolean') return paint.literal(String(value))
  if (typeof value === 'number') return paint.number(JSON.stringify(value))
  if (typeof value === 'string') return paint.string(JSON.stringify(value))
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    const items = value.map((item) => `${inner}${formatJson(item, paint, inner)}`)
    return `[\n${items.join(',\n')}\n${indent}]`
  }
  const entries = Object.entries(value as Record<string, unknown>)
  if (entries.length === 0) return '{}'
  const fields = entries.map(
    ([key, item]) => `${inner}${paint.key(JSON.stringify(key))}: ${formatJson(item, paint, inner)}`,
  )
  return `{\n${fields.join(',\n')}\n${indent}}`
}
