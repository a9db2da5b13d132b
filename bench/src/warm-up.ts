import { DEMO_CREDENTIALS } from './contender.js'
import { contenderFor } from './contenders/index.js'
import { fetchAccessToken } from './contenders/plain-fetch.js'
import { startEmulator } from './emulator-process.js'
import { burst } from './load.js'
import { CALL_PATH, IN_PROCESS } from './scenarios.js'

/**
 * Runs every in-process contender for a moment on a throw-away emulator, so that the first
 * contender measured does not also pay for compiling the code paths they share.
 */
export async function warmUp(log: (line: string) => void): Promise<void> {
  const emulator = await startEmulator()
  try {
    const accessToken = await fetchAccessToken(emulator.url, DEMO_CREDENTIALS)
    for (const id of IN_PROCESS) {
      const caller = await (await contenderFor(id, { accessToken })).createCaller(emulator.url)
      await burst(caller, 300, CALL_PATH)
      await caller.close()
    }
    log('warm-up done')
  } finally {
    await emulator.stop()
  }
}
