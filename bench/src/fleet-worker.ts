// One process of a simulated fleet: builds a caller for the contender it is told, then runs the
// calls it is told to, and reports back over IPC.
import type { Caller } from './contender.js'
import { contenderFor } from './contenders/index.js'
import type { FromWorker, ToWorker } from './fleet-protocol.js'
import { burst } from './load.js'

let caller: Caller | undefined

function reply(message: FromWorker): void {
  process.send?.(message)
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init':
      caller = await (await contenderFor(message.contender, message.setup)).createCaller(
        message.baseUrl,
      )
      return reply({ type: 'ready' })
    case 'warm': {
      const status = await caller!.call(message.path).catch(() => null)
      return reply({ type: 'warmed', status })
    }
    case 'run':
      return reply({ type: 'done', result: await burst(caller!, message.calls, message.path) })
    case 'close':
      await caller?.close()
      reply({ type: 'closed' })
      process.disconnect?.()
  }
}

process.on('message', (message: ToWorker) => {
  handle(message).catch((error: unknown) => {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) })
  })
})
