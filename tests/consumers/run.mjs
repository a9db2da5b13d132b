#!/usr/bin/env node
// The SDK as its users get it: every public package packed with `pnpm pack` (which rewrites the
// `workspace:` ranges), installed with npm into fresh projects outside the workspace together
// with the frameworks from the registry, built the way each framework's users build, and run
// against the emulator installed from its own tarball.
//
//   node tests/consumers/run.mjs                 every case
//   node tests/consumers/run.mjs nest next-15    only the cases whose name contains one of these
//   node tests/consumers/run.mjs '!types-'       every case but those whose name contains this
//   CONSUMERS_JOBS=1 CONSUMERS_KEEP=1 ...        one project at a time; keep the projects
//
// Prints one row per case (the framework version actually installed, the result, seconds) and
// exits non-zero when any case fails. Each case's full output is in its project's consumer.log.
import { execFileSync, spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cases, projects } from './cases/index.mjs'
import { CheckError, Project } from './lib/harness.mjs'
import { startRedis } from './lib/redis.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const started = Date.now()
const filters = process.argv.slice(2)
const jobs = Number(process.env.CONSUMERS_JOBS ?? 2)
const keep = process.env.CONSUMERS_KEEP === '1'

const work = join(tmpdir(), `mediroutes-consumers-${process.pid}`)
// One npm cache for every project and every run: each framework is downloaded once.
const npmCache = process.env.CONSUMERS_NPM_CACHE ?? join(tmpdir(), 'mediroutes-consumers-npm-cache')
mkdirSync(work, { recursive: true })
mkdirSync(npmCache, { recursive: true })

/** The environment of every command in a project: no pnpm or workspace variables leak in. */
function projectEnv() {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|TURBO_|INIT_CWD$|NODE_PATH$|NODE_OPTIONS$)/.test(key)) continue
    env[key] = value
  }
  return {
    ...env,
    npm_config_cache: npmCache,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    NEXT_TELEMETRY_DISABLED: '1',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  }
}

// --- pack ----------------------------------------------------------------------------------

function pnpm(args, cwd) {
  const execpath = process.env.npm_execpath
  if (execpath && /pnpm/.test(execpath) && /\.c?js$/.test(execpath)) {
    return execFileSync(process.execPath, [execpath, ...args], { cwd, encoding: 'utf8' })
  }
  return execFileSync('npx', ['-y', 'pnpm@12.4.2', ...args], { cwd, encoding: 'utf8' })
}

function packAll() {
  const tarballs = join(work, 'tarballs')
  mkdirSync(tarballs, { recursive: true })
  const packed = {}
  for (const folder of readdirSync(join(root, 'packages'))) {
    const dir = join(root, 'packages', folder)
    const manifestPath = join(dir, 'package.json')
    if (!existsSync(manifestPath)) continue
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    if (manifest.private) continue
    if (!process.env.CONSUMERS_TARBALLS && !existsSync(join(dir, 'dist'))) {
      throw new Error(`${manifest.name} is not built: run \`pnpm build\` first (pnpm test does)`)
    }
    // CONSUMERS_TARBALLS: a folder of tarballs packed earlier, to re-run cases without packing.
    if (process.env.CONSUMERS_TARBALLS) {
      cpSync(process.env.CONSUMERS_TARBALLS, tarballs, { recursive: true })
    } else {
      pnpm(['pack', '--pack-destination', tarballs], dir)
    }
    const file = readdirSync(tarballs).find((name) =>
      name.startsWith(
        `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`,
      ),
    )
    if (!file) throw new Error(`pnpm pack left no tarball for ${manifest.name}`)
    packed[manifest.name] = { file: join(tarballs, file), version: manifest.version }
    checkTarball(manifest.name, join(tarballs, file))
  }
  return packed
}

/** What publint cannot see: the files a user gets, and links in the README that lead nowhere. */
function checkTarball(name, file) {
  const listing = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ''))
  const problems = []
  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    if (!listing.includes(required)) problems.push(`${required} is missing`)
  }
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', file, 'package/package.json'], { encoding: 'utf8' }),
  )
  if (JSON.stringify(manifest).includes('workspace:')) problems.push('a workspace: range was left')
  for (const field of ['repository', 'homepage', 'bugs', 'license', 'engines']) {
    if (manifest[field] === undefined) problems.push(`package.json has no "${field}"`)
  }
  // Every file that `exports`, `main`, `module`, `types`, `typesVersions` and `bin` name.
  const targets = new Set()
  const collect = (value) => {
    if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''))
    else if (value && typeof value === 'object') Object.values(value).forEach(collect)
  }
  collect([manifest.exports, manifest.main, manifest.module, manifest.types, manifest.bin])
  collect(manifest.typesVersions)
  for (const target of targets) {
    if (!target.includes('*') && !listing.includes(target)) {
      problems.push(`package.json names ${target}, which is not in the tarball`)
    }
  }
  if (listing.includes('README.md')) {
    const readme = execFileSync('tar', ['-xzOf', file, 'package/README.md'], { encoding: 'utf8' })
    for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^([a-z]+:|#)/i.test(target)) continue
      const path = target.split('#')[0].replace(/^\.\//, '')
      if (!listing.some((entry) => entry === path || entry.startsWith(`${path}/`))) {
        problems.push(`README links to ${target}, which is not in the tarball`)
      }
    }
  }
  if (problems.length > 0) throw new Error(`${name} tarball: ${problems.join('; ')}`)
}

// --- projects and cases --------------------------------------------------------------------

function manifestFor(spec, packed) {
  const tarball = (name) => {
    const entry = packed[name]
    if (!entry) throw new Error(`no tarball for ${name}`)
    return `file:${entry.file}`
  }
  const overrides = Object.fromEntries(Object.keys(packed).map((name) => [name, tarball(name)]))
  return {
    name: `consumer-${spec.name}`,
    version: '0.0.0',
    private: true,
    ...spec.manifest,
    dependencies: {
      ...Object.fromEntries((spec.packages ?? []).map((name) => [name, tarball(name)])),
      ...spec.dependencies,
    },
    devDependencies: {
      ...Object.fromEntries((spec.devPackages ?? []).map((name) => [name, tarball(name)])),
      ...spec.devDependencies,
    },
    // The SDK's packages depend on each other by version range: these keep every one of them
    // on its tarball, never on whatever the registry holds under that name.
    overrides,
  }
}

async function runProject(spec, projectCases, packed, shared) {
  const dir = join(work, spec.name)
  const project = new Project({ dir, log: join(dir, 'consumer.log'), env: projectEnv() })
  const rows = []
  let installError
  const installStarted = Date.now()
  try {
    project.write('package.json', manifestFor(spec, packed))
    await spec.files?.(project, shared)
    const install = await project.exec(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline'],
      { timeoutMs: 600_000 },
    )
    // What the frameworks pull in that declares a newer Node than the one running.
    for (const [, pkg, required] of install.stderr.matchAll(
      /EBADENGINE\s+package: '([^']+)',\s*\n[^\n]*required: \{ node: '([^']+)'/g,
    )) {
      shared.engineWarnings.add(`${pkg} requires node ${required} (installed by ${spec.name})`)
    }
  } catch (error) {
    installError = error
  }
  const installSeconds = (Date.now() - installStarted) / 1000
  for (const [index, testCase] of projectCases.entries()) {
    const caseStarted = Date.now()
    let result = 'pass'
    let detail = ''
    let version = '-'
    try {
      if (installError) throw installError
      version = testCase.framework
        .map((name) => `${name}@${project.installedVersion(name)}`)
        .join(' ')
      project.log(`\n=== case ${testCase.name}`)
      await testCase.run(project, shared)
    } catch (error) {
      result = 'FAIL'
      detail = error instanceof CheckError ? error.message : (error?.stack ?? String(error))
    } finally {
      await project.stopAll()
    }
    rows.push({
      name: testCase.name,
      version,
      result,
      // The install is counted once, in the project's first case.
      seconds: (Date.now() - caseStarted) / 1000 + (index === 0 ? installSeconds : 0),
      detail,
      log: project.logFile,
    })
    printRow(rows.at(-1))
  }
  return rows
}

function printRow(row) {
  const line = `${row.result === 'pass' ? 'ok  ' : 'FAIL'} ${row.name} (${row.version}) ${row.seconds.toFixed(1)}s`
  console.log(line)
  if (row.result !== 'pass') {
    console.log(`     ${row.detail.split('\n').join('\n     ')}\n     full log: ${row.log}`)
  }
}

async function pool(items, size, worker) {
  const results = []
  let next = 0
  const runners = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]
      results.push(...(await worker(item)))
    }
  })
  await Promise.all(runners)
  return results
}

// --- main ----------------------------------------------------------------------------------

const excluded = filters.filter((filter) => filter.startsWith('!')).map((filter) => filter.slice(1))
const included = filters.filter((filter) => !filter.startsWith('!'))
const selected = cases.filter(
  (testCase) =>
    (included.length === 0 || included.some((filter) => testCase.name.includes(filter))) &&
    !excluded.some((filter) => testCase.name.includes(filter)),
)
const left = cases.filter((testCase) => !selected.includes(testCase))
// Said out loud: a case left out by a filter must never look like a case that passed.
if (left.length > 0) console.log(`not run (filtered out): ${left.map((c) => c.name).join(', ')}`)
if (selected.length === 0) {
  console.error(
    `no case matches ${filters.join(', ')}; cases: ${cases.map((c) => c.name).join(', ')}`,
  )
  process.exit(2)
}

console.log(
  `Node ${process.version}, npm ${spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim()}`,
)
console.log(`packing the public packages into ${join(work, 'tarballs')}`)
let packed
try {
  packed = packAll()
} catch (error) {
  console.error(`FAIL packing: ${error.message}`)
  process.exit(1)
}
console.log(
  Object.entries(packed)
    .map(([name, { version }]) => `  ${name}@${version}`)
    .join('\n'),
)

const needsRedis = selected.some((testCase) => projects[testCase.project].redis)
const shared = {
  root,
  samples: join(root, 'docs/guides/samples'),
  redis: undefined,
  engineWarnings: new Set(),
}
let redis
try {
  if (needsRedis) {
    redis = await startRedis(work)
    shared.redis = redis
  }
  const byProject = new Map()
  for (const testCase of selected) {
    if (!byProject.has(testCase.project)) byProject.set(testCase.project, [])
    byProject.get(testCase.project).push(testCase)
  }
  // Slowest first, so two workers finish together.
  const order = [...byProject.keys()].sort(
    (a, b) => (projects[b].weight ?? 1) - (projects[a].weight ?? 1),
  )
  console.log(
    `\n${selected.length} cases in ${order.length} projects, ${jobs} at a time, under ${work}\n`,
  )
  const rows = await pool(order, jobs, (name) =>
    runProject({ name, ...projects[name] }, byProject.get(name), packed, shared),
  )

  rows.sort(
    (a, b) =>
      selected.findIndex((c) => c.name === a.name) - selected.findIndex((c) => c.name === b.name),
  )
  const table = [
    ['case', 'installed', 'result', 'seconds'],
    ...rows.map((row) => [row.name, row.version, row.result, row.seconds.toFixed(1)]),
  ]
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)))
  console.log('')
  for (const [index, line] of table.entries()) {
    console.log(
      line
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  }
  if (shared.engineWarnings.size > 0) {
    console.log(
      `\nDependencies that declare a newer Node than ${process.version} (npm EBADENGINE):`,
    )
    for (const warning of [...shared.engineWarnings].sort()) console.log(`  ${warning}`)
  }
  const failed = rows.filter((row) => row.result !== 'pass')
  const total = ((Date.now() - started) / 1000).toFixed(0)
  console.log(`\n${rows.length - failed.length} passed, ${failed.length} failed`)
  console.log(`consumer run on Node ${process.version} took ${total}s`)
  writeFileSync(join(work, 'results.json'), `${JSON.stringify(rows, null, 2)}\n`)
  // Counted by scripts/test-summary.mjs with the vitest reports of the other packages.
  mkdirSync(join(here, 'test-results'), { recursive: true })
  writeFileSync(
    join(here, 'test-results/vitest.json'),
    `${JSON.stringify({ numPassedTests: rows.length - failed.length, numFailedTests: failed.length, numPendingTests: 0, node: process.version, rows }, null, 2)}\n`,
  )
  process.exitCode = failed.length > 0 ? 1 : 0
  if (failed.length === 0 && !keep) rmSync(work, { recursive: true, force: true })
  else console.log(`projects and logs kept in ${work}`)
} finally {
  await redis?.stop()
}
