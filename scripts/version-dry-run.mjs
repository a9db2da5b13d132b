#!/usr/bin/env node
// Proves that `changeset version` turns the pending changesets into one coherent first release:
// run on a scratch copy of the repository (this checkout is never touched), it must leave every
// public package at the same version, every dependency between them satisfied by that version,
// and no package at 1.0.0 or above by accident (a peer dependency bump can force a major).
//
//   node scripts/version-dry-run.mjs
import { execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const scratch = mkdtempSync(join(tmpdir(), 'mediroutes-version-'))

function publicPackages(base) {
  return readdirSync(join(base, 'packages'))
    .map((folder) => join(base, 'packages', folder, 'package.json'))
    .filter((path) => existsSync(path))
    .map((path) => ({ path, manifest: JSON.parse(readFileSync(path, 'utf8')) }))
    .filter(({ manifest }) => !manifest.private)
}

try {
  // The tracked files only (what a clone has), plus the installed tools through a link.
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter(Boolean)
  for (const file of files) {
    if (!existsSync(join(root, file))) continue
    cpSync(join(root, file), join(scratch, file), { recursive: true })
  }
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir')
  execFileSync('git', ['init', '-q'], { cwd: scratch })

  const before = publicPackages(scratch)
  const changesetBin = join(root, 'node_modules/@changesets/cli/bin.js')
  execFileSync(process.execPath, [changesetBin, 'version'], { cwd: scratch, stdio: 'inherit' })
  const after = publicPackages(scratch)

  const problems = []
  const versions = new Set(after.map(({ manifest }) => manifest.version))
  if (versions.size !== 1) {
    problems.push(
      `versions differ: ${after.map(({ manifest }) => `${manifest.name}@${manifest.version}`).join(', ')}`,
    )
  }
  const [version] = versions
  if (version !== undefined && !/^0\.\d+\.\d+$/.test(version)) {
    problems.push(`the first release would be ${version}, not a 0.x version`)
  }
  const names = new Set(after.map(({ manifest }) => manifest.name))
  for (const { manifest } of after) {
    for (const field of ['dependencies', 'peerDependencies', 'devDependencies']) {
      for (const [name, range] of Object.entries(manifest[field] ?? {})) {
        if (names.has(name) && !range.startsWith('workspace:')) {
          problems.push(`${manifest.name} ${field}.${name} is "${range}", not a workspace: range`)
        }
      }
    }
    if (!existsSync(join(scratch, 'packages', manifest.name.split('/')[1], 'CHANGELOG.md'))) {
      problems.push(`${manifest.name} got no CHANGELOG.md`)
    }
  }
  const left = readdirSync(join(scratch, '.changeset')).filter(
    (file) => file.endsWith('.md') && file !== 'README.md',
  )
  if (left.length > 0) problems.push(`changesets left unconsumed: ${left.join(', ')}`)

  const from = [...new Set(before.map(({ manifest }) => manifest.version))].join(', ')
  if (problems.length > 0) {
    console.error(`changeset version dry run: FAIL\n  ${problems.join('\n  ')}`)
    process.exitCode = 1
  } else {
    console.log(
      `changeset version dry run: ${after.length} packages go from ${from} to ${version} together`,
    )
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
