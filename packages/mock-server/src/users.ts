import { createHash } from 'node:crypto'
import type { MockUser } from './types.js'

/** An account as the emulator keeps it. */
export interface Account {
  /** Stable id carried in the `sub` claim: the same username always gets the same id. */
  id: string
  username: string
  name: string
  password: string
}

/**
 * The accounts the token endpoint accepts. Usernames match case-insensitively, as they
 * do in ASP.NET Identity behind the vendor's OWIN endpoint; passwords match exactly.
 */
export class UserDirectory {
  readonly #initial: readonly MockUser[]
  #accounts = new Map<string, Account>()

  /** @throws {TypeError} when the list is empty, a user lacks a username or password, or two usernames collide. */
  constructor(users: readonly MockUser[]) {
    if (users.length === 0) {
      throw new TypeError(
        '`users` must list at least one account (omit it for the demo user; setPassword() simulates a locked account)',
      )
    }
    this.#initial = users.map((user) => ({ ...user }))
    this.reset()
  }

  /** The account for this username and password, or `undefined` when either is wrong. */
  authenticate(username: string, password: string): Account | undefined {
    const account = this.find(username)
    return account?.password === password ? account : undefined
  }

  /** The account for a username (any case), or `undefined`. */
  find(username: string): Account | undefined {
    return this.#accounts.get(normalize(username))
  }

  /** @throws {Error} when the user does not exist (add it to `users` in the options). */
  setPassword(username: string, password: string): void {
    const account = this.find(username)
    if (account === undefined) {
      throw new Error(`Unknown user "${username}": add it to the \`users\` option first`)
    }
    if (typeof password !== 'string' || password === '') {
      throw new TypeError('password must be a non-empty string')
    }
    account.password = password
  }

  /** The first configured account (there is always one). */
  first(): Account {
    return this.#accounts.values().next().value!
  }

  /** The usernames, in the order they were configured. */
  usernames(): string[] {
    return [...this.#accounts.values()].map((account) => account.username)
  }

  /** Back to the configured accounts and passwords. */
  reset(): void {
    const accounts = new Map<string, Account>()
    for (const user of this.#initial) {
      if (typeof user.username !== 'string' || user.username === '') {
        throw new TypeError('Every user needs a non-empty `username`')
      }
      if (typeof user.password !== 'string' || user.password === '') {
        throw new TypeError(`User "${user.username}" needs a non-empty \`password\``)
      }
      const key = normalize(user.username)
      if (accounts.has(key)) {
        throw new TypeError(
          `Duplicate user "${user.username}": usernames are case-insensitive, give each user its own`,
        )
      }
      accounts.set(key, {
        id: stableUserId(user.username),
        username: user.username,
        name: user.name ?? user.username,
        password: user.password,
      })
    }
    this.#accounts = accounts
  }
}

function normalize(username: string): string {
  return username.toLowerCase()
}

/** A uuid-shaped id derived from the username, so ids survive restarts of the emulator. */
function stableUserId(username: string): string {
  const hex = createHash('sha256')
    .update(`mediroutes-user:${normalize(username)}`)
    .digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
