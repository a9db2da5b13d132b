import type { Measurement, Report } from '../src/report.js'

/** A measurement with every figure set, overridable. */
export function measurement(
  overrides: Partial<Measurement> & Pick<Measurement, 'contender'>,
): Measurement {
  return {
    tokenRequests: 1,
    refusedTokenRequests: 0,
    tooManyRequests: 0,
    unauthorized: 0,
    calls: 1000,
    failed: 0,
    callsPerSecond: 2500,
    p50Ms: 4,
    p99Ms: 20,
    ...overrides,
  }
}

/** A small fixed report: two scenarios, one of them with the Redis variant and a total failure. */
export function fixedReport(): Report {
  return {
    date: '2026-01-02',
    node: 'v20.20.0',
    machine: '2 × Test CPU',
    loadAverage: 0.5,
    versions: { 'openid-client': '6.9.0', axios: '1.21.1' },
    durationSeconds: 93.4,
    notes: ['Something was left out.'],
    scenarios: [
      {
        id: 'cold',
        title: 'Cold <stampede>',
        label: 'Cold & hot',
        summary: '1,000 calls at once.',
        measurements: [
          measurement({ contender: 'plain-fetch', tokenRequests: 0, p50Ms: 3.5, p99Ms: 12 }),
          measurement({ contender: 'sdk-memory', p50Ms: 3.9, p99Ms: 25 }),
          measurement({
            contender: 'openid-client',
            failed: 1000,
            p50Ms: null,
            p99Ms: null,
            callsPerSecond: 0,
          }),
        ],
      },
      {
        id: 'fleet',
        title: 'Fleet',
        label: 'Fleet of eight processes',
        summary: '8 processes.',
        measurements: [
          measurement({ contender: 'sdk-memory', tokenRequests: 8 }),
          measurement({ contender: 'sdk-redis', tokenRequests: 1, unauthorized: 12_345 }),
        ],
      },
    ],
  }
}
