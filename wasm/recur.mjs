// Recur's JS API: the same module in the browser and in Node 20.
//
//   import { loadRecur } from 'recur-playground';
//   const recur = await loadRecur();
//   const table = recur.parseTable(text, { batch_first: true });
//   const model = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4, batch_first: true });
//   const { output, h_n, c_n } = model.forward(table.x);
//
// This file only loads the WebAssembly module and keeps handles safe; every check that
// concerns a value and every number is done in C++ (wasm/bindings.cpp, core/).

// Texts go into WebAssembly as UTF-8 bytes encoded by the engine (see utf8_text in js_convert.hpp).
const utf8 = new TextEncoder();

/** Every error Recur reports: the message says what was wrong and where. */
export class RecurError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RecurError';
  }
}

// The smallest module that uses a SIMD128 instruction (i8x16.splat): it validates exactly
// where the engine runs wasm SIMD.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11,
]);

/** Whether this engine runs WebAssembly SIMD128 (then loadRecur picks the SIMD build). */
export function simdSupported() {
  return WebAssembly.validate(SIMD_PROBE);
}

const inNode =
  typeof process === 'object' && typeof process.versions?.node === 'string' && typeof window === 'undefined';

/**
 * Loads and instantiates the WebAssembly module: the SIMD128 build where the engine has SIMD,
 * else the scalar build (`options.simd` forces one). In Node the .wasm file is read from beside
 * this file; in a browser it is fetched from there. `options.wasmBinary` overrides both, and
 * `options.createCore` (the factory of the classic single-file build) replaces the loading.
 */
export async function loadRecur(options = {}) {
  // `pending` is where the module leaves a RecurError for throwsPending (below) to throw.
  const moduleArgs = { RecurError, pending: { error: null } };
  if (options.createCore) return new Recur(await options.createCore(moduleArgs));
  const simd = options.simd ?? simdSupported();
  const name = simd ? 'recur-core' : 'recur-core-scalar';
  // A plain variable: bundlers leave this import to run time instead of bundling every .mjs here.
  const specifier = new URL(`./${name}.mjs`, import.meta.url).href;
  const wasmUrl = new URL(`./${name}.wasm`, import.meta.url);
  if (options.wasmBinary) {
    moduleArgs.wasmBinary = options.wasmBinary;
  } else if (inNode) {
    const { readFile } = await import('node:fs/promises');
    moduleArgs.wasmBinary = await readFile(wasmUrl);
  } else {
    // In a browser the .wasm is fetched and compiled while the glue script loads, not after it
    // (a cold visit's longest chain of round trips); the glue then only instantiates it.
    const compiled = compileWasm(wasmUrl);
    const [{ default: createRecurCore }, module] = await Promise.all([import(specifier), compiled]);
    let failed;
    const failure = new Promise((_, reject) => (failed = reject));
    moduleArgs.instantiateWasm = (imports, receive) => {
      WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module), failed);
      return {}; // Emscripten's sign that the instance comes later, through `receive`
    };
    return new Recur(await Promise.race([createRecurCore(moduleArgs), failure]));
  }
  const { default: createRecurCore } = await import(specifier);
  return new Recur(await createRecurCore(moduleArgs));
}

// Compiles while it downloads where the server says application/wasm (what compileStreaming
// requires); else (a tutorial's own server with another type) from the whole download. One fetch
// either way.
async function compileWasm(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url.href}: HTTP ${response.status}`);
  if (/^application\/wasm\b/i.test(response.headers.get('Content-Type') ?? ''))
    return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

// The module's functions and classes (wasm/bindings.cpp) that can fail.
const FUNCTIONS = [
  'parseTable',
  'createModel',
  'formatShape',
  'formatTensor',
  'rand',
  'createHead',
  'readSafetensors',
  'writeSafetensors',
  'inferConfig',
  'createTrainer',
  'cosineAnnealingLR',
  'createSequenceTrainer',
  'textDataset',
  'readDigits',
  'randperm',
  'evaluate',
  'mnistDigit',
  'configFields',
];
const CLASSES = ['Model', 'Linear', 'Trainer', 'SequenceTrainer', 'TextDataset', 'Digits'];

/**
 * Makes every function and method of the module throw the RecurError it left in
 * Module.pending.error. The module never throws through WebAssembly itself (bindings.cpp says
 * why): the error is thrown here, once the call has returned, in this one place for every call.
 */
function throwsPending(core) {
  const pending = core.pending;
  const wrap = (call) =>
    function (...args) {
      const result = call.apply(this, args);
      const error = pending.error;
      if (error) {
        pending.error = null;
        throw error;
      }
      return result;
    };
  for (const name of FUNCTIONS) core[name] = wrap(core[name]);
  for (const name of CLASSES) {
    const prototype = core[name].prototype;
    for (const [method, { value }] of Object.entries(Object.getOwnPropertyDescriptors(prototype)))
      if (method !== 'constructor' && typeof value === 'function') prototype[method] = wrap(value);
  }
  return core;
}

// Frees models the caller forgot to dispose once they are garbage collected.
const leaked = new FinalizationRegistry((handle) => handle.delete());

class Recur {
  #core;
  #limits;
  #fields;

  constructor(core) {
    this.#core = throwsPending(core);
    this.#limits = Object.freeze(core.limits());
    this.#fields = Object.freeze(core.configFields().map((row) => Object.freeze(row)));
  }

  /**
   * createModel's options, one row a field, in its order: {name, kind ('mode', 'nonlinearity',
   * 'size', 'flag', 'number', 'seed'), required, inferred (inferConfig reports it), type (as
   * recur.d.mts types it), minimum, maximum (sizes and numbers), default (null when required)}.
   * The core's field table (core/include/recur/config_fields.hpp) is the one source of them.
   */
  get configFields() {
    return this.#fields;
  }

  /** The size limits, checked before anything is allocated (see README, Robustness). */
  get limits() {
    return this.#limits;
  }

  /** The SIMD instruction set the core was compiled for: 'wasm' (SIMD128) or 'scalar'. */
  get simdArch() {
    return this.#core.simdArch();
  }

  /** Bytes of WebAssembly memory in use now (it grows on demand and never shrinks). */
  get memoryBytes() {
    return this.#core.HEAPU8.length;
  }

  /** Parses the learner's table; x is [batch, seq_len, input_size] with batch_first, else [seq_len, batch, input_size]. */
  parseTable(text, options = {}) {
    if (typeof text !== 'string') throw new RecurError(`parseTable: text must be a string, got ${describe(text)}`);
    // Refused before the text is copied into WebAssembly memory (the core checks it too, in bytes).
    if (text.length > this.#limits.max_table_text)
      throw new RecurError(
        `the table text is ${text.length} characters, more than the maximum ${this.#limits.max_table_text}`,
      );
    if (options === null || typeof options !== 'object')
      throw new RecurError(`parseTable: options must be an object {batch_first, tokens}, got ${describe(options)}`);
    return this.#core.parseTable(utf8.encode(text), options);
  }

  /** A model with PyTorch's argument names; weights are torch.manual_seed(seed) + construction. */
  createModel(config) {
    return new Model(this.#core.createModel(config), this.#core);
  }

  /**
   * Trains `model` in place with a Linear head on h_n[-1] and nn.CrossEntropyLoss, as the
   * PyTorch loop zero_grad / backward / clip_grad_norm_ / step does. options: out_features
   * (required), optimizer 'adam' (default) or 'sgd', lr (Adam: 0.001; SGD: required), momentum,
   * dampening, nesterov, weight_decay, betas, eps, max_grad_norm (0: no clipping). The head is
   * model.createHead(out_features)'s: drawn after the model under its seed.
   *
   * per_step: true puts the head on every step of output instead (logits = head(output)), with
   * nn.CrossEntropyLoss over every step (the mean), for a model that predicts the next character:
   * y is then {data: Int32Array, shape} shaped like x without its last dimension, and each step's
   * result also has h_n and c_n, the state to carry into the next chunk (stateful training).
   */
  createTrainer(model, options) {
    if (!(model instanceof Model))
      throw new RecurError(`createTrainer needs a model from recur.createModel(config), got ${describe(model)}`);
    if (options !== null && typeof options === 'object' && !Array.isArray(options) && 'per_step' in options) {
      const { per_step: perStep, ...rest } = options;
      if (typeof perStep !== 'boolean')
        throw new RecurError(`createTrainer: per_step must be true or false, got ${describe(perStep)}`);
      if (perStep) {
        const handle = this.#core.createSequenceTrainer(model.live('createTrainer'), rest);
        return new Trainer(handle, model, this.#core, true);
      }
      options = rest;
    }
    return new Trainer(this.#core.createTrainer(model.live('createTrainer'), options ?? null), model, this.#core);
  }

  /**
   * A text as a character model trains on it (core/include/recur/text.hpp has the PyTorch it
   * equals): the vocabulary is its characters (Unicode code points) sorted by code point, the
   * last tenth is held out for validation, and the rest is cut into `batch` streams side by side,
   * read seq_len characters at a time (chunk i + 1 of a row continues chunk i). options: seq_len,
   * batch (both required), batch_first (default false, as nn.LSTM).
   */
  textDataset(text, options) {
    if (typeof text !== 'string') throw new RecurError(`textDataset: text must be a string, got ${describe(text)}`);
    // Refused before the text is copied into WebAssembly memory (the core counts code points).
    if (text.length > 2 * this.#limits.max_text_characters)
      throw new RecurError(
        `the text is ${text.length} UTF-16 units long, more than the maximum ${this.#limits.max_text_characters} characters`,
      );
    return new TextDataset(this.#core.textDataset(text, options ?? null));
  }

  /** A .safetensors file's tensors ({name: {data, shape}}); F16 and BF16 converted to float32. */
  readSafetensors(bytes) {
    return this.#core.readSafetensors(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes);
  }

  /** The .safetensors file (F32) of a state_dict ({name: {data, shape}}), as bytes. */
  writeSafetensors(dict) {
    return this.#core.writeSafetensors(dict);
  }

  /** The nn.RNN / nn.LSTM / nn.GRU configuration a state_dict was made by (RNN's nonlinearity cannot be told). */
  inferConfig(dict) {
    return this.#core.inferConfig(dict);
  }

  /** torch.manual_seed(seed); torch.rand(...shape): uniform [0, 1) float32, bit for bit. */
  rand(shape, options = {}) {
    if (options === null || typeof options !== 'object')
      throw new RecurError(`rand: options must be an object {seed}, got ${describe(options)}`);
    return this.#core.rand(shape, options.seed ?? 0);
  }

  /**
   * The digits file (dist/digits.bin, README "The digits (MNIST)") as a Digits handle: the
   * digits stay in WebAssembly memory and batches are drawn from them by index.
   */
  readDigits(bytes) {
    return new Digits(this.#core.readDigits(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes));
  }

  /**
   * The lr of epoch `epoch` (0: options.lr) under torch.optim.lr_scheduler.CosineAnnealingLR(
   * optimizer, T_max, eta_min) after `epoch` calls of scheduler.step(), bit for bit as PyTorch
   * computes it (each epoch's from the one before). options: {lr, T_max, eta_min: 0}. Set it as
   * trainer.lr before each epoch.
   */
  cosineAnnealingLR(options, epoch) {
    return this.#core.cosineAnnealingLR(options, epoch);
  }

  /**
   * An epoch's batch order as PyTorch draws it: with g = torch.Generator().manual_seed(seed), the
   * (epoch + 1)-th torch.randperm(n, generator=g), as an Int32Array.
   */
  randperm(n, options = {}) {
    if (options === null || typeof options !== 'object')
      throw new RecurError(`randperm: options must be an object {seed, epoch}, got ${describe(options)}`);
    return this.#core.randperm(n, options.seed ?? 0, options.epoch ?? 0);
  }

  /**
   * A drawing made to look like an MNIST digit: ink (height * width bytes, 0 paper .. 255 ink,
   * e.g. a canvas's alpha channel) cropped to its box, scaled to 20 pixels (area-averaged), and
   * centred by its centre of mass in 28x28. Returns {data, shape: [28, 28]} in [0, 1].
   */
  mnistDigit(ink, { height, width } = {}) {
    return this.#core.mnistDigit(ink, height, width);
  }

  /** 'torch.Size([6, 3, 4])' */
  formatShape(shape) {
    return this.#core.formatShape(shape);
  }

  /** str(t) exactly as PyTorch prints a float32 tensor: 'tensor([[ 0.1120, -0.1544, ...]])' */
  formatTensor(tensor) {
    return this.#core.formatTensor(tensor);
  }
}

// A module living in WebAssembly memory: freed by dispose() (or, if forgotten, when collected).
class Handle {
  #handle;
  #what;

  /** `what` names it in errors: ['model', 'recur.createModel(config)']. */
  constructor(handle, what) {
    this.#handle = handle;
    this.#what = what;
    leaked.register(this, handle, this);
  }

  /** Frees the module's WebAssembly memory; any later call throws a RecurError. */
  dispose() {
    if (!this.#handle) return;
    leaked.unregister(this);
    this.#handle.delete();
    this.#handle = null;
  }

  /** The parameters by state_dict name, as {data, shape} tensors (copies). */
  stateDict() {
    return this.live('stateDict').stateDict();
  }

  /** Strict, like PyTorch: missing, unexpected or misshapen entries are errors naming the key. */
  loadStateDict(dict) {
    this.live('loadStateDict').loadStateDict(dict);
  }

  live(method) {
    if (!this.#handle)
      throw new RecurError(`${method}: this ${this.#what[0]} was disposed; create another with ${this.#what[1]}`);
    return this.#handle;
  }
}

class Model extends Handle {
  #config;
  #seed;
  #core;

  constructor(handle, core) {
    super(handle, ['model', 'recur.createModel(config)']);
    this.#config = Object.freeze(handle.config());
    this.#seed = handle.seed();
    this.#core = core;
  }

  /** The configuration with every default filled in (mode as PyTorch names it: 'RNN_TANH', 'LSTM', ...). */
  get config() {
    return this.#config;
  }

  /** The torch.manual_seed its weights were drawn with (createModel's seed, default 0). */
  get seed() {
    return this.#seed;
  }

  /** What PyTorch warns about when it constructs this module (its UserWarning texts), e.g. dropout with one layer. */
  get warnings() {
    return this.live('warnings').warnings();
  }

  /**
   * PyTorch's forward: { output, h_n, c_n } (c_n is null for RNN). With `intermediates: true`
   * also every layer's every step (time-major [num_layers, seq_len, batch, n] tensors). With
   * `lengths` (one a sentence), x is a padded batch packed as PyTorch's pack_padded_sequence
   * (enforce_sorted=False) -> module -> pad_packed_sequence(total_length=seq_len) does. An
   * option it does not know is refused by name.
   */
  forward(x, options = {}) {
    if (options === null || typeof options !== 'object')
      throw new RecurError(`forward: options must be an object {h0, c0, intermediates}, got ${describe(options)}`);
    return this.live('forward').forward(x, options);
  }

  /**
   * The shapes forward returns for an x of `shape` (token ids with an embedding), without running
   * it: { output, h_n, c_n } as number[] (c_n null but for LSTM). An x of that shape that forward
   * would refuse is refused the same way. What a page shows while a long forward runs.
   */
  outputShapes(shape) {
    return this.live('outputShapes').outputShapes(shape);
  }

  /**
   * The notebook's classifier head: nn.Linear(hidden_size, out_features), its weights drawn
   * right after this model's under the same torch.manual_seed, as the notebook's code does.
   * { head_input: 'cat' } (bidirectional only): nn.Linear(2 x hidden_size, out_features) for
   * torch.cat((h_n[-2], h_n[-1]), dim=1), as createTrainer's head_input 'cat' draws it.
   */
  createHead(out_features, options) {
    return new Linear(this.#core.createHead(this.live('createHead'), out_features, options));
  }
}

class Linear extends Handle {
  constructor(handle) {
    super(handle, ['head', 'model.createHead(out_features)']);
  }

  get in_features() {
    return this.live('in_features').inFeatures();
  }

  get out_features() {
    return this.live('out_features').outFeatures();
  }

  /** x is [batch, in_features] (e.g. h_n[-1]): { logits, probabilities (softmax), predicted (argmax) }. */
  forward(x) {
    return this.live('forward').forward(x);
  }
}

class Trainer extends Handle {
  #model;
  #perStep;
  #core;

  constructor(handle, model, core, perStep = false) {
    super(handle, ['trainer', 'recur.createTrainer(model, options)']);
    this.#model = model;
    this.#core = core;
    this.#perStep = perStep;
  }

  /** The model being trained (its weights change with every step). */
  get model() {
    return this.#model;
  }

  /** Whether the head is on every step of output (createTrainer's per_step). */
  get perStep() {
    return this.#perStep;
  }

  /** How many optimizer steps have been taken. */
  get steps() {
    return this.live('steps').steps();
  }

  /**
   * The learning rate of the steps to come, optimizer.param_groups[0]['lr']; setting it is what
   * an lr scheduler does between epochs (recur.cosineAnnealingLR gives the values).
   */
  get lr() {
    return this.live('lr').lr();
  }
  set lr(value) {
    this.live('lr').setLr(value);
  }

  /**
   * loss and gradients without updating anything: { loss, predicted, grads (by state_dict name,
   * plus head.weight and head.bias), inputGrads {x, h0, c0}, hiddenGradNorms
   * [layers * directions, seq_len, batch] (||dL/dh_t||), gradNorm }. Per step: y is
   * {data: Int32Array, shape} (x's shape without its last dimension), predicted is in y's layout,
   * and h_n, c_n are the states the chunk ended in.
   */
  lossAndGrad(x, y, options = {}) {
    return this.#train('lossAndGrad', 'lossAndGrad', x, y, options);
  }

  /**
   * One optimizer step on (x, y); returns the loss before the update, and builds nothing else of
   * stepAndGrad's report (every gradient's array, a chunk's states).
   */
  step(x, y, options = {}) {
    return this.#train('stepLoss', 'step', x, y, options);
  }

  /** One optimizer step; returns what lossAndGrad said of the weights before the update. */
  stepAndGrad(x, y, options = {}) {
    return this.#train('step', 'step', x, y, options);
  }

  // Calls the module trainer's `method` on (x, y): a per-step trainer takes h0 and c0 as
  // arguments, the other its options object; `where` names the call in errors.
  #train(method, where, x, y, options) {
    this.#check(options, where);
    const trainer = this.live(where);
    return this.#perStep ? trainer[method](x, y, ...this.#states(options, where)) : trainer[method](x, y, options);
  }

  /**
   * The trained classifier on (x, y) without training it: { loss (mean cross-entropy),
   * correct (how many predicted == y), predicted, probabilities [batch, out_features] }, as
   * PyTorch computes them under torch.no_grad(). x must be a batch (3-D).
   */
  evaluate(x, y) {
    return this.#core.evaluate(this.#model.live('evaluate'), this.live('evaluate'), x, y);
  }

  /** The model's state_dict and the head's, as head.weight and head.bias. */
  stateDict() {
    const head = this.live('stateDict').headStateDict();
    const dict = this.#model.stateDict();
    for (const [name, value] of Object.entries(head)) dict[`head.${name}`] = value;
    return dict;
  }

  /** Loads a dict as stateDict() returns it: the model's entries and head.weight, head.bias. */
  loadStateDict(dict) {
    if (dict === null || typeof dict !== 'object')
      throw new RecurError(`loadStateDict needs an object {name: {data, shape}}, got ${describe(dict)}`);
    const model = {},
      head = {};
    for (const [name, value] of Object.entries(dict)) {
      if (name.startsWith('head.')) head[name.slice(5)] = value;
      else model[name] = value;
    }
    const before = this.#model.stateDict();
    this.#model.loadStateDict(model);
    try {
      this.live('loadStateDict').loadHeadStateDict(head);
    } catch (error) {
      this.#model.loadStateDict(before); // all or nothing, like each module's own load
      throw error;
    }
  }

  /**
   * Writes `length` characters after `prime` (vocabulary indices, at least one) with the per-step
   * head: greedy when temperature is 0, else drawn by inverse CDF on torch.rand draws of a
   * generator seeded with `seed`, from the top_k most likely (0: all), as core/include/recur/
   * sampler.hpp writes out in PyTorch. options: {length: 200, temperature: 1, top_k: 0, seed: 0}.
   */
  sample(prime, options = {}) {
    this.#perStepOnly('sample');
    this.#model.live('sample');
    return this.live('sample').sample(prime, options);
  }

  /**
   * What the model predicts after each character of `ids` (from a zero state): top {data, shape
   * [len, k]} (the k most likely next characters, k = 5 by default), their probabilities
   * [len, k], and the forward's output, h_n, c_n and intermediates (every step's gates and states).
   */
  nextCharacters(ids, options = {}) {
    this.#perStepOnly('nextCharacters');
    if (options === null || typeof options !== 'object')
      throw new RecurError(`nextCharacters: options must be an object {k}, got ${describe(options)}`);
    this.#model.live('nextCharacters');
    return this.live('nextCharacters').nextCharacters(ids, options.k);
  }

  #perStepOnly(method) {
    if (!this.#perStep)
      throw new RecurError(`${method} needs a per-step trainer: recur.createTrainer(model, {per_step: true, ...})`);
  }

  #check(options, method) {
    if (options === null || typeof options !== 'object')
      throw new RecurError(`${method}: options must be an object {h0, c0}, got ${describe(options)}`);
    this.#model.live(method);
  }

  // A per-step trainer's options: the states a chunk starts from, nothing else (its binding takes
  // them as arguments; the h_n[-1] trainer's binding checks its own options, lengths included).
  #states(options, method) {
    for (const key of Object.keys(options))
      if (key !== 'h0' && key !== 'c0')
        throw new RecurError(`${method}: unknown option '${key}' (options of a per_step trainer: h0, c0)`);
    return [options.h0 ?? null, options.c0 ?? null];
  }
}

class TextDataset extends Handle {
  #info;

  constructor(handle) {
    super(handle, ['text', 'recur.textDataset(text, options)']);
    this.#info = Object.freeze(handle.info());
  }

  /** The characters, sorted by code point: index i is class i (and one-hot input i). */
  get vocabulary() {
    return this.#info.vocabulary;
  }

  /** { seq_len, batch, batch_first, characters, train_characters, chunks, validation_rows } */
  get info() {
    return this.#info;
  }

  /** Training chunk i (0 .. info.chunks - 1): { x (one-hot), y: {data: Int32Array, shape} }. */
  chunk(i) {
    return this.live('chunk').chunk(i);
  }

  /** The held-out tenth as rows of seq_len: { x, y }, each row from a zero state. */
  validation() {
    return this.live('validation').validation();
  }

  /** The vocabulary index of each character of `text` (an Int32Array). */
  encode(text) {
    if (typeof text !== 'string') throw new RecurError(`encode: text must be a string, got ${describe(text)}`);
    return this.live('encode').encode(text);
  }

  /** The text of vocabulary indices. */
  decode(ids) {
    return this.live('decode').decode(ids);
  }
}

/** The digits file in WebAssembly memory: digits [0, train) are the training set, the rest the test set. */
class Digits extends Handle {
  #labels = null;

  constructor(handle) {
    super(handle, ['digits file', 'recur.readDigits(bytes)']);
  }

  /** How many digits. */
  get size() {
    return this.live('size').size();
  }

  /** How many of them, from the first, are the training set. */
  get train() {
    return this.live('train').train();
  }

  /** A digit's rows (its time steps) and columns (each step's input_size). */
  get rows() {
    return this.live('rows').rows();
  }

  get cols() {
    return this.live('cols').cols();
  }

  /** Every digit's class, an Int32Array (one copy, kept). */
  get labels() {
    this.#labels ??= this.live('labels').labels();
    return this.#labels;
  }

  /**
   * The digits at `indices` (Int32Array or array) as { x: [count, rows, cols] (batch_first, or
   * [rows, count, cols] with batch_first: false), values byte / 255; y: their classes }.
   */
  batch(indices, options = {}) {
    return this.live('batch').batch(indices, booleanOption(options, 'batch_first', true, 'batch'));
  }
}

function booleanOption(options, key, fallback, where) {
  if (options === null || typeof options !== 'object')
    throw new RecurError(`${where}: options must be an object, got ${describe(options)}`);
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new RecurError(`${where}: ${key} must be true or false, got ${describe(value)}`);
  return value;
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
