export { DEMO_USER } from './options.js'
export type {
  Address,
  MobilityType,
  Rider,
  Trip,
  TripStatus,
  TripStop,
} from './resources.js'
export { startMockServer } from './server.js'
export type {
  FaultInjection,
  MockClock,
  MockCounters,
  MockFault,
  MockServer,
  MockServerOptions,
  MockUser,
  RateLimitOptions,
  RecordedTokenRequest,
} from './types.js'
