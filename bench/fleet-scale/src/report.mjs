// Turns the results into the printed table, the markdown table and an SVG chart.

/** Rows of the summary table: one per figure, one column per fleet size. */
export function summaryRows(sizes) {
  const row = (label, pick) => [label, ...sizes.map((s) => String(pick(s) ?? '–'))]
  return [
    ['figure', ...sizes.map((s) => `${s.instances} instances`)],
    row('password grants, cold start', (s) => s.cold.passwordGrants),
    row('token requests, cold start', (s) => s.cold.tokenRequests),
    row('distinct tokens after the cold start', (s) => s.cold.distinctTokens),
    row('refresh grants through the refresh window', (s) => s.expiry.refreshGrants),
    row('password grants through the refresh window', (s) => s.expiry.passwordGrants),
    row('refresh grants after a revocation', (s) => s.revocation.refreshGrants),
    row('password grants after a revocation', (s) => s.revocation.passwordGrants),
    row('instances on the new token after a revocation', (s) => s.revocation.reached),
    row('revocation → new token in use, p50 ms', (s) => s.revocation.p50Ms),
    row('revocation → new token in use, p99 ms', (s) => s.revocation.p99Ms),
    row('getAccessToken() calls/s, steady', (s) => s.steady.getAccessTokenCallsPerSecond),
    row('Redis script calls/s, steady', (s) => s.steady.scriptCallsPerSecond),
    row('Redis script calls/s per instance', (s) => s.steady.scriptCallsPerInstancePerSecond),
    row('Redis commands/s (incl. inside scripts)', (s) => s.steady.commandsPerSecond),
    row('Redis commands/s per instance', (s) => s.steady.commandsPerInstancePerSecond),
    row('Redis µs per script call', (s) => s.steady.usecPerScriptCall),
    row('Redis connections', (s) => s.redisConnections),
    row('heap KiB per instance', (s) => s.memory.heapKiBPerInstance),
    row('RSS KiB per instance', (s) => s.memory.rssKiBPerInstance),
    row('failed calls (all phases)', (s) => s.cold.failed + s.steady.failed + s.revocation.failed),
  ]
}

/** The rows as aligned plain text. */
export function textTable(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((r) => r[column].length)))
  return rows.map((r) => r.map((cell, column) => cell.padEnd(widths[column])).join('  ')).join('\n')
}

/** The rows as a markdown table. */
export function markdownTable(rows) {
  const [head, ...body] = rows
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n')
}

/**
 * What 10,000 instances would ask of one Redis, from the largest size measured: the per-instance
 * rate times 10,000, and the Redis CPU that takes at the measured cost per script call.
 */
export function projection(sizes, target = 10_000) {
  const largest = sizes.at(-1)
  const smallest = sizes[0]
  const perInstance = largest.steady.scriptCallsPerInstancePerSecond
  const scriptCalls = perInstance * target
  const usec = largest.steady.usecPerScriptCall ?? 0
  return {
    instances: target,
    scriptCallsPerSecond: Math.round(scriptCalls),
    commandsPerSecond: Math.round(largest.steady.commandsPerInstancePerSecond * target),
    redisCpuShareOfOneCore: Math.round((scriptCalls * usec) / 10_000) / 100,
    connections: Math.round((largest.redisConnections / largest.instances) * target),
    growth: {
      instances: largest.instances / smallest.instances,
      scriptCalls:
        smallest.steady.scriptCallsPerSecond === 0
          ? null
          : Math.round(
              (largest.steady.scriptCallsPerSecond / smallest.steady.scriptCallsPerSecond) * 100,
            ) / 100,
    },
  }
}

/** A bar chart of steady-state Redis script calls per second against fleet size, with the linear reference. */
export function svgChart(sizes) {
  const width = 560
  const height = 300
  const left = 70
  const bottom = 250
  const top = 40
  const max = Math.max(...sizes.map((s) => s.steady.scriptCallsPerSecond), 1) * 1.15
  const slot = (width - left - 20) / sizes.length
  const y = (value) => bottom - ((bottom - top) * value) / max
  const first = sizes[0]
  const linear = (s) => (first.steady.scriptCallsPerSecond * s.instances) / first.instances
  const bars = sizes
    .map((s, i) => {
      const x = left + i * slot + slot * 0.2
      const w = slot * 0.6
      const value = s.steady.scriptCallsPerSecond
      return [
        `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${w.toFixed(1)}" height="${(bottom - y(value)).toFixed(1)}" fill="#4a7bd0"/>`,
        `<text x="${(x + w / 2).toFixed(1)}" y="${(y(value) - 6).toFixed(1)}" text-anchor="middle" font-size="12">${value}</text>`,
        `<text x="${(x + w / 2).toFixed(1)}" y="${bottom + 18}" text-anchor="middle" font-size="12">${s.instances} instances</text>`,
        `<line x1="${x.toFixed(1)}" x2="${(x + w).toFixed(1)}" y1="${y(linear(s)).toFixed(1)}" y2="${y(linear(s)).toFixed(1)}" stroke="#d04a4a" stroke-dasharray="4 3" stroke-width="2"/>`,
      ].join('\n  ')
    })
    .join('\n  ')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
  <title>Redis script calls per second in steady state, by fleet size</title>
  <text x="${width / 2}" y="20" text-anchor="middle" font-size="14">Redis script calls per second, steady state</text>
  <line x1="${left}" x2="${width - 10}" y1="${bottom}" y2="${bottom}" stroke="#333"/>
  <line x1="${left}" x2="${left}" y1="${top - 10}" y2="${bottom}" stroke="#333"/>
  <text x="${left - 8}" y="${y(0)}" text-anchor="end" font-size="11">0</text>
  <text x="${left - 8}" y="${y(max / 1.15).toFixed(1)}" text-anchor="end" font-size="11">${Math.round(max / 1.15)}</text>
  ${bars}
  <text x="${left}" y="${height - 8}" font-size="11" fill="#d04a4a">dashed: linear growth from the smallest fleet</text>
</svg>
`
}
