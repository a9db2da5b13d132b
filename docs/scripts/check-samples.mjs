// Checks that every fenced code block marked `file=<path>` in the guides shows that file
// exactly, and that every sample file is shown somewhere. The samples themselves are
// typechecked by `tsc --noEmit -p docs`, so a guide cannot show code that no longer compiles.
//
//   node scripts/check-samples.mjs          check (exit 1 on any mismatch)
//   node scripts/check-samples.mjs --write  copy each sample file into its block
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const docs = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const guides = join(docs, 'guides')
const samples = join(guides, 'samples')
const write = process.argv.includes('--write')

// ```ts file=samples/node/quick-start.ts   (the language is free; the path is relative to the guide)
const FENCE = /^(`{3,})(\S*)[^\S\n]+file=(\S+)[^\n]*\n([\s\S]*?)^\1[^\S\n]*$/gm

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listFiles(path)
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : []
  })
}

const problems = []
const shown = new Set()
for (const name of readdirSync(guides).filter((file) => file.endsWith('.md'))) {
  const guidePath = join(guides, name)
  const text = readFileSync(guidePath, 'utf8')
  let changed = false
  const updated = text.replace(FENCE, (block, fence, lang, file, body) => {
    const samplePath = resolve(guides, file)
    shown.add(samplePath)
    if (!existsSync(samplePath)) {
      problems.push(`${name}: ${file} does not exist`)
      return block
    }
    const content = readFileSync(samplePath, 'utf8')
    if (body === content) return block
    if (write) {
      changed = true
      return `${fence}${lang} file=${file}\n${content}${fence}`
    }
    problems.push(
      `${name}: the block for ${file} differs from the file (run \`node docs/scripts/check-samples.mjs --write\` after editing the file)`,
    )
    return block
  })
  if (changed) writeFileSync(guidePath, updated)
}

for (const file of listFiles(samples)) {
  if (!shown.has(file)) {
    problems.push(
      `${relative(docs, file)} is not shown in any guide; include it with a \`file=\` block or delete it`,
    )
  }
}

if (shown.size === 0) problems.push('no `file=` blocks found in docs/guides/*.md')

if (problems.length > 0) {
  console.error(problems.map((problem) => `check-samples: ${problem}`).join('\n'))
  process.exit(1)
}
console.log(`check-samples: ${shown.size} samples match their guides`)
