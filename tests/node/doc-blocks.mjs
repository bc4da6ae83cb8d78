// The documentation's code, as the tests read it: every fenced block of README.md and docs/*.md
// with its language and where it starts, and the conventions that make a block checkable.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** README.md, then docs/*.md in name order: the documentation a reader gets. */
export function docFiles() {
  let docs = [];
  try {
    docs = readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `docs/${f}`);
  } catch {
    // no docs/ folder: the README alone
  }
  return ['README.md', ...docs];
}

/** The fenced blocks of `file` (relative to the root): [{ file, line, lang, code }]. */
export function blocks(file) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const found = [];
  for (let k = 0; k < lines.length; ++k) {
    const open = /^```(\S*)\s*$/.exec(lines[k]);
    if (!open) continue;
    const start = k + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end += 1;
    found.push({ file, line: start + 1, lang: open[1], code: lines.slice(start, end).join('\n') });
    k = end;
  }
  return found;
}

/** Every block of the documentation in language `lang` (e.g. 'js', 'html', 'console'). */
export const allBlocks = (lang) => docFiles().flatMap((f) => blocks(f).filter((b) => b.lang === lang));

// Where the snippets say the built files (dist/) are served from; the tests serve them locally.
export const PLACEHOLDER_ORIGIN = 'https://your.site/recur/';
