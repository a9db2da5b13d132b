// Exact versions the consumer projects install: each one runs on Node 20.19, the oldest Node the
// packages support. Widening a peer range means adding its major here and a case that runs it.
export const TYPESCRIPT = { 5.9: '5.9.3', 6: '6.0.3', 7: '7.0.2' }
