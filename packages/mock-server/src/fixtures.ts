import type { Address, MobilityType, Rider, Trip, TripStatus } from './resources.js'

const MEDICAID = 'Medicaid'
const MEDICARE = 'Medicare'
const PRIVATE_PAY = 'Private Pay'
const PEACH_STATE = 'Managed Care – Peach State Health Plan'
const AMERIGROUP = 'Managed Care – Amerigroup'
const CARESOURCE = 'Managed Care – CareSource'

function rider(
  n: number,
  firstName: string,
  lastName: string,
  dateOfBirth: string,
  mobilityType: MobilityType,
  fundingSource: string,
  homeAddress: Address,
): Rider {
  const id = `R-${1000 + n}`
  const phone = `(404) 555-${String(100 + n * 37).padStart(4, '0')}`
  return { id, firstName, lastName, dateOfBirth, phone, mobilityType, fundingSource, homeAddress }
}

function address(street: string, city: string, zip: string): Address {
  return { street, city, state: 'GA', zip }
}

/** The fixed rider pool, `R-1001` to `R-1020`. */
export const RIDERS: readonly Rider[] = [
  rider(
    1,
    'Dorothy',
    'Hammond',
    '1941-03-12',
    'Wheelchair',
    MEDICARE,
    address('418 Ponce de Leon Ave NE', 'Atlanta', '30308'),
  ),
  rider(
    2,
    'Marcus',
    'Oyelaran',
    '1968-11-02',
    'Ambulatory',
    MEDICAID,
    address('2231 Campbellton Rd SW', 'Atlanta', '30311'),
  ),
  rider(
    3,
    'Rosa',
    'Delgado',
    '1955-07-23',
    'Ambulatory',
    PEACH_STATE,
    address('1530 Jonesboro Rd', 'Hapeville', '30354'),
  ),
  rider(
    4,
    'Harold',
    'Whitfield',
    '1937-01-30',
    'Stretcher',
    MEDICARE,
    address('77 Peachtree Industrial Blvd', 'Chamblee', '30341'),
  ),
  rider(
    5,
    'Keisha',
    'Barnes',
    '1982-05-16',
    'Ambulatory',
    MEDICAID,
    address('3390 Memorial Dr', 'Decatur', '30032'),
  ),
  rider(
    6,
    'Thomas',
    'Nguyen',
    '1959-09-08',
    'Wheelchair',
    AMERIGROUP,
    address('5100 Buford Hwy NE', 'Doraville', '30340'),
  ),
  rider(
    7,
    'Evelyn',
    'Castellanos',
    '1948-12-19',
    'Ambulatory',
    MEDICARE,
    address('812 Church St', 'Decatur', '30030'),
  ),
  rider(
    8,
    'Jerome',
    'Fitzgerald',
    '1973-04-04',
    'Wheelchair',
    MEDICAID,
    address('1920 Cascade Ave SW', 'Atlanta', '30311'),
  ),
  rider(
    9,
    'Patricia',
    'Okafor',
    '1951-08-27',
    'Ambulatory',
    CARESOURCE,
    address('2640 Old Norcross Rd', 'Tucker', '30084'),
  ),
  rider(
    10,
    'William',
    'Strickland',
    '1944-02-14',
    'Stretcher',
    MEDICARE,
    address('190 Roswell St', 'Marietta', '30060'),
  ),
  rider(
    11,
    'Linda',
    'Abernathy',
    '1962-06-01',
    'Ambulatory',
    PRIVATE_PAY,
    address('4455 Lawrenceville Hwy', 'Lilburn', '30047'),
  ),
  rider(
    12,
    'Andre',
    'Mitchell',
    '1990-10-10',
    'Ambulatory',
    MEDICAID,
    address('660 Fair St SW', 'Atlanta', '30314'),
  ),
  rider(
    13,
    'Gloria',
    'Pennington',
    '1939-03-03',
    'Wheelchair',
    PEACH_STATE,
    address('2905 Main St', 'East Point', '30344'),
  ),
  rider(
    14,
    'Samuel',
    'Iwu',
    '1966-12-25',
    'Ambulatory',
    AMERIGROUP,
    address('1181 Scenic Hwy', 'Lawrenceville', '30045'),
  ),
  rider(
    15,
    'Margaret',
    'Sullivan',
    '1946-07-07',
    'Ambulatory',
    MEDICARE,
    address('300 Atlanta Rd', 'Smyrna', '30080'),
  ),
  rider(
    16,
    'Darnell',
    'Jefferson',
    '1979-01-19',
    'Wheelchair',
    MEDICAID,
    address('5275 Old National Hwy', 'College Park', '30349'),
  ),
  rider(
    17,
    'Mei',
    'Chen',
    '1958-04-22',
    'Ambulatory',
    PRIVATE_PAY,
    address('3500 Peachtree Rd NE', 'Atlanta', '30326'),
  ),
  rider(
    18,
    'Bernice',
    'Holloway',
    '1935-11-11',
    'Stretcher',
    MEDICARE,
    address('120 Mount Zion Rd', 'Jonesboro', '30236'),
  ),
  rider(
    19,
    'Luis',
    'Ferreira',
    '1970-08-15',
    'Ambulatory',
    CARESOURCE,
    address('2100 Pleasant Hill Rd', 'Duluth', '30096'),
  ),
  rider(
    20,
    'Ruth',
    'Ellington',
    '1950-02-28',
    'Wheelchair',
    MEDICAID,
    address('945 Ralph David Abernathy Blvd SW', 'Atlanta', '30310'),
  ),
]

/** Where riders go: dialysis, clinics, hospitals, therapy. */
const DESTINATIONS: readonly Address[] = [
  address('1365 Clifton Rd NE', 'Atlanta', '30322'),
  address('80 Jesse Hill Jr Dr SE', 'Atlanta', '30303'),
  address('2665 N Decatur Rd', 'Decatur', '30033'),
  address('5665 Peachtree Dunwoody Rd NE', 'Atlanta', '30342'),
  address('1700 Hospital South Dr', 'Austell', '30106'),
  address('3901 Panthersville Rd', 'Ellenwood', '30294'),
  address('677 Church St NE', 'Marietta', '30060'),
  address('1000 Johnson Ferry Rd NE', 'Atlanta', '30342'),
  address('4700 Waters Ave', 'Hapeville', '30354'),
  address('2151 Peachford Rd', 'Dunwoody', '30338'),
]

const NOTES: readonly string[] = [
  'Dialysis, standing order Mon/Wed/Fri.',
  'Rider uses a walker; allow extra time at the door.',
  'Call rider 15 minutes before arrival.',
  'Escort (daughter) rides along.',
  'Gate code 4410 at the complex entrance.',
  'Physical therapy follow-up.',
]

const CANCELLATION_REASONS: readonly string[] = [
  'Rider cancelled: appointment rescheduled.',
  'Rider hospitalized.',
  'Facility closed for the day.',
]

/** Status weights of generated trips, so a day has a realistic mix. */
const STATUS_WEIGHTS: readonly [TripStatus, number][] = [
  ['Scheduled', 35],
  ['Assigned', 20],
  ['EnRoute', 5],
  ['PickedUp', 5],
  ['Completed', 20],
  ['Cancelled', 10],
  ['NoShow', 5],
]

/** The rider with this id, or `undefined`. */
export function findRider(id: string): Rider | undefined {
  return RIDERS.find((candidate) => candidate.id === id)
}

/**
 * The trips booked for a date before any change through the API: 6 to 12 trips,
 * sorted by pickup time, the same every time for the same date (seeded by the date
 * string), so "today" always has trips and tests can rely on them.
 *
 * Pickups fall between 11:00 and 21:45 UTC (working hours in Georgia). At least one
 * trip is `Scheduled`, so a day always has one to cancel.
 *
 * @param date a valid `YYYY-MM-DD` (not checked here).
 */
export function generateTrips(date: string): Trip[] {
  const random = seededRandom(`trips:${date}`)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const count = 6 + Math.floor(random() * 7)
  const drafts: Omit<Trip, 'id'>[] = []
  for (let i = 0; i < count; i++) {
    const who = pick(RIDERS)
    const pickupAt = Date.parse(`${date}T11:00:00Z`) + Math.floor(random() * 44) * 15 * 60_000
    const dropoffAt = pickupAt + (2 + Math.floor(random() * 4)) * 15 * 60_000
    const status = pickStatus(random())
    const willCall = random() < 0.15
    const note = random() < 0.3 ? pick(NOTES) : undefined
    const reason = pick(CANCELLATION_REASONS)
    drafts.push({
      tripDate: date,
      status,
      mobilityType: who.mobilityType,
      fundingSource: who.fundingSource,
      rider: { id: who.id, firstName: who.firstName, lastName: who.lastName },
      pickup: { address: { ...who.homeAddress }, time: new Date(pickupAt).toISOString() },
      dropoff: { address: { ...pick(DESTINATIONS) }, time: new Date(dropoffAt).toISOString() },
      willCall,
      ...(note === undefined ? {} : { notes: note }),
      ...(status === 'Cancelled' ? { cancellationReason: reason } : {}),
      // Booked the evening before; anything past Scheduled last changed at pickup.
      updatedAt: new Date(
        status === 'Scheduled' ? Date.parse(`${date}T00:00:00Z`) - 4 * 3_600_000 : pickupAt,
      ).toISOString(),
    })
  }
  drafts.sort((a, b) => a.pickup.time.localeCompare(b.pickup.time))
  if (!drafts.some((draft) => draft.status === 'Scheduled')) {
    const last = drafts[drafts.length - 1]!
    last.status = 'Scheduled'
    delete last.cancellationReason
  }
  return drafts.map((draft, index) => ({ id: tripId(date, index + 1), ...draft }))
}

/** `T-YYYYMMDD-NN` for the `n`th trip of a date. */
export function tripId(date: string, n: number): string {
  return `T-${date.replaceAll('-', '')}-${String(n).padStart(2, '0')}`
}

function pickStatus(roll: number): TripStatus {
  const total = STATUS_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0)
  let threshold = roll * total
  for (const [status, weight] of STATUS_WEIGHTS) {
    threshold -= weight
    if (threshold < 0) return status
  }
  return 'Scheduled'
}

/** mulberry32 seeded with FNV-1a of `seed`: tiny, fast and the same on every platform. */
function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) {
    state ^= seed.charCodeAt(i)
    state = Math.imul(state, 0x01000193)
  }
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
