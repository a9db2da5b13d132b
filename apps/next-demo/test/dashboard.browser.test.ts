import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMediRoutesClient, type MediRoutesClient } from '@mediroutes/auth-core'
import { BROKER_USER, MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findSecret, type RunningDemo, startDemo } from './app-server'

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOT = join(import.meta.dirname, '..', 'test-results', 'dashboard.png')
const BROWSER_COOKIE = 'browser-session-cookie-value'
const LAKESIDE = 'Lakeside Medical Transport'
const RIVERSIDE = 'Riverside Wheelchair Vans'

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

/** What the emulator holds, read directly as the same brokerage user. */
async function tripsInEmulator(provider: string, day: string) {
  return direct.forProvider(provider).trips.getByDate(day)
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
      username: BROKER_USER.username,
      password: BROKER_USER.password,
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

  it("lists the first provider's trips of the day, read by a Server Component", async () => {
    const day = (await page.locator('main').getAttribute('data-date'))!
    expect(await page.locator('section[data-provider]').getAttribute('data-provider')).toBe(
      LAKESIDE,
    )
    const expected = await tripsInEmulator(LAKESIDE, day)
    const rows = page.locator('tr[data-trip-guid]')
    await eventually(() => rows.count()).toBe(expected.length)
    expect(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-trip-guid'))),
    ).toEqual(expected.map((trip) => trip.trip_guid))
  })

  it('lists the providers of the access claims, never their keys', async () => {
    const options = page.locator('select[name="provider"] option')
    expect(await options.allTextContents()).toEqual(MOCK_PROVIDERS.map((p) => p.name))
    const html = await page.content()
    for (const provider of MOCK_PROVIDERS) expect(html).not.toContain(provider.apiKey)
  })

  it('shows the token state without the token', async () => {
    const panel = page.locator('section[data-token-state]')
    expect(await panel.getAttribute('data-token-state')).toBe('valid')
    expect(await panel.locator('[data-field="expires-in"]').textContent()).toMatch(/^\d+ h \d+ min/)
  })

  it('shows a status change in the emulator live, without a reload', async () => {
    const row = page.locator('tr[data-trip-guid]').first()
    const guid = (await row.getAttribute('data-trip-guid'))!
    const navigations: string[] = []
    page.on('framenavigated', (frame) => navigations.push(frame.url()))
    // A dispatcher's board: the trip moves on in MediRoutes, the page follows by itself.
    for (const status of ['assigned', 'arrived_pickup', 'picked_up'] as const) {
      demo.emulator.setTripStatus(guid, status)
      await eventually(() => row.getAttribute('data-status')).toBe(status)
    }
    expect(await row.locator('.status').textContent()).toBe('Picked up')
    expect(navigations).toEqual([])
    expect(await page.locator('[data-feed]').getAttribute('data-feed')).toBe('live')
  })

  it("switches to another provider and shows that provider's day", async () => {
    const day = (await page.locator('main').getAttribute('data-date'))!
    const picker = page.getByRole('form', { name: 'Choose a provider and a day' })
    await picker.locator('select[name="provider"]').selectOption(RIVERSIDE)
    await picker.getByRole('button', { name: 'Show' }).click()
    await eventually(() =>
      page.locator('section[data-provider]').getAttribute('data-provider'),
    ).toBe(RIVERSIDE)
    const expected = await tripsInEmulator(RIVERSIDE, day)
    const rows = page.locator('tr[data-trip-guid]')
    await eventually(() => rows.count()).toBe(expected.length)
    expect(
      new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-trip-id')))),
    ).toEqual(new Set(expected.map((trip) => trip.trip_id)))
  })

  /**
   * Opens exactly `count` of the provider's trips of the day (the seeded mix differs from day to
   * day and may leave none open), then reloads so the server renders the form with them.
   */
  async function openTrips(provider: string, count: number): Promise<string[]> {
    const day = (await page.locator('main').getAttribute('data-date'))!
    const trips = await tripsInEmulator(provider, day)
    expect(trips.length).toBeGreaterThanOrEqual(count)
    trips.forEach((trip, i) => {
      demo.emulator.setTripStatus(trip.trip_guid, i < count ? 'scheduled' : 'performed')
    })
    await page.reload()
    const opened = trips.slice(0, count).map((trip) => trip.trip_guid)
    const options = page.locator('select[name="tripGuid"] option')
    await eventually(() => options.count()).toBe(count)
    return opened
  }

  it('cancels a trip through the server action, with the reason reaching MediRoutes', async () => {
    await openTrips(RIVERSIDE, 2)
    const day = (await page.locator('main').getAttribute('data-date'))!
    const form = page.getByRole('form', { name: 'Cancel a trip' })
    const guid = await form.locator('select[name="tripGuid"]').inputValue()
    await form.locator('input[name="reason"]').fill('Rider rescheduled')
    await form.getByRole('button', { name: 'Cancel trip' }).click()
    await eventually(() => form.getByRole('status').textContent()).toMatch(/is now Cancelled\.$/)
    await eventually(() =>
      page.locator(`tr[data-trip-guid="${guid}"]`).getAttribute('data-status'),
    ).toBe('cancelled')
    const trip = (await tripsInEmulator(RIVERSIDE, day)).find((t) => t.trip_guid === guid)
    expect(trip?.status).toBe('cancelled')
    expect(trip?.cancel_reason).toBe('Rider rescheduled')
  })

  it("shows MediRoutes' refusal when a trip cannot be cancelled any more", async () => {
    const form = page.getByRole('form', { name: 'Cancel a trip' })
    const guid = await form.locator('select[name="tripGuid"]').inputValue()
    // Someone else finished the trip meanwhile: MediRoutes answers 409.
    demo.emulator.setTripStatus(guid, 'performed')
    await form.getByRole('button', { name: 'Cancel trip' }).click()
    const alert = form.getByRole('alert')
    await eventually(() => alert.getAttribute('data-code')).toBe('api_error')
    expect((await alert.textContent())?.length).toBeGreaterThan(0)
  })

  it("still shows the outcome after cancelling the day's last open trip", async () => {
    const [guid] = await openTrips(RIVERSIDE, 1)
    const form = page.getByRole('form', { name: 'Cancel a trip' })
    await form.getByRole('button', { name: 'Cancel trip' }).click()
    await eventually(() => form.getByRole('status').textContent()).toMatch(/is now Cancelled\.$/)
    await eventually(() =>
      page.locator(`tr[data-trip-guid="${guid}"]`).getAttribute('data-status'),
    ).toBe('cancelled')
    expect(await form.textContent()).toContain('No trip left to cancel on this day.')
    expect(await form.locator('select[name="tripGuid"]').count()).toBe(0)
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
    for (const provider of MOCK_PROVIDERS) {
      for (const [where, text] of places) {
        expect(text, `${provider.name}'s API key in ${where}`).not.toContain(provider.apiKey)
      }
    }
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
