// Uses the whole JS API as typed in wasm/recur.d.mts; `tsc -p tests/types` must accept it
// (run by tests/node/types.test.mjs). The mistakes at the end must stay mistakes.
import { loadRecur, RecurError, simdSupported } from '../../dist/recur.mjs';
import type {
  ForwardResult,
  Intermediates,
  Linear,
  LinearResult,
  LossAndGrad,
  Model,
  ModelConfig,
  ParsedTable,
  Recur,
  ResolvedConfig,
  SequenceLossAndGrad,
  SequenceTrainer,
  TextDataset,
  NextCharacters,
  StateDict,
  StepAndGrad,
  Tensor,
  Trainer,
} from '../../dist/recur.mjs';

const simd: boolean = simdSupported();
const recur: Recur = await loadRecur({ simd });
const arch: string = recur.simdArch;
const bytes: number = recur.memoryBytes;
const maxHidden: number = recur.limits.max_hidden_size;

const table: ParsedTable = recur.parseTable('001 010 100 | 1', { batch_first: true });
const x: Tensor = table.x;
const labels: Int32Array | null = table.y;
const sizes: number = table.batch + table.seq_len + table.input_size;
const words: ParsedTable = recur.parseTable('I love you | 1\nyou | 0', { batch_first: true, tokens: 'words' });
const vocabulary: string[] | undefined = words.vocabulary;
const lengths: Int32Array | undefined = words.lengths;
const fields: number = recur.configFields.filter((f) => f.required).length;

const config: ModelConfig = {
  mode: 'LSTM',
  input_size: table.input_size,
  hidden_size: 4,
  num_layers: 1,
  nonlinearity: 'tanh',
  bias: true,
  batch_first: true,
  dropout: 0,
  bidirectional: false,
  proj_size: 0,
  seed: 0,
};
const model: Model = recur.createModel(config);
const resolved: ResolvedConfig = model.config;
const mode: 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU' = resolved.mode;

const h0 = { data: new Float32Array(4), shape: [1, 1, 4] };
const result: ForwardResult = model.forward(x, {
  h0,
  c0: [0, 0, 0, 0].length ? { data: [0, 0, 0, 0], shape: [1, 1, 4] } : null,
});
const output: Float32Array = result.output.data;
const cn: Tensor | null = result.c_n;
const weights: StateDict = model.stateDict();
model.loadStateDict(weights);
const printed: string = recur.formatShape(result.h_n.shape) + recur.formatTensor(result.h_n);
const steps: Intermediates | undefined = model.forward(x, { intermediates: true }).intermediates;
const gates: Tensor | null | undefined = steps?.gates;
const head: Linear = model.createHead(2);
const [B, H] = [table.batch, head.in_features];
const classes: LinearResult = head.forward({ data: result.h_n.data.subarray(0, B * H), shape: [B, H] });
const predicted: Int32Array = classes.predicted;
const random: Tensor = recur.rand([128, 28, 12], { seed: 0 });
const trainer: Trainer = recur.createTrainer(model, {
  out_features: 2,
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0.9,
  max_grad_norm: 1,
});
const trained: LossAndGrad = trainer.lossAndGrad(x, table.y ?? [0], { h0: null });
const gradNorms: Tensor = trained.hiddenGradNorms;
const stepLoss: number = trainer.step(x, Int32Array.from([1, 0]));
const trainedWeights: StateDict = trainer.stateDict();
trainer.dispose();
const lm: SequenceTrainer = recur.createTrainer(model, { out_features: 3, per_step: true, lr: 0.01 });
const targets = { data: new Int32Array(table.batch * table.seq_len), shape: [table.batch, table.seq_len] };
const perStep: StepAndGrad<SequenceLossAndGrad> = lm.stepAndGrad(x, targets, { h0: null });
const noInputGradient: null = perStep.inputGrads.x;
const carried: number = lm.step(x, targets, { h0: perStep.h_n, c0: perStep.c_n });
lm.dispose();
const text: TextDataset = recur.textDataset('the river keeps its own time. '.repeat(20), { seq_len: 8, batch: 2 });
const characters: string[] = text.vocabulary;
const chunk = text.chunk(text.info.chunks - 1);
const charModel = recur.createModel({ mode: 'GRU', input_size: characters.length, hidden_size: 8 });
const writer = recur.createTrainer(charModel, { out_features: characters.length, per_step: true });
writer.step(chunk.x, chunk.y);
const written: string = text.decode(
  writer.sample(text.encode('the '), { length: 20, temperature: 0.8, top_k: 5, seed: 1 }),
);
const next: NextCharacters = writer.nextCharacters(text.encode('river'), { k: 3 });
const maxText: number = recur.limits.max_text_characters;
writer.dispose();
charModel.dispose();
text.dispose();
head.dispose();
model.dispose();

try {
  recur.parseTable('0a1');
} catch (e) {
  if (e instanceof RecurError) {
    const where: [number | undefined, number | undefined, string | undefined] = [e.row, e.line, e.column];
    console.log(e.message, where);
  }
}

// @ts-expect-error: mode must be one of PyTorch's names
recur.createModel({ mode: 'SRU', input_size: 3, hidden_size: 4 });
// @ts-expect-error: hidden_size is required
recur.createModel({ mode: 'RNN', input_size: 3 });
// @ts-expect-error: forward returns tensors, not numbers
const wrong: number = model.forward(x).output;

// @ts-expect-error: out_features is required
recur.createTrainer(model, { optimizer: 'adam' });
// @ts-expect-error: the optimizers are 'adam' and 'sgd'
recur.createTrainer(model, { out_features: 2, optimizer: 'rmsprop' });

// @ts-expect-error: a per-step trainer's y is {data, shape}, one class a step
recur.createTrainer(model, { out_features: 2, per_step: true }).step(x, [0, 1]);
// The digits mode: the digits file, randperm's order, a batch, evaluate, a drawing made MNIST-like.
const digits = recur.readDigits(new Uint8Array(16));
const order: Int32Array = recur.randperm(digits.train, { seed: 0, epoch: 1 });
const digitBatch: { x: Tensor; y: Int32Array } = digits.batch(order.subarray(0, 64), { batch_first: true });
const testAccuracy: number = trainer.evaluate(digitBatch.x, digitBatch.y).correct / digits.size;
const drawn: Tensor = recur.mnistDigit(new Uint8Array(280 * 280), { height: 280, width: 280 });
const digitLabels: Int32Array = digits.labels;
digits.dispose();
// @ts-expect-error: a digit's ink is bytes with its size
recur.mnistDigit(new Uint8Array(4));

// @ts-expect-error: intermediates is a boolean
model.forward(x, { intermediates: 'yes' });
// @ts-expect-error: lengths is a misspelling away from lenghts, which forward refuses
model.forward(x, { lenghts: [3] });
// @ts-expect-error: the token modes are 'bits', 'words', 'characters' and 'auto'
recur.parseTable('I love you', { tokens: 'letters' });
model.forward(x, { lengths: Int32Array.of(3) });

console.log(
  arch,
  bytes,
  maxHidden,
  labels,
  sizes,
  carried,
  written,
  next,
  maxText,
  mode,
  output,
  cn,
  printed,
  wrong,
  gates,
  predicted,
  random,
  gradNorms,
  stepLoss,
  trainedWeights,
  testAccuracy,
  drawn,
  digitLabels,
  vocabulary,
  lengths,
  fields,
);
// one_hot: false: a table of words without its one-hot x.
const idsOnly = recur.parseTable('I love you | 1', { tokens: 'words', one_hot: false });
const noX: Tensor | null = idsOnly.x;
