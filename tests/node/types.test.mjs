// The hand-written .d.mts covers the whole API: a TypeScript file using all of it compiles, and
// the mistakes it marks with @ts-expect-error are still caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('tsc --noEmit accepts tests/types/api.mts against dist/recur.d.mts', () => {
  const r = spawnSync(`${root}node_modules/.bin/tsc`, ['-p', 'tests/types'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
