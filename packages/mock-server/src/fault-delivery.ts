import type { IncomingMessage, ServerResponse } from 'node:http'
import { htmlFaultReply, statusFaultReply, truncatedJsonReply } from './fault-replies.js'
import { type Reply, writeReply } from './reply.js'
import type { MockFault } from './types.js'

/** How to answer one request, and with what to fake an answer. */
export interface Exchange {
  req: IncomingMessage
  res: ServerResponse
  /** Processes the request: the endpoint's normal answer, with its side effects. */
  process: () => Promise<Reply>
  /** A success answer built without side effects, for `truncated-json`. */
  sample: () => Promise<Reply>
  /** Waits; rejects when the server closes meanwhile. */
  delay: (ms: number) => Promise<void>
}

/** The status sent when the connection was dropped without an answer. */
export const NO_ANSWER = 0

/**
 * Answers a request normally (`fault` undefined) or with the fault. Only the
 * `*-after-processing` kinds and `latency` call `process`; every other fault answers
 * without touching state, so a faulted refresh never consumes the refresh token.
 *
 * @returns the status sent, or {@link NO_ANSWER} when the socket was dropped.
 */
export async function deliver(fault: MockFault | undefined, exchange: Exchange): Promise<number> {
  const { req, res, process, sample, delay } = exchange
  const send = (reply: Reply): number => {
    writeReply(res, reply)
    return reply.status
  }
  switch (fault?.kind) {
    case undefined:
      return send(await process())
    case 'status':
      return send(statusFaultReply(fault))
    case 'html':
      return send(htmlFaultReply(fault))
    case 'truncated-json': {
      const whole = await sample()
      return send(
        truncatedJsonReply(whole.body, whole.headers['Content-Type'] ?? 'application/json'),
      )
    }
    case 'reset':
      return drop(req)
    case 'latency':
      await waitUnlessGone(delay(fault.ms), res)
      // A client that gave up during the wait never had its request processed.
      if (isGone(req, res)) return NO_ANSWER
      return send(await process())
    case 'reset-after-processing':
      await process()
      return drop(req)
    case 'latency-after-processing': {
      const reply = await process()
      await waitUnlessGone(delay(fault.ms), res)
      if (isGone(req, res)) return NO_ANSWER
      return send(reply)
    }
  }
}

/** A TCP reset rather than a clean close: what a crashed proxy or a dropped connection looks like. */
function drop(req: IncomingMessage): number {
  req.socket.resetAndDestroy()
  return NO_ANSWER
}

/** Ends a fault's wait early when the client hangs up, so the request is logged as it ends. */
async function waitUnlessGone(wait: Promise<void>, res: ServerResponse): Promise<void> {
  let onClose: (() => void) | undefined
  const closed = new Promise<void>((resolve) => {
    onClose = resolve
    res.once('close', resolve)
  })
  try {
    await Promise.race([wait, closed])
  } finally {
    if (onClose) res.off('close', onClose)
  }
}

function isGone(req: IncomingMessage, res: ServerResponse): boolean {
  return res.destroyed || req.socket.destroyed
}
