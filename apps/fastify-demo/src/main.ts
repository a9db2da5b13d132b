// The dispatch API against the MediRoutes account in MEDIROUTES_BASE_URL, MEDIROUTES_USERNAME and
// MEDIROUTES_PASSWORD. `pnpm demo` runs it against an emulator instead.
import { startServer } from './server.js'

await startServer()
