/** The seeded data: riders of every provider, and a realistic day of trips for any date. */

import { MOCK_PROVIDERS, type MockProvider } from './providers.js'
import type { EventLocation, MockRider, MockTrip, TripEvent, TripStatus } from './resources.js'

/** The short prefix of a provider's own ids (`LMT-1001`, `LMT-20261205-03`). */
const PREFIXES: Record<string, string> = {
  'Lakeside Medical Transport': 'LMT',
  'Riverside Wheelchair Vans': 'RWV',
  'Summit Ambulette': 'SAM',
}

/** The id prefix of a provider. */
export function providerPrefix(provider: MockProvider): string {
  return PREFIXES[provider.name] ?? 'TP'
}

function place(
  location_name: string,
  address1: string,
  city: string,
  zip: string,
  latitude: number,
  longitude: number,
): EventLocation {
  return { location_name, address1, address2: '', city, state: 'GA', zip, latitude, longitude }
}

/** `[first, last, date of birth, is male, space type, home]` of every rider, per provider. */
type RiderSeed = [string, string, string, boolean, string, EventLocation]

const RIDER_SEEDS: Record<string, RiderSeed[]> = {
  'Lakeside Medical Transport': [
    [
      'Dorothy',
      'Hammond',
      '1941-03-12',
      false,
      'WC',
      place('Residence', '418 Ponce de Leon Ave NE', 'Atlanta', '30308', 33.7726, -84.3655),
    ],
    [
      'Marcus',
      'Oyelaran',
      '1968-11-02',
      true,
      'AMB',
      place('Residence', '2231 Campbellton Rd SW', 'Atlanta', '30311', 33.7087, -84.4724),
    ],
    [
      'Rosa',
      'Delgado',
      '1955-07-23',
      false,
      'AMB',
      place('Residence', '1530 Jonesboro Rd', 'Hapeville', '30354', 33.6601, -84.3943),
    ],
    [
      'Harold',
      'Whitfield',
      '1937-01-30',
      true,
      'STR',
      place(
        'Brookhaven Senior Living',
        '77 Peachtree Industrial Blvd',
        'Chamblee',
        '30341',
        33.8915,
        -84.2988,
      ),
    ],
    [
      'Keisha',
      'Barnes',
      '1982-05-16',
      false,
      'AMB',
      place('Residence', '3390 Memorial Dr', 'Decatur', '30032', 33.7468, -84.2617),
    ],
    [
      'Thomas',
      'Nguyen',
      '1959-09-08',
      true,
      'WC',
      place('Residence', '5100 Buford Hwy NE', 'Doraville', '30340', 33.8982, -84.2803),
    ],
    [
      'Evelyn',
      'Castellanos',
      '1948-12-19',
      false,
      'AMB',
      place('Residence', '812 Church St', 'Decatur', '30030', 33.7819, -84.296),
    ],
    [
      'Jerome',
      'Fitzgerald',
      '1973-04-04',
      true,
      'WC',
      place('Residence', '1920 Cascade Ave SW', 'Atlanta', '30311', 33.7245, -84.4581),
    ],
  ],
  'Riverside Wheelchair Vans': [
    [
      'Patricia',
      'Okafor',
      '1951-08-27',
      false,
      'WC',
      place('Residence', '2640 Old Norcross Rd', 'Tucker', '30084', 33.8545, -84.2171),
    ],
    [
      'William',
      'Strickland',
      '1944-02-14',
      true,
      'WC',
      place('Residence', '190 Roswell St', 'Marietta', '30060', 33.9545, -84.5438),
    ],
    [
      'Linda',
      'Abernathy',
      '1962-06-01',
      false,
      'AMB',
      place('Residence', '4455 Lawrenceville Hwy', 'Lilburn', '30047', 33.8901, -84.143),
    ],
    [
      'Andre',
      'Mitchell',
      '1990-10-10',
      true,
      'WC',
      place('Residence', '660 Fair St SW', 'Atlanta', '30314', 33.7492, -84.4095),
    ],
    [
      'Gloria',
      'Pennington',
      '1939-03-03',
      false,
      'WC',
      place('Residence', '2905 Main St', 'East Point', '30344', 33.6795, -84.4394),
    ],
    [
      'Samuel',
      'Iwu',
      '1966-12-25',
      true,
      'WC',
      place('Residence', '1181 Scenic Hwy', 'Lawrenceville', '30045', 33.9371, -83.9954),
    ],
    [
      'Margaret',
      'Sullivan',
      '1946-07-07',
      false,
      'WC',
      place('Residence', '300 Atlanta Rd', 'Smyrna', '30080', 33.8837, -84.5144),
    ],
  ],
  'Summit Ambulette': [
    [
      'Darnell',
      'Jefferson',
      '1979-01-19',
      true,
      'STR',
      place('Residence', '5275 Old National Hwy', 'College Park', '30349', 33.6133, -84.4716),
    ],
    [
      'Mei',
      'Chen',
      '1958-04-22',
      false,
      'STR',
      place('Residence', '3500 Peachtree Rd NE', 'Atlanta', '30326', 33.851, -84.3626),
    ],
    [
      'Bernice',
      'Holloway',
      '1935-11-11',
      false,
      'STR',
      place('Residence', '120 Mount Zion Rd', 'Jonesboro', '30236', 33.561, -84.3457),
    ],
    [
      'Luis',
      'Ferreira',
      '1970-08-15',
      true,
      'WC',
      place('Residence', '2100 Pleasant Hill Rd', 'Duluth', '30096', 33.9614, -84.1357),
    ],
    [
      'Ruth',
      'Ellington',
      '1950-02-28',
      false,
      'STR',
      place(
        'Residence',
        '945 Ralph David Abernathy Blvd SW',
        'Atlanta',
        '30310',
        33.7361,
        -84.4165,
      ),
    ],
  ],
}

/** Where riders go: dialysis, clinics, hospitals, therapy (fictional names, real streets). */
const FACILITIES: readonly EventLocation[] = [
  place('Clifton Road Dialysis Center', '1365 Clifton Rd NE', 'Atlanta', '30322', 33.7925, -84.324),
  place(
    'Downtown Outpatient Clinic',
    '80 Jesse Hill Jr Dr SE',
    'Atlanta',
    '30303',
    33.7525,
    -84.3818,
  ),
  place(
    'North Decatur Medical Offices',
    '2665 N Decatur Rd',
    'Decatur',
    '30033',
    33.7912,
    -84.2806,
  ),
  place(
    'Dunwoody Oncology Associates',
    '5665 Peachtree Dunwoody Rd NE',
    'Atlanta',
    '30342',
    33.9102,
    -84.3514,
  ),
  place('Austell Kidney Care', '1700 Hospital South Dr', 'Austell', '30106', 33.8373, -84.6052),
  place(
    'Panthersville Physical Therapy',
    '3901 Panthersville Rd',
    'Ellenwood',
    '30294',
    33.6816,
    -84.2719,
  ),
  place('Marietta Cardiology Group', '677 Church St NE', 'Marietta', '30060', 33.964, -84.5459),
  place(
    'Johnson Ferry Wound Care',
    '1000 Johnson Ferry Rd NE',
    'Atlanta',
    '30342',
    33.9077,
    -84.3519,
  ),
]

const EVENT_COMMENTS: readonly string[] = [
  '',
  '',
  'Rider uses a walker; allow extra time at the door.',
  'Call rider 15 minutes before arrival.',
  'Escort rides along.',
  'Gate code 4410 at the complex entrance.',
  'Dialysis, standing order Mon/Wed/Fri.',
]

const CANCEL_REASONS: readonly string[] = [
  'Rider cancelled: appointment rescheduled.',
  'Rider hospitalized.',
  'Facility closed for the day.',
]

/** Status weights of seeded trips, so a day has a realistic mix. */
const STATUS_WEIGHTS: readonly [TripStatus, number][] = [
  ['scheduled', 30],
  ['assigned', 20],
  ['arrived_pickup', 4],
  ['picked_up', 6],
  ['arrived_dropoff', 3],
  ['performed', 20],
  ['cancelled', 7],
  ['no_show', 3],
  ['will_call', 7],
]

/** Base charge and charge per mile by space type, in US dollars. */
const RATES: Record<string, { base: number; perMile: number }> = {
  AMB: { base: 25, perMile: 2.5 },
  WC: { base: 45, perMile: 3 },
  STR: { base: 95, perMile: 4.25 },
}

/** Charge per additional passenger, in US dollars. */
const PER_PASSENGER = 5

/** What a trip costs by the emulator's rate card: base, mileage, additional passengers, total. */
export function charges(
  spaceType: string,
  miles: number,
  passengers: readonly { count: number }[],
): { rate: { base: number; perMile: number }; mileage: number; extra: number; total: number } {
  const rate = RATES[spaceType] ?? RATES.AMB!
  const mileage = Math.round(rate.perMile * miles * 100) / 100
  const extra = passengers.reduce((sum, p) => sum + p.count, 0) * PER_PASSENGER
  return { rate, mileage, extra, total: Math.round((rate.base + mileage + extra) * 100) / 100 }
}

/** The seeded riders of a provider, each with one of the provider's funding sources, round-robin. */
export function seedRiders(provider: MockProvider): MockRider[] {
  const providerIndex = MOCK_PROVIDERS.indexOf(provider)
  const prefix = providerPrefix(provider)
  return (RIDER_SEEDS[provider.name] ?? []).map(([first, last, dob, male, space, home], i) => {
    const n = i + 1
    const phone = `(404) 555-${String(1000 + providerIndex * 200 + n * 37).slice(-4)}`
    const source = provider.fundingSources[i % provider.fundingSources.length]!
    return {
      mediroutes_rider_id: 500_000 + (providerIndex + 1) * 1000 + n,
      rider_id: `${prefix}-${1000 + n}`,
      first_name: first,
      last_name: last,
      middle_name: '',
      address: { ...home },
      phone,
      funding_source_name: source.name,
      space_type: space,
      home_phone: phone,
      mobile_phone: `(678) 555-${String(2000 + providerIndex * 200 + n * 41).slice(-4)}`,
      icd_10_codes: i % 3 === 0 ? ['N18.6'] : i % 3 === 1 ? ['I10', 'E11.9'] : [],
      date_of_birth: dob,
      is_male: male,
      is_Female: !male,
      comments: '',
      private_comments: '',
      email: '',
    }
  })
}

/**
 * The trips of a provider on a `YYYY-MM-DD` date before any change through the API:
 * 6 to 12, sorted by pickup time, the same every time (seeded by provider and date), so
 * "today" always has trips and tests can rely on them. Riders are taken in turn, so every
 * funding source of the provider has trips on every date; at least one trip is
 * `scheduled`, so a day always has one to cancel.
 */
export function generateTrips(provider: MockProvider, date: string): MockTrip[] {
  const random = seededRandom(`trips:${provider.name}:${date}`)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const riders = seedRiders(provider)
  const count = 6 + Math.floor(random() * 7)
  const start = Math.floor(random() * riders.length)
  const drafts: Omit<MockTrip, 'trip_guid' | 'trip_id'>[] = []
  for (let i = 0; i < count; i++) {
    const rider = riders[(start + i) % riders.length]!
    const source = provider.fundingSources.find((s) => s.name === rider.funding_source_name)!
    // Pickups from 06:00 to 17:45 local time, every quarter hour.
    const pickupMinutes = 6 * 60 + Math.floor(random() * 48) * 15
    const apptMinutes = pickupMinutes + (2 + Math.floor(random() * 4)) * 15
    const status = pickStatus(random())
    const facility = pick(FACILITIES)
    const miles = Math.round((2 + random() * 28) * 10) / 10
    const escort = random() < 0.15
    const passengers = escort ? [{ space_type: 'AMB', count: 1 }] : []
    drafts.push({
      rider_id: rider.rider_id,
      funding_source_id: source.id,
      funding_source_name: source.name,
      status,
      sequence: 1,
      updated_at: `${date}T00:00:00.000Z`,
      space_type: rider.space_type,
      phone: rider.phone,
      trip_type: status === 'will_call' ? 'Will Call' : 'Appointment',
      additional_passengers: passengers,
      caller: `${rider.first_name} ${rider.last_name}`,
      billable_distance: miles,
      total_trip_charge: charges(rider.space_type, miles, passengers).total,
      pickup: event(
        `${rider.first_name} ${rider.last_name}`,
        rider.address,
        status === 'will_call' ? '' : localTime(date, apptMinutes),
        status === 'will_call' ? `${date} 23:59:00.000` : localTime(date, pickupMinutes),
        rider.phone,
        pick(EVENT_COMMENTS),
      ),
      dropoff: event(
        facility.location_name,
        facility,
        localTime(date, apptMinutes),
        '',
        `(404) 555-${String(7000 + Math.floor(random() * 999)).slice(-4)}`,
        '',
      ),
      ...(status === 'cancelled' ? { cancel_reason: pick(CANCEL_REASONS) } : {}),
    })
  }
  drafts.sort((a, b) => sortTime(a).localeCompare(sortTime(b)))
  if (!drafts.some((draft) => draft.status === 'scheduled')) {
    const first = drafts[0]!
    first.status = 'scheduled'
    first.trip_type = 'Appointment'
    delete first.cancel_reason
  }
  const prefix = providerPrefix(provider)
  return drafts.map((draft, index) => {
    const trip_id = `${prefix}-${date.replaceAll('-', '')}-${String(index + 1).padStart(2, '0')}`
    return { trip_guid: stableGuid(`trip:${provider.name}:${trip_id}`), trip_id, ...draft }
  })
}

/** The date of a trip: the day of its pickup time, else of an appointment time. */
export function tripDate(trip: Pick<MockTrip, 'pickup' | 'dropoff'>): string | undefined {
  for (const time of [
    trip.pickup.pickup_time,
    trip.pickup.appt_time,
    trip.dropoff.appt_time,
    trip.dropoff.pickup_time,
  ]) {
    if (typeof time === 'string' && /^\d{4}-\d{2}-\d{2}/.test(time)) return time.slice(0, 10)
  }
  return undefined
}

/** A time of day as the vendor writes it: `2026-12-05 09:30:00.000`. */
function localTime(date: string, minutes: number): string {
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0')
  const mm = String(minutes % 60).padStart(2, '0')
  return `${date} ${hh}:${mm}:00.000`
}

function sortTime(trip: Pick<MockTrip, 'pickup' | 'dropoff'>): string {
  return trip.pickup.pickup_time || trip.pickup.appt_time || trip.dropoff.appt_time
}

/** The order trips of a day are listed in: by pickup (or appointment) time. */
export function byPickupTime(a: MockTrip, b: MockTrip): number {
  return sortTime(a).localeCompare(sortTime(b))
}

/** `"address1, city, ST zip"`. */
export function completeAddress(location: EventLocation): string {
  const street = [location.address1, location.address2].filter((part) => part !== '').join(' ')
  return `${street}, ${location.city}, ${location.state} ${location.zip}`
}

function event(
  name: string,
  location: EventLocation,
  apptTime: string,
  pickupTime: string,
  phone: string,
  comment: string,
): TripEvent {
  return {
    event_name: name,
    event_comment: comment,
    complete_address: completeAddress(location),
    event_location: { ...location },
    appt_time: apptTime,
    pickup_time: pickupTime,
    phone_number: phone,
  }
}

function pickStatus(roll: number): TripStatus {
  const total = STATUS_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0)
  let threshold = roll * total
  for (const [status, weight] of STATUS_WEIGHTS) {
    threshold -= weight
    if (threshold < 0) return status
  }
  return 'scheduled'
}

/** A uuid-shaped id derived from `seed`: the same trip gets the same GUID on every server. */
export function stableGuid(seed: string): string {
  const random = seededRandom(seed)
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
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
