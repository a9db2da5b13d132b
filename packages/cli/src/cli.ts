#!/usr/bin/env node
import { run } from './run.js'

// The core unrefs its retry timers so they never hold a server open; in a one-shot command a
// backoff may be the only thing pending, and Node would exit mid-retry. Hold the loop ourselves.
const keepAlive = setInterval(() => {}, 1 << 30)
try {
  process.exitCode = await run(process.argv.slice(2))
} finally {
  clearInterval(keepAlive)
}
