import { DEMO_USER, type MockServer, startMockServer } from '@mediroutes/mock-server'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { assertBuilt, closedPort, demoEnv, expectNoSecrets, runCli } from './helpers.js'

let server: MockServer
let subject: string

beforeAll(async () => {
  assertBuilt()
  server = await startMockServer({ rateLimit: false })
  // The subject the emulator puts in the demo user's tokens, read the way the CLI reads it.
  const response = await fetch(`${server.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', ...DEMO_USER }),
  })
  const { access_token } = (await response.json()) as { access_token: string }
  subject = JSON.parse(Buffer.from(access_token.split('.')[1]!, 'base64url').toString()).sub
})
afterAll(() => server.close())
beforeEach(() => server.reset())

describe('mediroutes token', () => {
  it('checks credentials from MEDIROUTES_* and prints subject, user name and expiry, not the token', async () => {
    const result = await runCli(['token'], { env: demoEnv(server.url) })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(`Credentials accepted by ${server.url}`)
    expect(result.stdout).toMatch(new RegExp(`Subject\\s+${subject}\\n`))
    expect(result.stdout).toMatch(/User name\s+demo\n/)
    expect(result.stdout).toMatch(/Issued\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n/)
    expect(result.stdout).toMatch(/Expires in\s+23 h \d+ min\n/)
    expect(result.stderr).toBe('')
    expectNoSecrets(result)
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('reads the password from stdin with --password-stdin, and the account from flags', async () => {
    const result = await runCli(
      ['token', '--base-url', server.url, '--username', 'demo', '--password-stdin'],
      { input: `${DEMO_USER.password}\n` },
    )
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/User name\s+demo\n/)
    expectNoSecrets(result)
  })

  it('prints a JSON summary with --json, without the token', async () => {
    const result = await runCli(['token', '--json'], { env: demoEnv(server.url) })
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report).toMatchObject({
      baseUrl: server.url,
      username: 'demo',
      subject,
      userName: 'demo',
      hasRefreshToken: true,
    })
    expect(report).not.toHaveProperty('accessToken')
    expect(report.expiresInSeconds).toBeGreaterThan(86_000)
    expect(Date.parse(report.expiresAt) - Date.parse(report.issuedAt)).toBe(86_400_000)
    expectNoSecrets(result)
  })

  it('prints the token alone on stdout with --print-token, and that token works', async () => {
    const result = await runCli(['token', '--print-token'], { env: demoEnv(server.url) })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/)
    expect(result.stderr).toContain('Credentials accepted')
    // Not a terminal, so no warning: the reader is a script.
    expect(result.stderr).not.toContain('warning')
    const trips = await fetch(`${server.url}/api/v1/access`, {
      headers: { authorization: `Bearer ${result.stdout.trim()}` },
    })
    expect(trips.status).toBe(200)
  })

  it('adds accessToken to the JSON only with --print-token', async () => {
    const result = await runCli(['token', '--json', '--print-token'], {
      env: demoEnv(server.url),
    })
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout).accessToken).toMatch(/^eyJ/)
  })

  it('exits 3 for a refused password, naming the fix and not the password', async () => {
    const result = await runCli(['token'], { env: demoEnv(server.url, 'not-the-password') })
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^mediroutes: MediRoutes refused the username or password/)
    expect(result.stderr).toContain('MEDIROUTES_PASSWORD')
    expectNoSecrets(result, ['not-the-password'])
  })

  it('exits 4 when the token endpoint rate limits longer than the client waits', async () => {
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 429, retryAfter: 3600 },
      count: Number.POSITIVE_INFINITY,
    })
    const result = await runCli(['token'], { env: demoEnv(server.url) })
    expect(result.code).toBe(4)
    expect(result.stderr).toContain('rate limiting')
    expect(result.stderr).toContain('wait 3600 s')
    expectNoSecrets(result)
  })

  it('exits 5 when the token endpoint keeps failing with 500', async () => {
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 500 },
      count: Number.POSITIVE_INFINITY,
    })
    const result = await runCli(['token'], { env: demoEnv(server.url) })
    expect(result.code).toBe(5)
    expect(result.stderr).toContain('HTTP 500')
  })

  it('exits 6 when the token endpoint answers HTML', async () => {
    server.injectFault({
      target: 'token',
      fault: { kind: 'html' },
      count: Number.POSITIVE_INFINITY,
    })
    const result = await runCli(['token'], { env: demoEnv(server.url) })
    expect(result.code).toBe(6)
    expect(result.stderr).toContain('unusable body')
  })

  it('exits 5 when nothing listens at the base URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`
    const result = await runCli(['token'], { env: demoEnv(url) })
    expect(result.code).toBe(5)
    expect(result.stderr).toContain(`${url}/token failed`)
    expect(result.stderr).toContain('--base-url')
    expectNoSecrets(result)
  })

  it('exits 5 with the timeout hint when the server is slower than --timeout', async () => {
    server.injectFault({
      target: 'token',
      fault: { kind: 'latency', ms: 5000 },
      count: Number.POSITIVE_INFINITY,
    })
    const result = await runCli(['token', '--timeout', '200'], { env: demoEnv(server.url) })
    expect(result.code).toBe(5)
    expect(result.stderr).toContain('timed out')
    expect(result.stderr).toContain('--timeout')
  })

  it('refuses --password on the command line and explains why, without echoing it', async () => {
    const result = await runCli(['token', '--password', 'typed-in-the-open'], {
      env: { MEDIROUTES_BASE_URL: server.url, MEDIROUTES_USERNAME: 'demo' },
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('shell history')
    expect(result.stderr).toContain('--password-stdin')
    expectNoSecrets(result, ['typed-in-the-open'])
    expect(server.counters().tokenRequests).toBe(0)
  })

  it('says how to give a password when there is none and no terminal to prompt on', async () => {
    const result = await runCli(['token'], {
      env: { MEDIROUTES_BASE_URL: server.url, MEDIROUTES_USERNAME: 'demo' },
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'mediroutes: no password: set MEDIROUTES_PASSWORD, pipe it in with --password-stdin, or run in a terminal to be prompted\n',
    )
  })

  it('says how to give a username when there is none', async () => {
    const result = await runCli(['token'], { env: { MEDIROUTES_PASSWORD: 'x' } })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('pass --username or set MEDIROUTES_USERNAME')
  })

  it('exits 2 for an empty --password-stdin and for a bad base URL or --timeout', async () => {
    const empty = await runCli(['token', '--username', 'demo', '--password-stdin'], {
      env: { MEDIROUTES_BASE_URL: server.url },
      input: '\n',
    })
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain('empty password')

    const badUrl = await runCli(['token', '--base-url', 'not a url'], {
      env: demoEnv(server.url),
    })
    expect(badUrl.code).toBe(2)
    expect(badUrl.stderr).toContain('baseUrl is not a valid URL')

    const badTimeout = await runCli(['token', '--timeout', 'soon'], { env: demoEnv(server.url) })
    expect(badTimeout.code).toBe(2)
    expect(badTimeout.stderr).toContain('--timeout must be a whole number')
  })
})
