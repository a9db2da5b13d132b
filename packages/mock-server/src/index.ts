export type { ProviderAccess } from './access.js'
export type { MockAccessGrant, MockFundingSource, MockProvider } from './providers.js'
export { BROKER_USER, DEMO_USER, MOCK_PROVIDERS } from './providers.js'
export type {
  EventLocation,
  MockRider,
  MockTrip,
  TripEvent,
  TripStatus,
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
