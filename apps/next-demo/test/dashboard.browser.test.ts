import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMediRoutesClient, type MediRoutesClient } from '@mediroutes/auth-core'
import { DEMO_USER } from '@mediroutes/mock-server'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findSecret, type RunningDemo, startDemo } from './app-server'

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOT = join(import.meta.dirname, '..', 'test-results', 'dashboard.png')
const BROWSER_COOKIE = 'browser-session-cookie-value'
const BROWSER_AUTHORIZATION = 'Bearer browser-supplied-token'

interface Seen {
  url: string
  status: number
  headers: string
  body: string
}

let demo: RunningDemo
let context: BrowserContext
let page: Page
let profileDir: string
let direct: MediRoutesClient
const seen: Promise<Seen>[] = []

/** Server actions and re-renders take their time on a loaded machine: wait generously. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000 })

interface Trip {
  id: string
  status: string
  cancellationReason?: string
}

async function tripInEmulator(id: string): Promise<Trip> {
  return (await (await direct.fetch(`/api/trips/${id}`)).json()) as Trip
}

const CHROMIUM_MISSING = `Chromium is not installed at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary`

// Outside the suite, so that a missing browser is a failed test and not only skipped ones.
it('has a Chromium to drive', () => {
  expect(existsSync(CHROMIUM_PATH), CHROMIUM_MISSING).toBe(true)
})

describe('the dispatch dashboard in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(CHROMIUM_MISSING)
    }
    demo = await startDemo()
    direct = createMediRoutesClient({
      baseUrl: demo.emulator.url,
      username: DEMO_USER.username,
      password: DEMO_USER.password,
    })
    profileDir = await mkdtemp(join(tmpdir(), 'next-demo-chromium-'))
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      // Headless through the flag below, so Playwright adds no mode of its own.
      headless: false,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
      viewport: { width: 1360, height: 1000 },
      timeout: 60_000,
    })
    await context.addCookies([{ name: 'session', value: BROWSER_COOKIE, url: demo.url }])
    page = context.pages()[0] ?? (await context.newPage())
    page.setDefaultTimeout(30_000)
    page.on('response', (response) => {
      seen.push(
        (async () => ({
          url: response.url(),
          status: response.status(),
          headers: JSON.stringify(await response.allHeaders()),
          body: await response.text().catch(() => ''),
        }))(),
      )
    })
    await page.goto(demo.url)
  }, 180_000)

  afterAll(async () => {
    await context?.close()
    if (profileDir !== undefined) await rm(profileDir, { recursive: true, force: true })
    await direct?.close()
    await demo?.stop()
  })

  it("lists the day's trips that the emulator holds, read by a Server Component", async () => {
    const day = await page.locator('main').getAttribute('data-date')
    const expected = (await (await direct.fetch(`/api/trips?date=${day}`)).json()) as Trip[]
    const rows = page.locator('tr[data-trip-id]')
    await eventually(() => rows.count()).toBe(expected.length)
    expect(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-trip-id'))),
    ).toEqual(expected.map((trip) => trip.id))
  })

  it('shows the token state without the token', async () => {
    const panel = page.locator('section[data-token-state]')
    expect(await panel.getAttribute('data-token-state')).toBe('valid')
    expect(await panel.locator('[data-field="expires-in"]').textContent()).toMatch(/^\d+ h \d+ min/)
    expect(await panel.locator('[data-field="last-refresh"]').textContent()).toMatch(/ago\)$/)
  })

  it('updates a trip through the server action and shows the new status', async () => {
    const form = page.getByRole('form', { name: "Update a trip's status" })
    const id = await firstScheduledTrip(form.locator('select[name="tripId"]'))
    await form.locator('select[name="tripId"]').selectOption(id)
    await form.locator('select[name="status"]').selectOption('EnRoute')
    await form.getByRole('button', { name: 'Update status' }).click()
    await eventually(() => form.getByRole('status').textContent()).toBe(
      `Trip ${id} is now En Route.`,
    )
    await eventually(() => rowStatus(id)).toBe('EnRoute')
    expect((await tripInEmulator(id)).status).toBe('EnRoute')
  })

  it("shows MediRoutes' own message when it refuses a change", async () => {
    const form = page.getByRole('form', { name: "Update a trip's status" })
    const id = await form.locator('select[name="tripId"]').inputValue()
    demo.emulator.injectFault({
      target: 'api',
      fault: {
        kind: 'status',
        status: 409,
        body: '{"message":"Trip is locked by another dispatcher."}',
      },
    })
    await form.locator('select[name="status"]').selectOption('PickedUp')
    await form.getByRole('button', { name: 'Update status' }).click()
    const alert = form.getByRole('alert')
    await eventually(() => alert.textContent()).toBe('Trip is locked by another dispatcher.')
    expect(await alert.getAttribute('data-code')).toBe('api_error')
    demo.emulator.clearFaults()
    expect((await tripInEmulator(id)).status).not.toBe('PickedUp')
  })

  it('cancels a trip through the server action, with the reason reaching MediRoutes', async () => {
    const form = page.getByRole('form', { name: 'Cancel a trip' })
    const id = await form.locator('select[name="tripId"]').inputValue()
    await form.locator('input[name="reason"]').fill('Rider rescheduled')
    await form.getByRole('button', { name: 'Cancel trip' }).click()
    await eventually(() => form.getByRole('status').textContent()).toBe(
      `Trip ${id} is now Cancelled.`,
    )
    await eventually(() => rowStatus(id)).toBe('Cancelled')
    const trip = await tripInEmulator(id)
    expect(trip.status).toBe('Cancelled')
    expect(trip.cancellationReason).toBe('Rider rescheduled')
  })

  it('looks a rider up from the browser through the proxy route', async () => {
    const form = page.getByRole('form', { name: 'Look up a rider' })
    await form.locator('input[name="riderId"]').fill('R-1002')
    await form.getByRole('button', { name: 'Look up' }).click()
    await eventually(() =>
      form.locator('dl[data-rider-id="R-1002"] dd').first().textContent(),
    ).toBe('Marcus Oyelaran')
  })

  it("forwards neither the browser's cookies nor its Authorization header", async () => {
    const before = demo.upstream.apiRequests().length
    const status = await page.evaluate(
      async (authorization) =>
        (await fetch('/api/mediroutes/api/riders/R-1003', { headers: { authorization } })).status,
      BROWSER_AUTHORIZATION,
    )
    expect(status).toBe(200)
    const forwarded = demo.upstream.apiRequests().slice(before)
    expect(forwarded.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/riders/R-1003'])
    const headers = forwarded[0]!.headers
    expect(headers.cookie).toBeUndefined()
    expect(headers.authorization).not.toBe(BROWSER_AUTHORIZATION)
    expect(demo.upstream.tokens.map((token) => `Bearer ${token}`)).toContain(headers.authorization)
    expect(JSON.stringify(headers)).not.toContain(BROWSER_COOKIE)
  })

  it('lets no access or refresh token reach the browser', async () => {
    await mkdir(join(SCREENSHOT, '..'), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    const tokens = demo.upstream.tokens
    expect(tokens.length).toBeGreaterThan(0)
    const places: Array<[string, string]> = [['page HTML', await page.content()]]
    for (const response of await Promise.all(seen)) {
      places.push([`${response.status} ${response.url} headers`, response.headers])
      places.push([`${response.status} ${response.url} body`, response.body])
    }
    places.push(['cookies', JSON.stringify(await context.cookies())])
    places.push([
      'storage',
      await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage })),
    ])
    expect(places.length).toBeGreaterThan(6)
    const leaks = places
      .map(([where, text]) => [where, findSecret(text, tokens)] as const)
      .filter(([, found]) => found !== undefined)
    expect(leaks).toEqual([])
  })
})

async function firstScheduledTrip(select: ReturnType<Page['locator']>): Promise<string> {
  const options = await select.locator('option').evaluateAll((nodes) =>
    nodes.map((node) => ({
      value: (node as HTMLOptionElement).value,
      text: node.textContent ?? '',
    })),
  )
  const scheduled = options.find((option) => option.text.endsWith('Scheduled'))
  if (scheduled === undefined) throw new Error('the emulator promises a Scheduled trip every day')
  return scheduled.value
}

async function rowStatus(id: string): Promise<string | null> {
  return page.locator(`tr[data-trip-id="${id}"]`).getAttribute('data-status')
}
