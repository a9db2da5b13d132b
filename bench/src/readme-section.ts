/** Where the generated results start in the README. */
export const SECTION_START = '<!-- bench:start -->'
/** Where they end. */
export const SECTION_END = '<!-- bench:end -->'

/**
 * `document` with everything between the markers replaced by `content`; the markers and the
 * text around them stay.
 * @throws when a marker is missing, repeated, or the end comes first (restore the two marker lines).
 */
export function replaceSection(document: string, content: string): string {
  const start = document.indexOf(SECTION_START)
  const end = document.indexOf(SECTION_END)
  const repeated =
    document.indexOf(SECTION_START, start + 1) !== -1 ||
    document.indexOf(SECTION_END, end + 1) !== -1
  if (start === -1 || end === -1 || end < start || repeated) {
    throw new Error(
      `the README needs exactly one "${SECTION_START}" line followed by one "${SECTION_END}" line`,
    )
  }
  const before = document.slice(0, start + SECTION_START.length)
  const after = document.slice(end)
  return `${before}\n\n${content.trim()}\n\n${after}`
}
