// One throwaway redis-server for the whole run, on a free port; each case gets its own database.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { freePort } from './harness.mjs'

export async function startRedis(work) {
  const bin = process.env.REDIS_SERVER_BIN ?? 'redis-server'
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' })
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `the Redis cases need \`${bin}\` (install redis-server, e.g. apt-get install redis-server, or set REDIS_SERVER_BIN)`,
    )
  }
  const port = await freePort()
  const dir = join(work, 'redis')
  mkdirSync(dir, { recursive: true })
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  for (let attempt = 0; attempt < 100; attempt++) {
    if (/Ready to accept connections/.test(output)) break
    if (child.exitCode !== null) throw new Error(`redis-server exited:\n${output}`)
    await delay(100)
  }
  if (!/Ready to accept connections/.test(output)) {
    child.kill('SIGKILL')
    throw new Error(`redis-server did not start:\n${output}`)
  }
  let nextDb = 1
  return {
    port,
    /** A database of its own for one case. */
    url: () => `redis://127.0.0.1:${port}/${nextDb++ % 16}`,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await Promise.race([exited, delay(5000)])
      if (child.exitCode === null) child.kill('SIGKILL')
    },
  }
}
