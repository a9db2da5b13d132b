export type { NodeWebhookRequest, NodeWebhookRequestOptions } from './node-request.js'
export { nodeWebhookRequest } from './node-request.js'
export type { TripNotification } from './notification.js'
export type {
  TripWebhookReceiver,
  TripWebhookReceiverOptions,
  TripWebhookRequestContext,
} from './receiver.js'
export { createTripWebhookReceiver } from './receiver.js'
export { callbackUrlFor, generateWebhookSecret } from './secret.js'
export type { SourceRateLimit } from './source-rate-limit.js'
export type {
  TripChange,
  TripWebhookClient,
  TripWebhookFailure,
  TripWebhookFailureStage,
  TripWebhookStats,
  WebhookTrip,
} from './types.js'
