import { describe, expect, it } from 'vitest'
import { replaceSection, SECTION_END, SECTION_START } from '../src/readme-section.js'

const readme = `# Title\n\nIntro.\n\n${SECTION_START}\nold results\n${SECTION_END}\n\nAfter.\n`

describe('replaceSection', () => {
  it('replaces only what lies between the markers', () => {
    expect(replaceSection(readme, 'new table\n')).toBe(
      `# Title\n\nIntro.\n\n${SECTION_START}\n\nnew table\n\n${SECTION_END}\n\nAfter.\n`,
    )
  })

  it('gives the same document when run twice with the same content', () => {
    const once = replaceSection(readme, 'table')
    expect(replaceSection(once, 'table')).toBe(once)
  })

  it.each([
    ['missing', '# Title\n'],
    ['reversed', `${SECTION_END}\n${SECTION_START}\n`],
    ['repeated', `${SECTION_START}\n${SECTION_END}\n${SECTION_START}\n${SECTION_END}\n`],
  ])('refuses %s markers, saying which lines it needs', (_, document) => {
    expect(() => replaceSection(document, 'x')).toThrow(/exactly one "<!-- bench:start -->" line/)
  })
})
