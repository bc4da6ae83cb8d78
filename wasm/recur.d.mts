// Types of Recur's JS API (wasm/recur.mjs). Emscripten 3.1.6 emits none, so this is by hand.

/** A row-major float32 tensor, as PyTorch lays it out. */
export interface Tensor {
  data: Float32Array;
  shape: number[];
}

/** A tensor given to Recur: data may also be a plain array of numbers. */
export interface TensorInput {
  data: Float32Array | ArrayLike<number>;
  shape: number[];
}

/** Every error Recur reports. Table errors also say where they are. */
export class RecurError extends Error {
  name: 'RecurError';
  /** Table errors: the data row, 1-based (0 for the header or the whole table). */
  row?: number;
  /** Table errors: the line of the text, 1-based (0 when the whole table is meant). */
  line?: number;
  /** Table errors: 'x1', 'x2', ..., 'y', or '' when the whole row is meant. */
  column?: string;
}

export interface ParsedTable {
  /**
   * [batch, seq_len, input_size] with batch_first, else [seq_len, batch, input_size]. (A table of
   * words parsed with one_hot: false has none: parseTable's first signature types it as null.)
   */
  x: Tensor;
  /** One integer label a sentence, or null when the table has no y column. */
  y: Int32Array | null;
  batch: number;
  seq_len: number;
  input_size: number;
  batch_first: boolean;
  /** Tables of words (tokens 'words', 'characters', or 'auto' on a table of words) only: */
  tokens?: 'words' | 'characters';
  /** Token ids, [batch, seq_len] (batch_first) or [seq_len, batch]; 0 (<pad>) past each length. */
  ids?: Tensor;
  /** Each sentence's own number of tokens: forward's and training's `lengths`. */
  lengths?: Int32Array;
  /** id -> token: '<pad>', then every token in order of first appearance. */
  vocabulary?: string[];
  /** How often each token occurs (<pad>: the padding steps). */
  counts?: number[];
}

export interface ParseOptions {
  batch_first?: boolean;
  /**
   * 'bits' (default): a table of 0/1 cells. 'words': tokens separated by spaces. 'characters':
   * one token a character (Chinese typed without spaces). 'auto': bits when most cells of the
   * first sentence are 0/1 strings, else words. For words, x is F.one_hot(ids, V).
   */
  tokens?: 'bits' | 'words' | 'characters' | 'auto';
  /**
   * Tables of words: false leaves x out (null), for a model that reads the ids through
   * nn.Embedding (x would be batch x seq_len x V floats). Default true.
   */
  one_hot?: boolean;
}

export type Mode = 'RNN' | 'LSTM' | 'GRU' | 'RNN_TANH' | 'RNN_RELU';

/**
 * nn.RNN / nn.LSTM / nn.GRU's arguments, by PyTorch's names: the rows of the core's field table
 * (Recur.configFields; tests/node/config-fields.test.mjs checks that this interface lists them).
 */
export interface ModelConfig {
  mode: Mode;
  input_size: number;
  hidden_size: number;
  num_layers?: number;
  bias?: boolean;
  batch_first?: boolean;
  /** RNN only; 'tanh' (default) or 'relu'. */
  nonlinearity?: 'tanh' | 'relu';
  /** Accepted for compatibility; forward is the eval-mode forward, which applies no dropout. */
  dropout?: number;
  /** A reverse direction per layer: output is 2 x the h width, h_n/c_n have num_layers * 2 rows (l0, l0_reverse, l1, ...). */
  bidirectional?: boolean;
  /** LSTM only, smaller than hidden_size: h (output, h_n) is W_hr (o * tanh(c)) of proj_size values. 0: none. */
  proj_size?: number;
  /**
   * Token ids in: nn.Embedding(num_embeddings, input_size, padding_idx=0) in front of the
   * recurrent layer, so x is [batch, seq_len] ids (or [seq_len, batch]; [seq_len] unbatched).
   * The state_dict is then the generated module's: embedding.weight, rnn.weight_ih_l0, ...
   * 0 (default): no embedding. At most limits.max_num_embeddings.
   */
  num_embeddings?: number;
  /** Weights equal torch.manual_seed(seed) followed by constructing the module. 0 .. 2^32-1. */
  seed?: number;
}

export interface ResolvedConfig {
  mode: 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';
  input_size: number;
  hidden_size: number;
  num_layers: number;
  bias: boolean;
  batch_first: boolean;
  nonlinearity: 'tanh' | 'relu';
  dropout: number;
  proj_size: number;
  bidirectional: boolean;
  num_embeddings: number;
}

/**
 * What inferConfig reads off a state_dict, spelled as Model.config spells it (an RNN's
 * nonlinearity cannot be told: its mode is 'RNN_TANH', PyTorch's default).
 */
export interface InferredConfig {
  mode: 'RNN_TANH' | 'LSTM' | 'GRU';
  input_size: number;
  hidden_size: number;
  num_layers: number;
  bias: boolean;
  bidirectional: boolean;
  proj_size: number;
  num_embeddings: number;
}

/**
 * Forward's input x: [batch, seq_len, input_size] with batch_first, else [seq_len, batch,
 * input_size]; or one sentence unbatched, [seq_len, input_size], as PyTorch accepts it (then
 * h0/c0 are [num_layers, hidden_size] and output, h_n, c_n come back without the batch dimension).
 */
/** An option it does not know is refused by name (a RecurError listing the known ones). */
export interface ForwardOptions {
  /** [num_layers, batch, hidden_size] ([num_layers, hidden_size] for unbatched x); zeros when omitted. */
  h0?: TensorInput | null;
  /** LSTM only: [num_layers, batch, hidden_size]; zeros when omitted. */
  c0?: TensorInput | null;
  /**
   * Sentences of different lengths in one padded x, one length a sentence (1 .. seq_len), as
   * pack_padded_sequence(x, lengths, batch_first, enforce_sorted=False) -> module ->
   * pad_packed_sequence(total_length=seq_len): output is zero past each length, h_n/c_n are each
   * sentence's state at its own last step, the reverse direction starts at each sentence's end.
   */
  lengths?: Int32Array | ArrayLike<number> | null;
  /** Also return every layer's every step (more time and memory; off by default). */
  intermediates?: boolean;
}

/**
 * Every layer's every step, time-major whatever batch_first says: [num_layers, seq_len, batch, n]
 * with n = G (H for RNN, 4H for LSTM, gates i, f, g, o) or H. h, c, preactivation and gates are
 * the forward's own values, bit for bit; the two terms sum to preactivation within rounding.
 */
export interface Intermediates {
  /** W_ih x_t + b_ih (x_t: the input, or the layer below's h_t). */
  input_term: Tensor;
  /** W_hh h_{t-1} + b_hh. */
  hidden_term: Tensor;
  /** What each activation reads: input_term + hidden_term (GRU's n: input_term + r * hidden_term). */
  preactivation: Tensor;
  /** LSTM: sigmoid(i), sigmoid(f), tanh(g), sigmoid(o); GRU: sigmoid(r), sigmoid(z), tanh(n); RNN: null. */
  gates: Tensor | null;
  /** h_t. */
  h: Tensor;
  /** LSTM: c_t; RNN and GRU: null. */
  c: Tensor | null;
}

export interface ForwardResult {
  /** [batch, seq_len, hidden_size] with batch_first, else [seq_len, batch, hidden_size]. */
  output: Tensor;
  /** [num_layers, batch, hidden_size], whatever batch_first says. */
  h_n: Tensor;
  /** LSTM: [num_layers, batch, hidden_size]; RNN and GRU: null. */
  c_n: Tensor | null;
  /** Only with the forward option intermediates: true. */
  intermediates?: Intermediates;
}

/** Parameters by state_dict name: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ... */
export type StateDict = Record<string, Tensor>;

export interface Model {
  readonly config: ResolvedConfig;
  /** The torch.manual_seed the weights were drawn with (createModel's seed). */
  readonly seed: number;
  /** PyTorch's UserWarning texts for this configuration (e.g. dropout > 0 with num_layers = 1). */
  readonly warnings: string[];
  forward(x: TensorInput, options?: ForwardOptions): ForwardResult;
  /**
   * The shapes forward returns for an x of `shape` (token ids with an embedding), without
   * running it; refused as forward would refuse that x.
   */
  outputShapes(shape: number[]): { output: number[]; h_n: number[]; c_n: number[] | null };
  stateDict(): StateDict;
  loadStateDict(dict: Record<string, TensorInput>): void;
  /**
   * nn.Linear(hidden_size, out_features), drawn right after this model under the same seed.
   * head_input 'cat' (bidirectional only): nn.Linear(2 x hidden_size, out_features), the head of
   * torch.cat((h_n[-2], h_n[-1]), dim=1), drawn as createTrainer's.
   */
  createHead(out_features: number, options?: { head_input?: 'last' | 'cat' }): Linear;
  dispose(): void;
}

export interface LinearResult {
  /** [batch, out_features]. */
  logits: Tensor;
  /** softmax(logits, dim=-1). */
  probabilities: Tensor;
  /** argmax per sentence. */
  predicted: Int32Array;
}

/** The classifier head: nn.Linear, state_dict keys weight [out, in] and bias [out]. */
export interface Linear {
  readonly in_features: number;
  readonly out_features: number;
  /** x is [batch, in_features], e.g. h_n[-1]. */
  forward(x: TensorInput): LinearResult;
  stateDict(): StateDict;
  loadStateDict(dict: Record<string, TensorInput>): void;
  dispose(): void;
}

/** Sizes past these are refused with a RecurError before anything is allocated. */
export interface Limits {
  max_table_text: number;
  max_input_size: number;
  max_hidden_size: number;
  max_num_layers: number;
  max_num_embeddings: number;
  max_parameters: number;
  max_tensor_elements: number;
  max_out_features: number;
  /** textDataset: characters (code points) of a text, and distinct characters. */
  max_text_characters: number;
  max_text_vocabulary: number;
  /** sample: characters written in one call. */
  max_sample_length: number;
}

export interface TrainerOptions {
  /** Classes of y: the head is nn.Linear(h width, out_features). */
  out_features: number;
  /** torch.optim.Adam (default) or torch.optim.SGD, PyTorch 1.13's rules and defaults. */
  optimizer?: 'adam' | 'sgd';
  /** Adam: 0.001 by default; SGD: required, as torch.optim.SGD. */
  lr?: number;
  weight_decay?: number;
  /** SGD */
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  /** Adam */
  betas?: [number, number];
  eps?: number;
  /** clip_grad_norm_(params, max_grad_norm) before each step; 0 (default): no clipping. */
  max_grad_norm?: number;
  /**
   * The head on every step of output (logits = head(output)) and nn.CrossEntropyLoss over every
   * step (mean): a many-to-many model, such as one predicting the next character. y is then a
   * {data, shape} shaped like x without its last dimension. A bidirectional model is refused.
   */
  per_step?: boolean;
  /**
   * What the head reads: 'last' (default), h_n[-1] (for a bidirectional model its reverse
   * direction); 'cat', torch.cat((h_n[-2], h_n[-1]), dim=1), both directions of the top layer
   * (bidirectional only; the head is nn.Linear(2 x h width, out_features)).
   */
  head_input?: 'last' | 'cat';
}

/** The class of every step: shape [batch, seq_len] (batch_first), [seq_len, batch], or [seq_len] for a 2-D x. */
export interface StepTargets {
  data: Int32Array | number[];
  shape: number[];
}

export interface TrainingOptions {
  h0?: TensorInput | null;
  c0?: TensorInput | null;
  /** As forward's: the padded x packed, so h_n[-1] is each sentence's state at its own end. */
  lengths?: Int32Array | ArrayLike<number> | null;
}

export interface LossAndGrad {
  /** nn.CrossEntropyLoss()(head(h_n[-1]), y), mean over the sentences. */
  loss: number;
  /** The head's class per sentence. */
  predicted: Int32Array;
  /** dL/d parameter by state_dict name, plus 'head.weight' and 'head.bias'. */
  grads: StateDict;
  /** dL/dx, dL/dh0 (of the zeros when no h0 was given), dL/dc0 (LSTM; else null). */
  inputGrads: { x: Tensor; h0: Tensor; c0: Tensor | null };
  /** ||dL/dh_t|| over the units: [num_layers * directions, seq_len, batch]. */
  hiddenGradNorms: Tensor;
  /** The joint 2-norm of every parameter's gradient (before clipping). */
  gradNorm: number;
}

/**
 * What stepAndGrad reports: lossAndGrad's result of the weights before the update, but for dL/dx,
 * which a step does not compute (x is data, as in PyTorch's loop).
 */
export type StepAndGrad<T extends LossAndGrad> = Omit<T, 'inputGrads'> & { inputGrads: StepInputGrads };

/** A step's inputGrads: lossAndGrad's without dL/dx. */
export interface StepInputGrads {
  /** null: a step does not compute dL/dx. */
  x: null;
  h0: Tensor;
  c0: Tensor | null;
}

/** lossAndGrad of a per-step trainer. */
export interface SequenceLossAndGrad extends LossAndGrad {
  /** h_n and c_n (LSTM; else null) of the chunk: the next chunk's h0/c0 when training stateful. */
  h_n: Tensor;
  c_n: Tensor | null;
}

export interface SampleOptions {
  /** Characters to write (default 200). */
  length?: number;
  /** 0: greedy (argmax); else softmax(logits / temperature). Default 1. */
  temperature?: number;
  /** Draw only from the top_k most likely characters (ties with the k-th included); 0 (default): all. */
  top_k?: number;
  /** torch.Generator().manual_seed(seed): one torch.rand draw a character. Default 0. */
  seed?: number;
}

/** What the model predicts after each character, and the forward that saw them. */
export interface NextCharacters extends ForwardResult {
  /** The k most likely next characters after each character: shape [len, k], most likely first. */
  top: { data: Int32Array; shape: number[] };
  /** Their probabilities, [len, k]. */
  probabilities: Tensor;
}

/** A trainer made with per_step: true. */
export interface SequenceTrainer {
  readonly model: Model;
  readonly steps: number;
  /** optimizer.param_groups[0]['lr']: set it between epochs, as an lr scheduler does. */
  lr: number;
  readonly perStep: true;
  lossAndGrad(x: TensorInput, y: StepTargets, options?: TrainingOptions): SequenceLossAndGrad;
  step(x: TensorInput, y: StepTargets, options?: TrainingOptions): number;
  stepAndGrad(x: TensorInput, y: StepTargets, options?: TrainingOptions): StepAndGrad<SequenceLossAndGrad>;
  /** Vocabulary indices written after `prime` (a character model: input_size = out_features). */
  sample(prime: Int32Array | number[], options?: SampleOptions): Int32Array;
  nextCharacters(ids: Int32Array | number[], options?: { k?: number }): NextCharacters;
  stateDict(): StateDict;
  loadStateDict(dict: Record<string, TensorInput>): void;
  dispose(): void;
}

/** Trains a model in place with a Linear head on h_n[-1], as PyTorch's training loop. */
export interface Trainer {
  readonly model: Model;
  /** Optimizer steps taken. */
  readonly steps: number;
  /** optimizer.param_groups[0]['lr']: set it between epochs, as an lr scheduler does. */
  lr: number;
  readonly perStep: false;
  /** y: one class per sentence (Int32Array or number[]), or one number for a 2-D (unbatched) x. */
  lossAndGrad(x: TensorInput, y: Int32Array | number[] | number, options?: TrainingOptions): LossAndGrad;
  /** One optimizer step; the loss before the update. */
  step(x: TensorInput, y: Int32Array | number[] | number, options?: TrainingOptions): number;
  /** One optimizer step; lossAndGrad of the weights before the update (grads unclipped; no dL/dx). */
  stepAndGrad(x: TensorInput, y: Int32Array | number[] | number, options?: TrainingOptions): StepAndGrad<LossAndGrad>;
  /** The classifier on (x, y) without training (torch.no_grad()); x is a batch. */
  evaluate(x: TensorInput, y: Int32Array | number[]): Evaluation;
  /** The model's state_dict plus head.weight and head.bias. */
  stateDict(): StateDict;
  loadStateDict(dict: Record<string, TensorInput>): void;
  dispose(): void;
}

export interface TextInfo {
  /** Each character once, sorted by code point (Python's sorted(set(text))). */
  vocabulary: string[];
  seq_len: number;
  batch: number;
  batch_first: boolean;
  /** Characters (code points) in the text, in the first nine tenths, training chunks a pass, validation rows. */
  characters: number;
  train_characters: number;
  chunks: number;
  validation_rows: number;
}

/** A chunk of text: one-hot x and the next character at every step. */
export interface TextChunk {
  x: Tensor;
  y: { data: Int32Array; shape: number[] };
}

/** A text cut as a character model trains on it (recur.textDataset). */
export interface TextDataset {
  readonly vocabulary: string[];
  readonly info: TextInfo;
  chunk(i: number): TextChunk;
  validation(): TextChunk;
  encode(text: string): Int32Array;
  decode(ids: Int32Array | number[]): string;
  dispose(): void;
}

export interface Evaluation {
  /** nn.CrossEntropyLoss()(head(h_n[-1]), y), mean over the batch. */
  loss: number;
  /** How many predicted == y. */
  correct: number;
  predicted: Int32Array;
  /** softmax of the logits, [batch, out_features]. */
  probabilities: Tensor;
}

/** The digits file (dist/digits.bin) in WebAssembly memory. */
export interface Digits {
  readonly size: number;
  /** Digits [0, train) are the training set, [train, size) the test set. */
  readonly train: number;
  readonly rows: number;
  readonly cols: number;
  /** Every digit's class. */
  readonly labels: Int32Array;
  /** x: [count, rows, cols] (batch_first, the default) or [rows, count, cols]; values byte / 255. */
  batch(indices: Int32Array | number[], options?: { batch_first?: boolean }): { x: Tensor; y: Int32Array };
  dispose(): void;
}

/** A row of the core's field table: one option of createModel. */
export interface ConfigField {
  name: string;
  kind: 'mode' | 'nonlinearity' | 'size' | 'flag' | 'number' | 'seed';
  /** createModel refuses a config without it. */
  required: boolean;
  /** inferConfig reports it (a state_dict's keys and shapes tell it). */
  inferred: boolean;
  /** Its type in ModelConfig, as this file writes it. */
  type: string;
  /** Sizes and numbers: the accepted range. */
  minimum?: number;
  maximum?: number;
  /** null when required. */
  default: string | number | boolean | null;
}

export interface Recur {
  readonly limits: Limits;
  /** createModel's options, one row a field, in its order. */
  readonly configFields: readonly ConfigField[];
  /** 'wasm' for the SIMD128 build, 'scalar' for the fallback. */
  readonly simdArch: string;
  /** Bytes of WebAssembly memory now (it grows on demand and never shrinks). */
  readonly memoryBytes: number;
  /** With one_hot: false a table of words comes without x (null): its model reads the ids. */
  parseTable(text: string, options: ParseOptions & { one_hot: false }): Omit<ParsedTable, 'x'> & { x: Tensor | null };
  parseTable(text: string, options?: ParseOptions): ParsedTable;
  textDataset(text: string, options: { seq_len: number; batch: number; batch_first?: boolean }): TextDataset;
  createModel(config: ModelConfig): Model;
  createTrainer(model: Model, options: TrainerOptions & { per_step: true }): SequenceTrainer;
  createTrainer(model: Model, options: TrainerOptions & { per_step?: false }): Trainer;
  createTrainer(model: Model, options: TrainerOptions): Trainer | SequenceTrainer;
  /** A .safetensors file's tensors (F32; F16 and BF16 converted to float32 exactly). */
  readSafetensors(bytes: Uint8Array | ArrayBuffer): StateDict;
  /** The .safetensors file (F32, state_dict order) of a state_dict. */
  writeSafetensors(dict: Record<string, TensorInput>): Uint8Array;
  /** The configuration a state_dict was made by, read off its keys and shapes. */
  inferConfig(dict: Record<string, TensorInput>): InferredConfig;
  /** torch.manual_seed(seed); torch.rand(...shape), bit for bit. seed defaults to 0. */
  rand(shape: number[], options?: { seed?: number }): Tensor;
  /** The digits file's bytes (tools/make_digits.mjs documents the format). */
  readDigits(bytes: Uint8Array | ArrayBuffer): Digits;
  /**
   * CosineAnnealingLR(optimizer, T_max, eta_min)'s lr after `epoch` scheduler steps (0: lr),
   * bit for bit as PyTorch computes it.
   */
  cosineAnnealingLR(options: { lr: number; T_max: number; eta_min?: number }, epoch: number): number;
  /** The (epoch + 1)-th torch.randperm(n, generator=g) of g = torch.Generator().manual_seed(seed). */
  randperm(n: number, options?: { seed?: number; epoch?: number }): Int32Array;
  /** A drawing (height * width bytes of ink, 0..255) made MNIST-like: [28, 28] in [0, 1]. */
  mnistDigit(ink: Uint8Array, size: { height: number; width: number }): Tensor;
  /** 'torch.Size([6, 3, 4])' */
  formatShape(shape: number[]): string;
  /** str(t) exactly as PyTorch prints it (precision 4, summarized past 1000 elements). */
  formatTensor(tensor: TensorInput): string;
}

export interface LoadOptions {
  /** Force the SIMD128 (true) or the scalar (false) build; by default, whatever the engine runs. */
  simd?: boolean;
  /** The bytes of recur-core.wasm, if the caller has them already. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** A module factory to use instead of loading one (the classic single-file build's createRecurCore). */
  createCore?: (moduleArgs: object) => Promise<unknown>;
}

export function loadRecur(options?: LoadOptions): Promise<Recur>;

/** Whether this engine runs WebAssembly SIMD128. */
export function simdSupported(): boolean;
