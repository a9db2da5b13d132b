export type { MediRoutesHealthOptions } from './mediroutes.health.js'
export { MediRoutesHealthIndicator } from './mediroutes.health.js'
