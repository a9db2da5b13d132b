// @ts-check
// Starts the emulator's CLI in its own process, so the client under test has the event loop to itself.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/**
 * @param {string[]} args extra CLI flags
 * @returns {Promise<{ url: string, control: (path: string, init?: RequestInit) => Promise<any>, stop: () => void }>}
 */
export async function startEmulatorProcess(args = []) {
  const cli = join(
    dirname(require.resolve('@mediroutes/mock-server/package.json')),
    'dist',
    'cli.js',
  )
  const child = spawn(process.execPath, [cli, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = out.match(/listening on (\S+)/)
      if (match) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)))
  })
  return {
    url,
    control: async (path, init) => {
      const response = await fetch(`${url}/__mock/${path}`, init)
      return response.status === 204 ? undefined : response.json()
    },
    stop: () => child.kill('SIGTERM'),
  }
}
