import type { WebhookSubscription } from './webhooks-subscriptions.js'

/** The JSON body of a delivery (an assumption: the vendor's pages do not show the payload). */
export interface WebhookPayload {
  webhook_name: string
  event: 'trip.changed' | 'trip.created'
  trip_guid: string
  trip_id: string
  funding_source_id: number
  status: string
  sequence: number
  changed_at: string
}

/**
 * A misbehaviour of the delivery side, served to the next matching deliveries.
 * - `delay`: hold the delivery `ms` before sending it.
 * - `duplicate`: send it twice.
 * - `reorder`: hold it until the next delivery of the same subscription went out, then send it
 *   (an older state arrives after a newer one); sent anyway after `maxHoldMs` (default 5 000).
 * - `drop`: never send it.
 * - `forge`: send it, then a forged delivery from elsewhere claiming `status` (and a sequence
 *   far ahead), as anyone who learned the callback URL could.
 */
export type WebhookFault =
  | { kind: 'delay'; ms: number }
  | { kind: 'duplicate' }
  | { kind: 'reorder'; maxHoldMs?: number }
  | { kind: 'drop' }
  | { kind: 'forge'; status: string }

/** Which deliveries get a fault, and how many. */
export interface WebhookFaultInjection {
  fault: WebhookFault
  /** How many deliveries get it. Default 1; `Infinity` until cleared. */
  count?: number
  /** Only deliveries of the subscription with this name. Default: any. */
  webhookName?: string
}

/** One attempt to deliver: the receiver's status, or why there was none. */
export interface WebhookAttempt {
  /** Epoch ms by the real clock. */
  at: number
  /** The receiver's status; `null` when it did not answer. */
  status: number | null
  /** Why there was no status. */
  error?: 'timeout' | 'network'
}

/** One delivery in the log, for assertions. */
export interface WebhookDeliveryRecord {
  id: number
  type: 'trip' | 'newTrip'
  provider: string
  webhookName: string
  payload: WebhookPayload
  /** `true` for a delivery the `forge` fault made up. */
  forged: boolean
  /** The fault served to this delivery, if any. */
  fault?: WebhookFault['kind']
  attempts: WebhookAttempt[]
  /** `pending` while sending or waiting to retry; `failed` after the last retry; `dropped` by a fault. */
  outcome: 'pending' | 'delivered' | 'failed' | 'dropped'
}

/** Retry and timeout settings of the delivery side. */
export interface WebhookDeliverySettings {
  /** Waits before each retry after a non-2xx or no answer. Default `[1000, 5000, 30000]`. */
  retryDelaysMs: number[]
  /** How long one attempt waits for an answer. Default 10 000. */
  timeoutMs: number
}

export const DEFAULT_DELIVERY_SETTINGS: WebhookDeliverySettings = Object.freeze({
  retryDelaysMs: [1000, 5000, 30_000],
  timeoutMs: 10_000,
}) as WebhookDeliverySettings

/** How many deliveries the log keeps; older ones drop off. */
export const DELIVERY_LOG_SIZE = 10_000

/** A sequence far enough ahead that a receiver trusting payloads would take it as the newest. */
const FORGED_SEQUENCE_LEAD = 1000

interface Held {
  record: WebhookDeliveryRecord
  subscription: WebhookSubscription
  timer: NodeJS.Timeout
}

/** Sends deliveries to callback URLs with the stored headers, retries, faults and a log. */
export class WebhookDeliveries {
  #settings: WebhookDeliverySettings = {
    ...DEFAULT_DELIVERY_SETTINGS,
    retryDelaysMs: [...DEFAULT_DELIVERY_SETTINGS.retryDelaysMs],
  }
  #faults: { injection: WebhookFaultInjection; left: number }[] = []
  #log: WebhookDeliveryRecord[] = []
  #nextId = 1
  #pending = 0
  #idleWaiters: (() => void)[] = []
  /** Deliveries held by a `reorder` fault, by subscription. */
  #held = new Map<string, Held>()
  #abort = new AbortController()
  readonly #onSent: () => void

  /** @param onSent called after every attempt (for the emulator's counters). */
  constructor(onSent: () => void = () => {}) {
    this.#onSent = onSent
  }

  configure(settings: Partial<WebhookDeliverySettings>): void {
    if (settings.retryDelaysMs !== undefined) {
      if (
        !Array.isArray(settings.retryDelaysMs) ||
        !settings.retryDelaysMs.every((ms) => Number.isFinite(ms) && ms >= 0)
      ) {
        throw new RangeError('retryDelaysMs must be an array of non-negative numbers of ms')
      }
      this.#settings.retryDelaysMs = [...settings.retryDelaysMs]
    }
    if (settings.timeoutMs !== undefined) {
      if (!Number.isFinite(settings.timeoutMs) || settings.timeoutMs <= 0) {
        throw new RangeError('timeoutMs must be a positive number of ms')
      }
      this.#settings.timeoutMs = settings.timeoutMs
    }
  }

  settings(): WebhookDeliverySettings {
    return { ...this.#settings, retryDelaysMs: [...this.#settings.retryDelaysMs] }
  }

  injectFault(injection: WebhookFaultInjection): void {
    checkFault(injection)
    this.#faults.push({ injection: structuredClone(injection), left: injection.count ?? 1 })
  }

  clearFaults(): void {
    this.#faults = []
  }

  /** Delivers `payload` to the subscription, serving the next matching fault. */
  deliver(subscription: WebhookSubscription, payload: WebhookPayload): void {
    const fault = this.#takeFault(subscription.name)
    const record = this.#record(subscription, payload, false, fault?.kind)
    if (fault?.kind === 'drop') {
      record.outcome = 'dropped'
      return
    }
    if (fault?.kind === 'reorder') {
      this.#hold(record, subscription, fault.maxHoldMs ?? 5000)
      return
    }
    const key = holdKey(subscription)
    const held = this.#held.get(key)
    const send = async (): Promise<void> => {
      await this.#send(record, subscription)
      if (held !== undefined) {
        // Released only after the newer delivery was answered: it surely arrives second.
        clearTimeout(held.timer)
        await this.#send(held.record, held.subscription)
      }
      if (fault?.kind === 'duplicate') {
        const copy = this.#record(subscription, payload, false, 'duplicate')
        await this.#send(copy, subscription)
      }
      if (fault?.kind === 'forge') this.forge(subscription, payload, fault.status)
    }
    if (held !== undefined) this.#held.delete(key)
    this.#track(async () => {
      if (fault?.kind === 'delay') await this.#sleep(fault.ms)
      await send()
    })
  }

  /** Sends a made-up delivery to the subscription's callback URL, as an impostor would. */
  forge(subscription: WebhookSubscription, payload: WebhookPayload, status: string): void {
    const forged = this.#record(
      subscription,
      { ...payload, status, sequence: payload.sequence + FORGED_SEQUENCE_LEAD },
      true,
      'forge',
    )
    this.#track(() => this.#send(forged, subscription, false))
  }

  deliveries(): WebhookDeliveryRecord[] {
    return structuredClone(this.#log)
  }

  /** Resolves when no delivery is being sent, held or waiting to retry. */
  idle(): Promise<void> {
    if (this.#pending === 0 && this.#held.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }

  /** Forgets the log, faults and held deliveries; abandons retries in progress. */
  reset(): void {
    this.#abort.abort()
    this.#abort = new AbortController()
    for (const held of this.#held.values()) clearTimeout(held.timer)
    this.#held.clear()
    this.#faults = []
    this.#log = []
  }

  close(): void {
    this.reset()
  }

  #hold(record: WebhookDeliveryRecord, subscription: WebhookSubscription, maxHoldMs: number): void {
    const key = holdKey(subscription)
    const previous = this.#held.get(key)
    if (previous !== undefined) {
      clearTimeout(previous.timer)
      this.#track(() => this.#send(previous.record, previous.subscription))
    }
    const timer = setTimeout(() => {
      if (this.#held.get(key)?.record !== record) return
      this.#held.delete(key)
      this.#track(() => this.#send(record, subscription))
    }, maxHoldMs)
    timer.unref()
    this.#held.set(key, { record, subscription, timer })
  }

  #takeFault(webhookName: string): WebhookFault | undefined {
    const index = this.#faults.findIndex(
      ({ injection }) =>
        injection.webhookName === undefined || injection.webhookName === webhookName,
    )
    if (index === -1) return undefined
    const entry = this.#faults[index]!
    entry.left -= 1
    if (entry.left <= 0) this.#faults.splice(index, 1)
    return entry.injection.fault
  }

  #record(
    subscription: WebhookSubscription,
    payload: WebhookPayload,
    forged: boolean,
    fault: WebhookFault['kind'] | undefined,
  ): WebhookDeliveryRecord {
    const record: WebhookDeliveryRecord = {
      id: this.#nextId++,
      type: subscription.type,
      provider: subscription.provider,
      webhookName: subscription.name,
      payload: { ...payload },
      forged,
      ...(fault === undefined ? {} : { fault }),
      attempts: [],
      outcome: 'pending',
    }
    this.#log.push(record)
    if (this.#log.length > DELIVERY_LOG_SIZE) this.#log.shift()
    return record
  }

  /** Sends with retries; a forged delivery is sent once, as an impostor would not retry. */
  async #send(
    record: WebhookDeliveryRecord,
    subscription: WebhookSubscription,
    retry = true,
  ): Promise<void> {
    const signal = this.#abort.signal
    const delays = retry ? this.#settings.retryDelaysMs : []
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) return
      const answer = await this.#attempt(record, subscription, signal)
      record.attempts.push(answer)
      this.#onSent()
      if (answer.status !== null && answer.status >= 200 && answer.status < 300) {
        record.outcome = 'delivered'
        return
      }
      if (attempt >= delays.length) {
        record.outcome = 'failed'
        return
      }
      await this.#sleep(delays[attempt]!)
    }
  }

  async #attempt(
    record: WebhookDeliveryRecord,
    subscription: WebhookSubscription,
    closing: AbortSignal,
  ): Promise<WebhookAttempt> {
    const at = Date.now()
    const timeout = AbortSignal.timeout(this.#settings.timeoutMs)
    try {
      const response = await fetch(subscription.callbackUrl, {
        method: 'POST',
        headers: { ...subscription.callbackHeaders, 'Content-Type': 'application/json' },
        body: JSON.stringify(record.payload),
        signal: AbortSignal.any([timeout, closing]),
        redirect: 'manual',
      })
      await response.body?.cancel().catch(() => {})
      return { at, status: response.status }
    } catch {
      return { at, status: null, error: timeout.aborted ? 'timeout' : 'network' }
    }
  }

  #sleep(ms: number): Promise<void> {
    const signal = this.#abort.signal
    return new Promise((resolve) => {
      if (signal.aborted) return resolve()
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
      signal.addEventListener('abort', done, { once: true })
    })
  }

  #track(work: () => Promise<void>): void {
    this.#pending += 1
    void work()
      .catch((error: unknown) => console.error('[mediroutes-mock] webhook delivery failed', error))
      .finally(() => {
        this.#pending -= 1
        if (this.#pending === 0 && this.#held.size === 0) {
          const waiters = this.#idleWaiters
          this.#idleWaiters = []
          for (const resolve of waiters) resolve()
        }
      })
  }
}

function holdKey(subscription: WebhookSubscription): string {
  return `${subscription.provider}\n${subscription.type}\n${subscription.name}`
}

const FAULT_KINDS = new Set(['delay', 'duplicate', 'reorder', 'drop', 'forge'])

function checkFault(injection: WebhookFaultInjection): void {
  const fault = injection?.fault as Partial<WebhookFault> | undefined
  if (typeof fault !== 'object' || fault === null || !FAULT_KINDS.has(String(fault.kind))) {
    throw new TypeError(
      'A webhook fault needs { fault: { kind: "delay" | "duplicate" | "reorder" | "drop" | "forge" } }',
    )
  }
  if (fault.kind === 'delay' && !(Number.isFinite(fault.ms) && (fault.ms as number) >= 0)) {
    throw new RangeError('A delay fault needs { kind: "delay", ms: <non-negative number> }')
  }
  if (fault.kind === 'forge' && (typeof fault.status !== 'string' || fault.status === '')) {
    throw new TypeError('A forge fault needs { kind: "forge", status: "<a trip status>" }')
  }
  const count = injection.count
  if (count !== undefined && !(count === Infinity || (Number.isInteger(count) && count > 0))) {
    throw new RangeError('count must be a positive integer or Infinity')
  }
}
