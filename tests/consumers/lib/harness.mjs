// What every consumer case needs: a fresh npm project outside the workspace, commands run in
// it with their output kept in a log, background servers that are always stopped, the emulator
// started from the project's own node_modules (installed from its tarball), and HTTP checks.
import { spawn } from 'node:child_process'
import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

export class CheckError extends Error {}

/** Fails the case with a message when `condition` is false. */
export function check(condition, message) {
  if (!condition) throw new CheckError(message)
}

/** One project directory and everything started in it. */
export class Project {
  constructor({ dir, log, env }) {
    this.dir = dir
    this.logFile = log
    this.env = env
    this.background = []
    mkdirSync(dir, { recursive: true })
    writeFileSync(log, '')
  }

  log(text) {
    appendFileSync(this.logFile, text.endsWith('\n') ? text : `${text}\n`)
  }

  write(path, content) {
    const target = join(this.dir, path)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(
      target,
      typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
    )
  }

  copy(from, to) {
    const target = join(this.dir, to)
    mkdirSync(dirname(target), { recursive: true })
    cpSync(from, target, { recursive: true })
  }

  read(path) {
    return readFileSync(join(this.dir, path), 'utf8')
  }

  /** The version of a package as installed in this project. */
  installedVersion(name) {
    return JSON.parse(this.read(`node_modules/${name}/package.json`)).version
  }

  /**
   * Runs a command to completion; throws with the tail of its output unless it exits with
   * `expectExit` (default 0). Resolves to { code, stdout, stderr }.
   */
  exec(command, args, { env = {}, input, expectExit = 0, timeoutMs = 300_000 } = {}) {
    this.log(`\n$ ${[command, ...args].join(' ')}`)
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: this.dir,
        env: { ...this.env, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk) => {
        stdout += chunk
        this.log(String(chunk))
      })
      child.stderr.on('data', (chunk) => {
        stderr += chunk
        this.log(String(chunk))
      })
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      child.stdin.end(input ?? '')
      child.on('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      child.on('close', (code, signal) => {
        clearTimeout(timer)
        const result = { code, stdout, stderr }
        if (expectExit === null || code === expectExit) return resolve(result)
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-25).join('\n')
        reject(
          new CheckError(
            `\`${[command, ...args].join(' ')}\` exited with ${signal ?? code}, expected ${expectExit}:\n${tail}`,
          ),
        )
      })
    })
  }

  /**
   * Starts a long-running command; resolves once a line of its output matches `ready`. It is
   * stopped by `stopAll()` at the end of the case, whatever happened.
   */
  start(command, args, { env = {}, ready, timeoutMs = 60_000 } = {}) {
    this.log(`\n$ ${[command, ...args].join(' ')} &`)
    const child = spawn(command, args, {
      cwd: this.dir,
      env: { ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    this.background.push(child)
    let output = ''
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new CheckError(
            `\`${command} ${args.join(' ')}\` not ready after ${timeoutMs} ms:\n${output.slice(-2000)}`,
          ),
        )
      }, timeoutMs)
      const onData = (chunk) => {
        output += chunk
        this.log(String(chunk))
        const match = ready.exec(output)
        if (match) {
          clearTimeout(timer)
          resolve({ child, match, output: () => output })
        }
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', onData)
      child.on('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      child.on('exit', (code, signal) => {
        clearTimeout(timer)
        reject(
          new CheckError(
            `\`${command} ${args.join(' ')}\` exited (${signal ?? code}) before it was ready:\n${output.slice(-2000)}`,
          ),
        )
      })
    })
  }

  /** The emulator, from this project's node_modules, through its CLI on a free port. */
  async emulator(extraArgs = []) {
    const port = await freePort()
    const { match } = await this.start(
      'node',
      ['node_modules/@mediroutes/mock-server/dist/cli.js', '--port', String(port), ...extraArgs],
      { ready: /listening on (http:\/\/\S+)/ },
    )
    const url = match[1]
    return {
      url,
      env: {
        MEDIROUTES_BASE_URL: url,
        MEDIROUTES_USERNAME: 'demo',
        MEDIROUTES_PASSWORD: 'demo-password',
      },
    }
  }

  async stopAll() {
    for (const child of this.background.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue
      const exited = new Promise((resolve) => child.once('exit', resolve))
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {}
      const stopped = await Promise.race([exited.then(() => true), delay(5000).then(() => false)])
      if (!stopped) {
        try {
          process.kill(-child.pid, 'SIGKILL')
        } catch {}
      }
    }
  }
}

/** GET (or another method) and the parsed JSON body, failing the case on an unexpected status. */
export async function fetchJson(url, { status = 200, ...init } = {}) {
  const response = await fetchWhenListening(url, init)
  const text = await response.text()
  check(
    response.status === status,
    `${init.method ?? 'GET'} ${url} answered ${response.status}, expected ${status}: ${text.slice(0, 500)}`,
  )
  try {
    return JSON.parse(text)
  } catch {
    throw new CheckError(`${url} did not answer JSON: ${text.slice(0, 500)}`)
  }
}

/**
 * fetch, retried while nothing listens yet: frameworks print "started" a moment before the
 * socket accepts connections.
 */
export async function fetchWhenListening(url, init, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await fetch(url, init)
    } catch (error) {
      if (error?.cause?.code !== 'ECONNREFUSED' || Date.now() > deadline) throw error
      await delay(200)
    }
  }
}

/** Today as the emulator's seeded day sees it. */
export function today() {
  return new Date().toISOString().slice(0, 10)
}
