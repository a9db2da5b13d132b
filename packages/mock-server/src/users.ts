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
  /** The configured accounts, checked once; `reset()` copies them back. */
  readonly #initial: readonly Account[]
  #accounts = new Map<string, Account>()

  /** @throws {TypeError} when the list is empty, a user lacks a username or password, or two usernames collide. */
  constructor(users: readonly MockUser[]) {
    this.#initial = checkUsers(users)
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

  /** The first configured account (there is always one). */
  first(): Account {
    return this.#accounts.values().next().value!
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

  /** Back to the configured accounts and passwords. */
  reset(): void {
    this.#accounts = new Map(
      this.#initial.map((account) => [normalize(account.username), { ...account }]),
    )
  }
}

function checkUsers(users: readonly MockUser[]): Account[] {
  if (users.length === 0) {
    throw new TypeError(
      '`users` must list at least one account (omit it for the demo user; setPassword() simulates a locked account)',
    )
  }
  const seen = new Set<string>()
  return users.map((user) => {
    if (typeof user.username !== 'string' || user.username === '') {
      throw new TypeError('Every user needs a non-empty `username`')
    }
    if (typeof user.password !== 'string' || user.password === '') {
      throw new TypeError(`User "${user.username}" needs a non-empty \`password\``)
    }
    if (seen.has(normalize(user.username))) {
      throw new TypeError(
        `Duplicate user "${user.username}": usernames are case-insensitive, give each user its own`,
      )
    }
    seen.add(normalize(user.username))
    return {
      id: stableUserId(user.username),
      username: user.username,
      name: user.name ?? user.username,
      password: user.password,
    }
  })
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
