import { spawn } from 'node:child_process'
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const APP_DIR = join(import.meta.dirname, '..')
const require = createRequire(join(APP_DIR, 'package.json'))

/** The app's sources and the built packages it bundles: a newer file means a stale build. */
function inputs(): string[] {
  const packages = ['@mediroutes/nextjs', '@mediroutes/auth-core'].map((name) =>
    join(realpathSync(join(APP_DIR, 'node_modules', name)), 'dist'),
  )
  return [
    join(APP_DIR, 'app'),
    join(APP_DIR, 'lib'),
    join(APP_DIR, 'next.config.ts'),
    join(APP_DIR, 'package.json'),
    ...packages,
  ]
}

function newestChange(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestChange(join(path, entry))),
    stat.mtimeMs,
  )
}

function isStale(): boolean {
  const buildId = join(APP_DIR, '.next', 'BUILD_ID')
  if (!existsSync(buildId)) return true
  const builtAt = statSync(buildId).mtimeMs
  return inputs().some((input) => newestChange(input) > builtAt)
}

/** Runs `next build` when the build is missing or older than its inputs (CI builds just before). */
export default async function setup(): Promise<void> {
  if (process.env.NEXT_DEMO_REBUILD !== '1' && !isStale()) return
  console.log('[next-demo] building the app (next build)…')
  const output: string[] = []
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
      cwd: APP_DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.on('error', reject)
    child.on('exit', resolve)
  })
  if (code !== 0) {
    throw new Error(`next build failed with exit code ${code}:\n${output.join('')}`)
  }
}
