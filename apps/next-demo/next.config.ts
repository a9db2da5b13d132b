import type { NextConfig } from 'next'

const config: NextConfig = {
  // Nothing about the stack is the browser's business.
  poweredByHeader: false,
}

export default config
