// Documentation that runs (issue 17): every ```js block of README.md and docs/*.md runs against
// the packed package (npm pack, installed into a scratch project as a user would), the blocks of
// one file in the order written as one module (a block whose first line is `// own module` runs
// alone); a statement whose comment is only a literal (`recur.formatShape(output.shape);   //
// 'torch.Size([2, 3, 4])'`) must give that value. Every ```console block's commands run there
// too and print what the block shows. Every command and path named in the prose exists. (The
// ```html blocks load in a browser: tests/web/docs.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blocks, docFiles, root } from './doc-blocks.mjs';

// Files the documentation reads, as a reader would have them: made by PyTorch (the fixtures).
const FILES = {
  'weights.safetensors': 'tests/fixtures/weights/trained_lstm.safetensors',
  'weights.json': 'tests/fixtures/weights/trained_lstm.json',
};

let scratch;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'recur-docs-'));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' }),
  );
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'reader', version: '1.0.0', type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(scratch, packed.filename)], {
    cwd: scratch,
    stdio: 'pipe',
  });
  for (const [name, from] of Object.entries(FILES)) copyFileSync(join(root, from), join(scratch, name));
});

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

// A comment that is nothing but a value: a string, number, boolean, null, or an array or object
// literal of them (evaluated alone, so a comment naming a variable is not one).
function literal(comment) {
  if (!/^('[^']*'|"[^"]*"|-?\d[\d.e+-]*|true|false|null|\{.*\}|\[.*\])$/.test(comment)) return false;
  try {
    new Function(`'use strict'; return (${comment});`)();
    return true;
  } catch {
    return false;
  }
}

const balanced = (text) => {
  let depth = 0;
  for (const c of text.replace(/'[^']*'|"[^"]*"/g, '')) {
    depth += '([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
};

/**
 * A block as module text: each `expression;   // literal` line becomes an assertion that the
 * expression is that value (not inside a template literal, not a declaration).
 */
function checked({ file, line, code }) {
  let backticks = 0;
  const out = code.split('\n').map((text, k) => {
    const inside = backticks % 2 === 1;
    backticks += (text.match(/`/g) ?? []).length;
    const m = /^(\s*)(.+?);\s*\/\/\s*(.+?)\s*$/.exec(text);
    if (inside || !m || /^(const|let|var|import|export|for|if|while|return|try|catch|[{}])\b/.test(m[2])) return text;
    if (!balanced(m[2]) || !literal(m[3])) return text;
    const where = JSON.stringify(`${file}:${line + k}: ${m[2]}`);
    return `${m[1]}docEqual(${m[2]}, ${m[3]}, ${where});`;
  });
  return `// ${file}:${line}\n${out.join('\n')}\n`;
}

/** The modules one documentation file makes: [{ name, text, blocks }]. */
function modules(file) {
  const js = blocks(file).filter((b) => b.lang === 'js');
  const header = "import { deepStrictEqual as docEqual } from 'node:assert';\n";
  const shared = js.filter((b) => !/^\/\/ own module\b/.test(b.code));
  const alone = js.filter((b) => /^\/\/ own module\b/.test(b.code));
  const base = file.replace(/[^\w]+/g, '-');
  return [
    ...(shared.length ? [{ name: `${base}.mjs`, text: header + shared.map(checked).join('\n'), blocks: shared }] : []),
    ...alone.map((b, k) => ({ name: `${base}-${k}.mjs`, text: header + checked(b), blocks: [b] })),
  ];
}

for (const file of docFiles())
  for (const { name, text, blocks: parts } of modules(file))
    test(`${file}: its js blocks (lines ${parts.map((b) => b.line).join(', ')}) run against the packed package`, () => {
      writeFileSync(join(scratch, name), text);
      const run = spawnSync(process.execPath, [name], { cwd: scratch, encoding: 'utf8' });
      assert.equal(run.status, 0, `${name}:\n${run.stderr}`);
      // The literal comments were turned into assertions: the blocks claim something checkable.
      if (file === 'README.md' || parts.some((b) => /;\s*\/\/\s*(true|'|\{)/.test(b.code)))
        assert.match(text, /docEqual\(/, 'at least one stated result is checked');
    });

test('every console block: its commands run in a project with the package and print what it shows', () => {
  const shown = docFiles().flatMap((f) => blocks(f).filter((b) => b.lang === 'console'));
  assert.ok(shown.length >= 1);
  for (const block of shown) {
    const lines = block.code.split('\n');
    for (let k = 0; k < lines.length; ++k) {
      if (!lines[k].startsWith('$ ')) continue;
      let end = k + 1;
      while (end < lines.length && !lines[end].startsWith('$ ')) end += 1;
      const expected = lines.slice(k + 1, end).join('\n');
      const run = spawnSync('bash', ['-c', lines[k].slice(2)], {
        cwd: scratch,
        encoding: 'utf8',
        env: { ...process.env, npm_config_offline: 'true' },
      });
      const where = `${block.file}:${block.line + k}: ${lines[k]}`;
      assert.equal(run.status, 0, `${where}\n${run.stderr}`);
      assert.equal(run.stdout.replace(/\n$/, ''), expected, where);
    }
  }
});

// The prose's inline code: `npm run x`, `npm test`, `node --test path`, `bash tools/x.sh` and
// source paths such as `web/heatmap.mjs`.
function inlineCode(file) {
  const text = readFileSync(join(root, file), 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
  return [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
}

test('every command and source path the documentation names exists', () => {
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
  const missing = [];
  let commands = 0;
  for (const file of docFiles())
    for (const code of inlineCode(file)) {
      for (const [, script] of code.matchAll(/\bnpm run ([\w:-]+)/g)) {
        commands += 1;
        if (!scripts[script]) missing.push(`${file}: npm run ${script} (no such script)`);
      }
      for (const [, script] of code.matchAll(/\bnpm (start|test)\b/g)) {
        commands += 1;
        if (!scripts[script]) missing.push(`${file}: npm ${script}`);
      }
      for (const [, path] of code.matchAll(/\b(?:node --test|bash|node) ((?:tests|tools|bench|wasm)\/[\w./-]+)/g)) {
        commands += 1;
        if (!existsSync(join(root, path))) missing.push(`${file}: ${code} (${path} does not exist)`);
      }
      // A source path exists (what the build or a bench writes, git-ignored, may not yet).
      if (/^(core|wasm|web|tests|tools|bench|docs)\/[\w./-]*[\w/]$/.test(code) && !existsSync(join(root, code)))
        if (spawnSync('git', ['check-ignore', '-q', code], { cwd: root }).status !== 0)
          missing.push(`${file}: ${code} does not exist`);
    }
  assert.deepEqual(missing, []);
  assert.ok(commands >= 10, `${commands} commands named`);
});

test("docs/authors.md's attribute table and iframe flags are the fields and cards the page has", async () => {
  const { FIELDS } = await import(join(root, 'web/state.mjs'));
  const { PANELS } = await import(join(root, 'web/cards/index.mjs'));
  const text = readFileSync(join(root, 'docs/authors.md'), 'utf8');
  const rows = [...text.matchAll(/^\| `([\w-]+)` \|[^|]*\| ([^|]*) \|/gm)].map((m) => [m[1], m[2].trim()]);
  const attribute = (key) => key.replace(/_/g, '-');
  assert.deepEqual(
    rows.map(([a]) => a),
    [...FIELDS.map((f) => attribute(f.key)), 'panels'],
    'every field, in state.mjs order, then panels',
  );
  for (const f of FIELDS) {
    if (f.kind === 'text') continue; // the notebook's table, or empty: said in words
    const [, stated] = rows.find(([a]) => a === attribute(f.key));
    assert.equal(stated, `\`${f.default}\``, `${attribute(f.key)}'s default`);
  }
  // The iframe's flags: one a card, as embed.html reads them.
  const flags = text
    .slice(text.indexOf("### The iframe's flags"))
    .match(/`(\w+_hide)`/g)
    .map((f) => f.slice(1, -1));
  assert.deepEqual(flags.sort(), PANELS.map((c) => `${c.replace('-', '_')}_hide`).sort());
});
