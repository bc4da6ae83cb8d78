// docs/api.md's reference and wasm/recur.d.mts cannot drift (issue 17): every export of the
// types has its section (`### \`Name\``, a function with its parameters), every member its bullet
// (`- \`name\``, `name?` when optional, `name(a, b?)` for a method) in the order declared, a type
// alias its text; the reference documents nothing the types lack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiSurface } from './api-surface.mjs';
import { root } from './doc-blocks.mjs';

/** The reference section of docs/api.md: [{ signature, members: string[], text }]. */
function documented() {
  const text = readFileSync(join(root, 'docs/api.md'), 'utf8');
  const start = text.indexOf('\n## Reference\n');
  assert.ok(start >= 0, 'docs/api.md has a ## Reference section');
  const rest = text.slice(start + 1);
  const end = rest.slice(1).search(/^## /m);
  const reference = end < 0 ? rest : rest.slice(0, end + 1);
  return reference
    .split(/^### /m)
    .slice(1)
    .map((section) => ({
      signature: /^`([^`]+)`/.exec(section)?.[1],
      members: [...section.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]),
      text: section,
    }));
}

test("docs/api.md's reference lists exactly the exports and members of recur.d.mts", () => {
  const types = apiSurface(join(root, 'wasm/recur.d.mts'));
  const docs = documented();
  assert.deepEqual(
    docs.map((d) => d.signature).sort(),
    types.map((t) => t.signature).sort(),
    'one section an export, named as declared',
  );
  for (const t of types) {
    const d = docs.find((x) => x.signature === t.signature);
    assert.deepEqual(d.members, t.members, `${t.signature}: its members, in the order declared`);
    if (t.kind === 'type') assert.ok(d.text.includes(`\`${t.type}\``), `${t.name} = ${t.type}`);
  }
  assert.ok(types.length >= 20, `${types.length} exports`);
});

test('what the package exports at run time is what the types declare', async () => {
  const api = await import(join(root, 'dist/recur.mjs'));
  const declared = apiSurface(join(root, 'wasm/recur.d.mts'))
    .filter((t) => t.kind === 'function' || t.name === 'RecurError')
    .map((t) => t.name);
  assert.deepEqual(Object.keys(api).sort(), declared.sort());
  // And a loaded Recur has every member the Recur interface lists.
  const recur = await api.loadRecur();
  const members = apiSurface(join(root, 'wasm/recur.d.mts'))
    .find((t) => t.name === 'Recur')
    .members.map((m) => m.replace(/[?(].*$/, ''));
  for (const m of members) assert.ok(m in recur, `recur.${m}`);
});
