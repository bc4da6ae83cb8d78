// The text fixtures (tools/make_text_fixtures.py) and the sample texts they were made on, and the
// text card's run settings (TextRun's) that a fixture names: for the tests of the run.
import { readFileSync } from 'node:fs';

export const fixture = (name) =>
  JSON.parse(readFileSync(new URL(`../fixtures/text/${name}.json`, import.meta.url), 'utf8'));
export const sampleText = (file) => readFileSync(new URL(`../../web/texts/${file}`, import.meta.url), 'utf8');

export const settingsOf = (f) => ({
  text: sampleText(f.text_file),
  mode: f.config.mode,
  hidden_size: f.config.hidden_size,
  seq_len: f.seq_len,
  batch: f.batch,
  lr: f.lr,
  seed: f.seed,
  stateful: f.stateful,
});
