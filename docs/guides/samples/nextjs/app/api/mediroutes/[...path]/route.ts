import { createMediRoutesHandlers } from '@mediroutes/nextjs'
import { cookies } from 'next/headers'

// The browser calls /api/mediroutes/api/riders/R-1001; the server adds its token.
// Deny by default: only these paths and methods get through.
export const { GET, HEAD, POST, PATCH } = createMediRoutesHandlers({
  allow: [{ path: '/api/trips', methods: ['GET', 'POST', 'PATCH'] }, '/api/riders'],
  // Replace with your own session check: without it, anyone who can reach your app can call MediRoutes.
  authorize: async () => (await cookies()).has('session'),
})
