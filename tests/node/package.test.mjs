// The npm package as a user gets it: npm pack, install the tarball into a scratch project (it
// has no dependencies, so no network), import it by name, run a forward, run its CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('npm pack -> npm install -> import, forward and CLI in a scratch project', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'recur-pack-'));
  try {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' }),
    );
    const files = packed[0].files.map((f) => f.path).sort();
    // Exactly what ships: the API, its types, the modules, the CLI, the page and the element.
    for (const f of [
      'dist/recur.mjs',
      'dist/recur.d.mts',
      'dist/recur-core.mjs',
      'dist/recur-core.wasm',
      'dist/recur-core-scalar.mjs',
      'dist/recur-core-scalar.wasm',
      'dist/cli.mjs',
      'dist/recur-playground.mjs',
      'dist/recur-standalone.js',
      'dist/index.html',
      'package.json',
      'README.md',
    ])
      assert.ok(files.includes(f), `${f} ships`);
    assert.ok(
      !files.some((f) => f.startsWith('core/') || f.startsWith('tests/') || f.startsWith('dist/examples/')),
      files.join(' '),
    );

    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(scratch, packed[0].filename)], {
      cwd: scratch,
      stdio: 'pipe',
    });

    writeFileSync(
      join(scratch, 'use.mjs'),
      `
      import { loadRecur } from 'recur-playground';
      const recur = await loadRecur();
      const t = recur.parseTable('001 010 100 | 1\\n100 111 000 | 0', { batch_first: true });
      const m = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4, batch_first: true });
      const r = m.forward(t.x);
      console.log(JSON.stringify({ arch: recur.simdArch, output: r.output.shape, h_n: r.h_n.shape, c_n: r.c_n.shape }));`,
    );
    const used = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: scratch, encoding: 'utf8' }));
    assert.deepEqual(used, { arch: 'wasm', output: [2, 3, 4], h_n: [1, 2, 4], c_n: [1, 2, 4] });

    const cli = spawnSync(join(scratch, 'node_modules/.bin/recur'), ['--mode', 'LSTM'], {
      input: '001 010 100 | 1\n',
      encoding: 'utf8',
    });
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /^x: torch\.Size\(\[1, 3, 3\]\)\ntensor\(\[\[\[0\., 0\., 1\.\],/);
    assert.match(cli.stdout, /\nc_n: torch\.Size\(\[1, 1, 4\]\)\n/);
    const version = JSON.parse(
      readFileSync(join(scratch, 'node_modules/recur-playground/package.json'), 'utf8'),
    ).version;
    assert.equal(version, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
