import type { Counter, Histogram, Meter } from '@opentelemetry/api'
import { METRIC } from './names.js'

/** The counters and histograms a client records into. */
export interface Instruments {
  tokenRequests: Counter
  tokenRequestDuration: Histogram
  refreshes: Counter
  replaysAfter401: Counter
  rateLimitWaits: Counter
  rateLimitWaitDuration: Histogram
}

export function createInstruments(meter: Meter): Instruments {
  return {
    tokenRequests: meter.createCounter(METRIC.tokenRequests, {
      description: 'HTTP requests to the token endpoint, by grant and outcome',
      unit: '{request}',
    }),
    tokenRequestDuration: meter.createHistogram(METRIC.tokenRequestDuration, {
      description: 'Duration of each HTTP request to the token endpoint, by grant and outcome',
      unit: 's',
    }),
    refreshes: meter.createCounter(METRIC.refreshes, {
      description: 'Token renewals that started with a refresh token, by outcome',
      unit: '{refresh}',
    }),
    replaysAfter401: meter.createCounter(METRIC.replaysAfter401, {
      description: 'API requests sent again with a new token after a 401',
      unit: '{request}',
    }),
    rateLimitWaits: meter.createCounter(METRIC.rateLimitWaits, {
      description: 'Waits after a 429 before trying again, by endpoint (token or api)',
      unit: '{wait}',
    }),
    rateLimitWaitDuration: meter.createHistogram(METRIC.rateLimitWaitDuration, {
      description: 'How long each wait after a 429 lasted, by endpoint (token or api)',
      unit: 's',
    }),
  }
}
