import { createMediRoutesHandlers } from '@mediroutes/nextjs'
import { allowDispatcher } from '../../../../lib/access'
import { mediroutes } from '../../../../lib/mediroutes'

// The browser's door to MediRoutes: only these paths and methods, only for the dashboard's own
// pages, with the server's token added here and never sent back.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = createMediRoutesHandlers({
  allow: [
    { path: '/api/trips', methods: ['GET', 'POST', 'PATCH'] },
    { path: '/api/riders', methods: ['GET'] },
  ],
  authorize: allowDispatcher,
  maxBodyBytes: 16 * 1024,
  client: mediroutes,
})
