import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The emulator runs in its own process: in the test's process the uploader and the
// server share one event loop, and the server can never close the socket while the
// client is still writing, which is exactly the race this covers.
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
let url = ''
let stop: () => Promise<void> = async () => {}

beforeAll(async () => {
  if (!existsSync(CLI)) {
    throw new Error(
      'dist/cli.js is missing: run `pnpm --filter @mediroutes/mock-server build` first',
    )
  }
  const child = spawn(process.execPath, [CLI, '--port', '0', '--no-rate-limit'])
  url = await new Promise<string>((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (\S+)\n/.exec(output)
      if (match) resolve(match[1]!)
    })
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${output}`)))
  })
  stop = () =>
    new Promise((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
})

afterAll(() => stop())

const FIVE_MB = 5 * 1024 * 1024

/** A 5 MB chunked upload from `node:http` on a fresh connection (`Connection: close`): the status, or the socket error. */
function upload(path: string, oneWrite: boolean): Promise<string> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, {
      method: 'POST',
      agent: false,
      headers: { 'Content-Type': 'application/json' },
    })
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve(String(res.statusCode)))
    })
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
    if (oneWrite) {
      req.end(Buffer.alloc(FIVE_MB, 'x'))
      return
    }
    const chunk = Buffer.alloc(64 * 1024, 'x')
    let sent = 0
    const pump = (): void => {
      while (sent < FIVE_MB) {
        sent += chunk.length
        if (!req.write(chunk)) {
          req.once('drain', pump)
          return
        }
      }
      req.end()
    }
    pump()
  })
}

describe('an oversized upload', () => {
  it.each(['/token', '/api/v1/singletrip', '/__mock/faults'])(
    'always gets the 413 on %s, never EPIPE or a reset (the connection closes in stages)',
    async (path) => {
      const outcomes: string[] = []
      for (let i = 0; i < 8; i++) {
        outcomes.push(await upload(path, false), await upload(path, true))
      }
      expect(outcomes).toEqual(Array(16).fill('413'))
    },
  )
})
