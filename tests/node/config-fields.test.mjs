// The configuration's one source: the core's field table (config_fields.hpp), as the JS API
// exposes it. createModel, Model.config, inferConfig and recur.d.mts must all agree with it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadRecur, RecurError } from '../../dist/recur.mjs';

let recur;
before(async () => {
  recur = await loadRecur();
});

// The members of `interface name { ... }` in recur.d.mts: [name, optional, type].
function interfaceMembers(name) {
  const text = readFileSync(new URL('../../wasm/recur.d.mts', import.meta.url), 'utf8');
  const body = text.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`))[1];
  return [...body.matchAll(/^\s{2}(\w+)(\??): ([^;]+);/gm)].map(([, key, optional, type]) => [
    key,
    optional === '?',
    type,
  ]);
}

test('recur.d.mts types ModelConfig as the field table says: every row, its type, required or optional', () => {
  const rows = recur.configFields.map((f) => [f.name, !f.required, f.type]);
  assert.deepEqual(interfaceMembers('ModelConfig'), rows);
  assert.ok(Object.isFrozen(recur.configFields));
});

test("Model.config has every field but the seed (Model.seed), with the table's defaults", () => {
  const m = recur.createModel({ mode: 'GRU', input_size: 3, hidden_size: 4, seed: 9 });
  const fields = recur.configFields.filter((f) => f.kind !== 'seed');
  assert.deepEqual(
    Object.keys(m.config),
    fields.map((f) => f.name),
  );
  for (const f of fields) if (!f.required && f.kind !== 'mode') assert.equal(m.config[f.name], f.default, f.name);
  assert.equal(m.seed, 9, 'the core keeps the seed');
  assert.equal(recur.configFields.find((f) => f.kind === 'seed').default, 0);
  m.dispose();
});

test('inferConfig spells the mode as Model.config does and reports the inferred rows', () => {
  for (const [mode, nonlinearity, spelled] of [
    ['RNN', 'tanh', 'RNN_TANH'],
    ['RNN', 'relu', 'RNN_TANH'], // a ReLU RNN's weights cannot tell it: PyTorch's default
    ['GRU', 'tanh', 'GRU'],
    ['LSTM', 'tanh', 'LSTM'],
  ]) {
    const m = recur.createModel({ mode, nonlinearity, input_size: 3, hidden_size: 4, bidirectional: true });
    const inferred = recur.inferConfig(m.stateDict());
    assert.deepEqual(
      Object.keys(inferred),
      recur.configFields.filter((f) => f.inferred).map((f) => f.name),
    );
    assert.equal(inferred.mode, spelled);
    if (nonlinearity === 'tanh') assert.equal(inferred.mode, m.config.mode);
    assert.equal(inferred.bidirectional, true);
    // What inferConfig says builds a model that takes the state_dict.
    const back = recur.createModel(inferred);
    back.loadStateDict(m.stateDict());
    back.dispose();
    m.dispose();
  }
});

test('createModel checks each row: required, type, range, unknown names', () => {
  const bad = (config, pattern) =>
    assert.throws(
      () => recur.createModel(config),
      (e) => e instanceof RecurError && pattern.test(e.message),
    );
  bad({ input_size: 3, hidden_size: 4 }, /^createModel: mode is required: 'RNN', 'LSTM' or 'GRU'$/);
  bad({ mode: 'GRU', hidden_size: 4 }, /^createModel: input_size is required$/);
  bad({ mode: 'GRU', input_size: 3, hidden_size: 4, dropout: 'x' }, /^dropout should be a number in range \[0, 1\]/);
  bad({ mode: 'GRU', input_size: 3, hidden_size: 4, dropout: 2 }, /^dropout should be a number in range \[0, 1\]/);
  bad({ mode: 'GRU', input_size: 3, hidden_size: 4, bias: 1 }, /^bias must be true or false, got number$/);
  bad({ mode: 'GRU', input_size: 3, hidden_size: 4, num_layers: 0 }, /^num_layers must be a positive integer/);
  bad(
    { mode: 'GRU', input_size: 3, hidden_size: 4, seeds: 1 },
    new RegExp(
      `^createModel: unknown option 'seeds' \\(options: ${recur.configFields.map((f) => f.name).join(', ')}\\)$`,
    ),
  );
});

test('forward, lossAndGrad and step refuse options they do not know, naming the accepted ones', () => {
  const m = recur.createModel({ mode: 'GRU', input_size: 3, hidden_size: 4, batch_first: true });
  const x = recur.parseTable('001 010 100 | 1\n100 010 001 | 0', { batch_first: true });
  const refused = (fn, pattern) =>
    assert.throws(fn, (e) => e instanceof RecurError && pattern.test(e.message), String(pattern));
  refused(
    () => m.forward(x.x, { lenghts: [3, 3] }),
    /^forward: unknown option 'lenghts' \(options: h0, c0, lengths, intermediates/,
  );
  refused(() => m.forward(x.x, { intermediate: true }), /^forward: unknown option 'intermediate'/);
  refused(() => m.forward(x.x, { intermediates: 1 }), /^forward: intermediates must be true or false, got number$/);
  const trainer = recur.createTrainer(m, { out_features: 2 });
  refused(
    () => trainer.lossAndGrad(x.x, x.y, { h00: null }),
    /^lossAndGrad: unknown option 'h00' \(options: h0, c0, lengths/,
  );
  refused(() => trainer.step(x.x, x.y, { intermediates: true }), /^step: unknown option 'intermediates'/);
  refused(
    () => recur.createTrainer(m, { out_features: 2, seed: 1 }),
    /^createTrainer: unknown option 'seed' \(options: out_features, .*, head_input, per_step\)$/,
  );
  refused(
    () => recur.createTrainer(m, { out_features: 2, per_step: true, seed: 1 }),
    /^createTrainer: unknown option 'seed' \(options: out_features, .*, per_step\)$/,
  );
  assert.equal(trainer.steps, 0, 'a refused step took none');
  // Still usable after each refusal.
  assert.deepEqual(m.forward(x.x, {}).output.shape, [2, 3, 4]);
  trainer.dispose();
  m.dispose();
});
