/**
 * What `promise` rejects with. `Rejection` only types the result for reading its fields
 * (`rejectionOf<{ code: string }>(...)`); nothing checks it.
 *
 * @throws when `promise` resolves, which fails the test.
 */
export async function rejectionOf<Rejection = unknown>(
  promise: PromiseLike<unknown>,
): Promise<Rejection> {
  try {
    await promise
  } catch (error) {
    return error as Rejection
  }
  throw new Error('expected a rejection, but the promise resolved')
}
