import type { ContenderId } from './contender.js'
import type { ContenderSetup } from './contenders/index.js'
import type { LoadResult } from './load.js'

/** What the harness tells a fleet process. */
export type ToWorker =
  | { type: 'init'; contender: ContenderId; setup: ContenderSetup; baseUrl: string }
  | { type: 'warm'; path: string }
  | { type: 'run'; calls: number; path: string }
  | { type: 'close' }

/** What a fleet process answers. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'warmed'; status: number | null }
  | { type: 'done'; result: LoadResult }
  | { type: 'closed' }
  | { type: 'error'; message: string }
