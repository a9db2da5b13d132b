import type {
  WebhookDeliveries,
  WebhookDeliveryRecord,
  WebhookDeliverySettings,
  WebhookFaultInjection,
  WebhookPayload,
} from './webhooks-delivery.js'
import type { WebhookSubscriptionInfo, WebhookSubscriptions } from './webhooks-subscriptions.js'

/** The trip fields deliveries and the day player use. */
export interface WebhookTripFacts {
  trip_guid: string
  trip_id: string
  funding_source_id: number
  status: string
  sequence: number
  updated_at: string
  pickup?: { appt_time?: string; pickup_time?: string }
}

/** What the webhook side needs of the emulator's trip store. */
export interface WebhookTripHost {
  /** Changes a trip's status through the store (which announces the change); `undefined` when unknown. */
  setStatus(tripGuid: string, status: string): WebhookTripFacts | undefined
  /** The trip with this GUID and its provider's name, or `undefined`. */
  find(tripGuid: string): { provider: string; trip: WebhookTripFacts } | undefined
  /** The trips of every provider on a `YYYY-MM-DD` date. */
  day(date: string): { provider: string; trip: WebhookTripFacts }[]
  /** The emulator clock, epoch ms. */
  now(): number
}

/** A trip change as the store announces it. */
export interface WebhookTripChange {
  type: 'created' | 'changed'
  provider: string
  trip: WebhookTripFacts
}

/** Options of {@link MockWebhooks.playDay}. */
export interface PlayDayOptions {
  /** Emulated seconds per real second. Default 3 600 (a day in 24 s). */
  speed?: number
  /** The `YYYY-MM-DD` day to play. Default: today on the emulator clock. */
  date?: string
}

/** A day being played. */
export interface PlayedDay {
  /** How many status changes the day holds. */
  readonly changes: number
  /** Resolves once every change was made (or `stop()` was called), with the number made. */
  readonly done: Promise<number>
  /** Stops before the next change. */
  stop(): void
}

/**
 * Webhooks on the emulator: subscriptions made through the API, deliveries on every trip change,
 * and the controls a test needs (advance a trip, play a day, faults, the delivery log).
 */
export interface MockWebhooks {
  /**
   * Moves a trip to `status` as a dispatcher would: the change goes through the trip store, so
   * its `sequence` grows and every subscription of the trip gets a delivery.
   * @throws {Error} when no trip has this GUID.
   */
  advanceTrip(tripGuid: string, status: string): WebhookTripFacts
  /**
   * Plays a day: every trip of the day not yet final moves through `assigned`, `arrived_pickup`,
   * `picked_up`, `arrived_dropoff` and `performed` around its pickup time (every eleventh is a
   * `no_show` instead), on a clock running `speed` times faster than real time.
   */
  playDay(options?: PlayDayOptions): PlayedDay
  /** Sends a forged delivery claiming `status` to every subscription of the trip, as an impostor would. */
  forge(tripGuid: string, status: string): number
  /** Serves a fault (delay, duplicate, reorder, drop, forge) to the next matching deliveries. */
  injectFault(injection: WebhookFaultInjection): void
  clearFaults(): void
  /** Retry delays and the attempt timeout. Defaults: 1 s, 5 s, 30 s; 10 s. */
  configure(settings: Partial<WebhookDeliverySettings>): void
  /** Every delivery so far (at most the last 10 000), oldest first, with its attempts. */
  deliveries(): WebhookDeliveryRecord[]
  /** Every subscription, without callback URLs or header values. */
  subscriptions(): WebhookSubscriptionInfo[]
  /** Resolves when no delivery is being sent, held or waiting to retry. */
  idle(): Promise<void>
}

const PLAY_STEPS: { status: string; atMinutes: number }[] = [
  { status: 'assigned', atMinutes: -60 },
  { status: 'arrived_pickup', atMinutes: -5 },
  { status: 'picked_up', atMinutes: 0 },
  { status: 'arrived_dropoff', atMinutes: 30 },
  { status: 'performed', atMinutes: 35 },
]
const NO_SHOW_STEPS: { status: string; atMinutes: number }[] = [
  { status: 'assigned', atMinutes: -60 },
  { status: 'arrived_pickup', atMinutes: -5 },
  { status: 'no_show', atMinutes: 10 },
]
const FINAL = new Set(['performed', 'cancelled', 'no_show'])

/** The emulator's {@link MockWebhooks}: connects trip changes to the subscriptions and deliveries. */
export class EmulatorWebhooks implements MockWebhooks {
  readonly #host: WebhookTripHost
  readonly #subscriptions: WebhookSubscriptions
  readonly #deliveries: WebhookDeliveries
  readonly #playing = new Set<PlayedDay>()

  constructor(
    host: WebhookTripHost,
    subscriptions: WebhookSubscriptions,
    deliveries: WebhookDeliveries,
  ) {
    this.#host = host
    this.#subscriptions = subscriptions
    this.#deliveries = deliveries
  }

  /** The trip store's change listener. */
  readonly onTripChanged = (change: WebhookTripChange): void => {
    const { provider, trip } = change
    const targets =
      change.type === 'created'
        ? this.#subscriptions.forFundingSource(provider, trip.funding_source_id)
        : this.#subscriptions.forTrip(provider, trip.trip_guid)
    for (const subscription of targets) {
      this.#deliveries.deliver(
        subscription,
        payloadOf(
          subscription.name,
          change.type === 'created' ? 'trip.created' : 'trip.changed',
          trip,
        ),
      )
    }
  }

  advanceTrip(tripGuid: string, status: string): WebhookTripFacts {
    const trip = this.#host.setStatus(tripGuid, status)
    if (trip === undefined) throw new Error(`No trip has the GUID ${tripGuid}.`)
    return trip
  }

  playDay(options: PlayDayOptions = {}): PlayedDay {
    const speed = options.speed ?? 3600
    if (!Number.isFinite(speed) || speed <= 0) {
      throw new RangeError('speed must be a positive number (emulated seconds per real second)')
    }
    const date = options.date ?? new Date(this.#host.now()).toISOString().slice(0, 10)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError('date must look like 2026-12-05')
    const dayStart = Date.parse(`${date}T00:00:00Z`)
    const plan: { at: number; tripGuid: string; status: string }[] = []
    this.#host.day(date).forEach(({ trip }, index) => {
      if (FINAL.has(trip.status)) return
      const pickupAt = parseLocalTime(trip.pickup?.pickup_time || trip.pickup?.appt_time || '')
      if (pickupAt === undefined) return
      const steps = index % 11 === 10 ? NO_SHOW_STEPS : PLAY_STEPS
      for (const step of steps) {
        if (step.status === trip.status) continue
        plan.push({
          at: pickupAt + step.atMinutes * 60_000,
          tripGuid: trip.trip_guid,
          status: step.status,
        })
      }
    })
    plan.sort((a, b) => a.at - b.at)
    let stopped = false
    let timer: NodeJS.Timeout | undefined
    let wake: (() => void) | undefined
    const started = Date.now()
    const done = (async () => {
      let made = 0
      for (const step of plan) {
        const due = started + Math.max(0, step.at - dayStart) / speed
        const wait = due - Date.now()
        if (wait > 0) {
          await new Promise<void>((resolve) => {
            wake = resolve
            timer = setTimeout(resolve, wait)
          })
        }
        if (stopped) break
        try {
          this.#host.setStatus(step.tripGuid, step.status)
          made += 1
        } catch (error) {
          console.error('[mediroutes-mock] playDay could not change a trip', error)
        }
      }
      return made
    })()
    const played: PlayedDay = {
      changes: plan.length,
      done,
      stop: () => {
        stopped = true
        clearTimeout(timer)
        wake?.()
      },
    }
    this.#playing.add(played)
    void done.finally(() => this.#playing.delete(played))
    return played
  }

  forge(tripGuid: string, status: string): number {
    const found = this.#host.find(tripGuid)
    if (found === undefined) throw new Error(`No trip has the GUID ${tripGuid}.`)
    const subscriptions = this.#subscriptions.forTrip(found.provider, tripGuid)
    for (const subscription of subscriptions) {
      this.#deliveries.forge(
        subscription,
        payloadOf(subscription.name, 'trip.changed', found.trip),
        status,
      )
    }
    return subscriptions.length
  }

  injectFault(injection: WebhookFaultInjection): void {
    this.#deliveries.injectFault(injection)
  }

  clearFaults(): void {
    this.#deliveries.clearFaults()
  }

  configure(settings: Partial<WebhookDeliverySettings>): void {
    this.#deliveries.configure(settings)
  }

  deliveries(): WebhookDeliveryRecord[] {
    return this.#deliveries.deliveries()
  }

  subscriptions(): WebhookSubscriptionInfo[] {
    return this.#subscriptions.list()
  }

  idle(): Promise<void> {
    return this.#deliveries.idle()
  }

  /** Stops played days, forgets subscriptions, deliveries and faults. */
  reset(): void {
    for (const played of this.#playing) played.stop()
    this.#subscriptions.reset()
    this.#deliveries.reset()
  }
}

function payloadOf(
  webhookName: string,
  event: WebhookPayload['event'],
  trip: WebhookTripFacts,
): WebhookPayload {
  return {
    webhook_name: webhookName,
    event,
    trip_guid: trip.trip_guid,
    trip_id: trip.trip_id,
    funding_source_id: trip.funding_source_id,
    status: trip.status,
    sequence: trip.sequence,
    changed_at: trip.updated_at,
  }
}

/** `2026-12-05 09:30:00.000` (the provider's local time) read on the emulator's UTC clock. */
function parseLocalTime(value: string): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::(\d{2}))?/.exec(value)
  if (match === null) return undefined
  const ms = Date.parse(`${match[1]}T${match[2]}:${match[3] ?? '00'}Z`)
  return Number.isNaN(ms) ? undefined : ms
}
