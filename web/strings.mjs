// The page's words in English and Chinese (the notebook Recur grows from is Chinese). The
// Chinese follows docs/glossary-zh.md; the core's messages are said in these languages by
// errors.mjs. `lang` names the language (errors.mjs and the status lines read it).
// 72,800: digits grouped in threes, as English writes them. (toLocaleString('en') gives the same,
// but its first call loads the locale's data: 116 ms on the page's thread, measured.)
const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const STRINGS = {
  en: {
    lang: 'en',
    // The text card: a character model on a text.
    textTitle: 'Write like a text',
    textSub:
      'a character model: nn.LSTM / GRU / RNN with a Linear head on every step, trained to predict the next character',
    textSourceLabel: 'text',
    textSources: {
      en: 'English sample (written for Recur)',
      zh: 'Chinese sample (written for Recur)',
      own: 'your own text',
    },
    textOwnLabel: 'Paste any text (any language; at least a few hundred characters)',
    textInfo: (n, v, chunks, rows) =>
      `${n} characters, ${v} different · ${chunks} training chunks a pass · ${rows} validation rows (the last tenth)`,
    textTrain: 'Train',
    textPause: 'Pause',
    textReset: 'Start over',
    textStepsLabel: 'steps a click',
    textStatus: (steps, train, val) =>
      `step ${steps} · training loss ${train.toFixed(4)} · validation loss ${val.toFixed(4)} (perplexity ${Math.exp(val).toFixed(2)})`,
    textUntrained: (val) => `untrained · validation loss ${val.toFixed(4)} (perplexity ${Math.exp(val).toFixed(2)})`,
    textReplaying: (steps, target) => `replaying the link's training: step ${steps} of ${target}…`,
    textAxisLoss: 'loss',
    textAxisPerplexity: 'validation perplexity',
    textSampleTitle: 'What it writes',
    textPrimeLabel: 'prime',
    textTemperatureLabel: 'temperature (0: greedy)',
    textTopKLabel: 'top-k (0: all)',
    textSampleSeedLabel: 'sample seed',
    textTop5Title: (c) => `After ${c}, the model expects:`,
    textPrev: '◀ previous character',
    textNext: 'next character ▶',
    textUnitTitle: 'Colour the text by one unit',
    textUnitKind: {
      h: 'h (hidden state)',
      c: 'c (cell state, LSTM)',
      gate0: 'gate 1 (LSTM i / GRU r)',
      gate1: 'gate 2 (LSTM f / GRU z)',
      gate2: 'gate 3 (LSTM g / GRU n)',
      gate3: 'gate 4 (LSTM o)',
    },
    textUnitLabel: 'unit',
    textUnitNote: 'Blue is negative, red positive. Look for units that switch at spaces, line ends or punctuation.',
    textCodeTitle: 'The same run in PyTorch',
    textCodeNote: 'This script reproduces the losses above step by step, then writes with the sampler the page uses.',
    textLoading: 'Loading the sample text…',
    sentences: 'The sentences',
    sentencesSub:
      'one row a sentence · columns x1, x2, x3 are time steps · each cell is one input vector · counted from 0, as PyTorch indexes: the first row is sentence 0 (x[0]), column x1 is step t = 0',
    sentencesSubWords:
      'one line a sentence: its words separated by spaces (or, as characters, one token each), the label y after | · counted from 0, as PyTorch indexes: the first line is sentence 0, its first word is step t = 0',
    sentencesSubRandom:
      "x is torch.rand's, not a table: batch sentences of seq_len time steps, each step input_size random numbers in [0, 1), and no labels y · counted from 0, as PyTorch indexes: sentence 0 is x[0], the first step is t = 0",
    tableLabel: 'Table of sentences',
    previewLabel: 'The table as the model reads it',
    restore: "Restore the notebook's table",
    model: 'The model',
    sameInPyTorch: "The same model in PyTorch (the seed gives PyTorch's weights, bit for bit):",
    shapes: 'Shapes',
    lastStepTitle: ['The last step of ', 'output', ' is the last layer of ', 'h_n'],
    values: 'Values',
    tableStatus: (b, t, i, labels, shape) =>
      `${b} sentences × ${t} time steps × ${i} bits${labels ? ', labels y' : ', no labels'} → x: ${shape}`,
    stale: 'Showing the last valid result while the input has an error.',
    whyXFirst: 'batch_first=True: sentences first',
    whyXSeq: 'batch_first=False: time steps first',
    whyOutput: "the last layer's h_t for every step t",
    whyOutputBi: "the last layer's h_t for every step t, forward and reverse side by side",
    whyHn: "the last step's h for every layer; batch_first never moves it",
    whyCn: "the last step's cell state for every layer",
    whyH0: (seed) =>
      `the state every sentence starts from: torch.rand after torch.manual_seed(${seed}), [num_layers, batch, hidden] whatever batch_first says`,
    whyC0: (seed) => `the cell state it starts from: torch.rand after torch.manual_seed(${seed})`,
    h0Label: 'h0, c0 (initial state)',
    unbatchedLabel: 'also one sentence, unbatched (2-D x)',
    unbatchedTitle: (x) => `${x} alone, unbatched: PyTorch's 2-D input, no batch dimension anywhere`,
    unbatchedEqual: (equal, total, b) =>
      `${equal === total ? '✓ ' : ''}${equal} of ${total} values of output and h_n equal sentence ${b} of the batched run, bit for bit.`,
    whyHnPacked: (bidirectional) =>
      `each sentence's h at its own last word, for every layer (packed)${bidirectional ? "; a reverse row's at t = 0, where that direction ends" : ''}; batch_first never moves it`,
    lengthsBidirectionalNote: (H) =>
      `With bidirectional=True and packed sentences, each step of output is [forward h_t | reverse h_t] (2 × ${H} values). The forward direction ends at each sentence's own last word, so its half of output[i, len_i - 1] is h_n[-2][i]; the reverse direction starts at that word and ends at t = 0, so h_n[-1][i] is the reverse half of output[i, 0].`,
    whyHnProj: "the last step's h for every layer, projected: proj_size values (c_n keeps hidden_size)",
    noCn: (module) => `nn.${module} has no cell state: LSTM only`,
    gruNote: (h) =>
      `r, the reset gate: how much of the memory term goes into n · z, the update gate: mixes n with ${h}`,
    evalNote:
      "dropout acts only in training: this is PyTorch's eval-mode forward (model.eval()), where it changes nothing.",
    equal: (n, lhs, rhs = 'h_n[-1]') => `✓ equal: all ${n} values of ${lhs} are identical to ${rhs}`,
    and: ' and ',
    bidirectionalNote: (H) =>
      `With bidirectional=True, output[-1] is not h_n[-1]. Each step of output is [forward h_t | reverse h_t] (2 × ${H} values). The forward direction ends at the last step, so its half of the last step is h_n[-2]; the reverse direction reads the sentence from its end and ends at t = 0, so h_n[-1] is the reverse half of the first step.`,
    differ: (d, n) => `✗ ${d} of ${n} values differ`,
    lastStepNote:
      "output holds the last layer's hidden state at every step; h_n holds every layer's hidden state at the last step. They meet at the last layer and the last step. ",
    layersNote: (L) =>
      L > 1
        ? `With num_layers=${L}, h_n has ${L} rows (one per layer); only h_n[-1], the top layer, appears in output.`
        : 'With num_layers=1 that is all of h_n.',
    moreCompared: (n) => `… ${n} more sentences compared, not drawn`,
    sentence: 'sentence',
    layer: 'layer',
    hover: 'Point at a cell, or tap it, for its index and exact value.',
    drawn: (b, B, h, H, t, T) =>
      `Drawn: ${b} of ${B} sentences, ${h} of ${H} units, ${t} of ${T} steps: the first and the last of each, as print() summarises.`,
    valuesMeet: (t, row) => `Marked: output at t=${t}, the last step, is h_n[-1] (${row}): the last layer's last step.`,
    valuesMeetBi: (t, H) =>
      `Marked: the forward half of t=${t} (→, output's values 0…${H - 1}) is h_n[-2] (→); the reverse direction ends at t=0, so the reverse half of t=0 (←, values ${H}…${2 * H - 1}) is h_n[-1] (←).`,
    valuesScroll: (t) => `The grid is wider than the card: scroll it sideways to the last step, t=${t}.`,
    valuesScrollTo: (t) => `Show t=${t} →`,
    oneSentenceARow: ', drawn one sentence a row',
    loadFailed: 'WebAssembly failed to load: ',
    presets: 'Presets…',
    // Tables of words (issue 14): the vocabulary, the encoding, packing.
    tokensLabel: 'cells are',
    tokenNames: {
      auto: 'auto (bits or words)',
      bits: 'bits (0/1 vectors)',
      words: 'words (split on spaces)',
      characters: 'characters (one token each)',
    },
    encodingLabel: 'words in',
    encodingNames: { one_hot: 'F.one_hot(ids, V)', embedding: 'nn.Embedding(V, embedding_dim)' },
    packedLabel: 'pack_padded_sequence (each sentence ends at its own last word)',
    headInputLabel: 'the head reads',
    headInputNames: { last: 'h_n[-1]', cat: 'torch.cat((h_n[-2], h_n[-1]), dim=1)' },
    wordsStatus: (b, lo, hi, V, characters, labels, shape) =>
      `${b} sentences of ${lo === hi ? lo : `${lo} to ${hi}`} ${characters ? 'characters' : 'words'}, a vocabulary of ${V} (<pad> included)${labels ? ', labels y' : ', no labels'} → ids: ${shape}`,
    vocabulary: 'Vocabulary',
    vocabularySub: (characters) =>
      `<pad> is id 0, then every ${characters ? 'character' : 'word'} in the order it first appears (row by row, left to right): the order the PyTorch code builds`,
    vocabOneHot: (V) => `x = F.one_hot(ids, ${V}).float(): token i is a 1 at place i, so input_size = ${V}.`,
    vocabEmbedding: (V, E) =>
      `x = nn.Embedding(${V}, ${E}, padding_idx=0)(ids): token i reads row i of the embedding's weight, so input_size = ${E}. Row 0 (<pad>) is zeros and gets no gradient; the rows are trained with the model.`,
    vocabColumns: { id: 'id', token: 'token', count: 'count', vector: 'one-hot', row: 'embedding row' },
    vocabPad:
      "<pad> fills the steps past a sentence's end. Packed, the module never reads them; padded, it reads them as if they were words.",
    moreTokens: (n) => `… ${n} more tokens, not drawn`,
    whyIds: (bf) =>
      `token ids, ${bf ? '[batch, seq_len]' : '[seq_len, batch]'}: seq_len is the longest sentence, 0 (<pad>) past each one's end`,
    whyLengths: "each sentence's own number of tokens: pack_padded_sequence(x, lengths, enforce_sorted=False)",
    whyXOneHot: (V) => `F.one_hot(ids, ${V}).float(): one place a token`,
    whyXEmbedded: (E) => `nn.Embedding(V, ${E})(ids): a row of the embedding a token`,
    packedEqual: (n, lhs, rhs) =>
      `✓ equal: all ${n} values of ${lhs} are identical to ${rhs}: packed, h_n holds each sentence's state at its own last word`,
    paddedSame: (n, lhs, rhs) =>
      `✓ ${lhs} equals ${rhs} (all ${n} values): fed padded, every sentence runs to the last step, through its <pad> steps`,
    paddedMistake: (short, d, n, row = 'h_n[-1]') =>
      `✗ the classic mistake: for ${short} shorter sentence${short === 1 ? '' : 's'}, ${row} is the state after the <pad> steps, not after the last word: ${d} of ${n} values differ from the packed answer. Pack them (pack_padded_sequence) or read output[i, len_i - 1].`,
    packedNoDifference: 'Every sentence has the same length: packed and padded give the same numbers.',
    lengthColumn: 'len',
    packedColumn: 'packed',
    paddedColumn: 'padded',
    presetNames: {
      notebook: "The notebook's table (nn.RNN)",
      'notebook-rnn': 'Notebook: x = rand(128, 28, 12), nn.RNN 2 layers',
      'notebook-lstm': 'Notebook: x = rand(128, 28, 12), nn.LSTM',
      memory: 'Memory: the label is the first step',
      'long-memory': 'Long memory: 16 steps (gradients vanish)',
      parity: 'Parity of the bits',
      order: 'Word order matters',
      digits: 'Draw a digit (MNIST, LSTM)',
      'words-en': 'Words: a tiny sentiment table (nn.Embedding)',
      'words-zh': 'Chinese characters: a tiny sentiment table',
      'words-order': 'Words: the same words, another order',
      'words-length': 'Words of different lengths: packed or padded',
    },
    randomIntro:
      'x = torch.rand(batch, seq_len, input_size) after torch.manual_seed(seed), as the notebook draws it (seq_len first when batch_first is off).',
    xSeed: 'seed (torch.rand)',
    backToTable: 'Back to a table of sentences',
    outOfRange: (key, value, min, max) => `${key} must be an integer from ${min} to ${max}, got "${value}"`,
    outFeaturesLabel: 'out_features (Linear head, 0 = auto)',
    projLabel: 'proj_size (0 = none)',
    loadWeights: 'Load weights…',
    saveJson: 'Save .json',
    saveSafetensors: 'Save .safetensors',
    weightsSeeded: (seed) =>
      `Weights: torch.manual_seed(${seed}), then the module. Load a trained state_dict (.json or .safetensors), or drop one on this card.`,
    weightsLoaded: (name) => `Weights: ${name} (loaded; not part of the link).`,
    weightsFor: (name, config) => `${name} was made by ${config}, not by this setup.`,
    switchTo: 'Switch to it',
    weightsDontFit: (name) => `The loaded weights (${name}) do not fit this setup:`,
    codeTitle: 'PyTorch code',
    copy: 'Copy',
    copied: 'Copied.',
    copySelect: 'Selected: press Ctrl+C to copy.',
    codeTable: (b, t, i) => `the table: ${b} sentences x ${t} steps x ${i} bits, [batch, seq_len, input_size]`,
    codeTooLong: (shape) => `the table, ${shape}: too long to write out here`,
    codeHead: "the notebook's Linear head, drawn right after the module",
    codeEqual: 'True: the last step of output is the last layer of h_n',
    codeEqualBi:
      'True True: the forward half of the last step is h_n[-2]; the reverse direction ends at t = 0, so the reverse half of the first step is h_n[-1]',
    codeHeadReverse: "bidirectional=True: h_n[-1] is the top layer's reverse direction only",
    codeEval: 'no dropout: the forward the page shows',
    codeUnbatched: (b) => `sentence ${b} alone: unbatched 2-D input`,
    codeTraining: (steps) =>
      `the Train card's ${steps} steps, every sentence in one batch (trained weights agree with the page's to about 1e-6, so a printed last digit can differ)`,
    heatmap: 'heat map',
    stepsTitle: 'Step through time',
    stepsSub: 'one layer, one sentence, one step: every vector the cell reads and writes',
    headTitle: 'Linear head: logits, softmax and the predicted class',
    headIntro: (H, O, auto, labels, steps, input = 'h_n[-1]', loaded = null) =>
      `head = nn.Linear(${H}, ${O}) on ${input}${auto ? (labels ? ' (out_features auto: one class per label of y)' : " (out_features auto: 10, the notebook's head)") : ''}. ${steps ? `Trained for ${steps} steps (the Train card): the model and the head.` : loaded ? `The weights are ${loaded}'s.` : 'The weights are untrained, so the predictions are chance until the model learns (the Train card).'}`,
    predicted: 'predicted ŷ',
    accuracy: (m, n, steps, loaded = null) =>
      `${m} of ${n} predictions equal y (${steps ? `after ${steps} training steps` : loaded ? `the weights of ${loaded}` : 'untrained weights'}).`,
    trainTitle: 'Train it on y',
    trainSub: 'cross-entropy of head(h_n[-1]) against y, every sentence in one batch: one step = one epoch',
    train: '▶ Train',
    trainStep: 'Step',
    trainReset: 'Reset',
    epochsLabel: 'epochs a click',
    trainNeedsY: "Training needs labels: add a y column to the table (the notebook's table has one).",
    trainNeedsYRandom:
      "Training needs labels y, and torch.rand's x has none: pick a preset with a table (memory, long memory, parity, word order) or go back to a table with a y column.",
    optimizerLabel: 'optimizer',
    lrLabel: 'lr',
    trainStatus: (steps, loss, m, n) =>
      `step ${steps} · loss ${loss.toFixed(4)} · accuracy ${m}/${n} (${Math.round((100 * m) / n)} %)`,
    replaying: (k, n) => `replaying the link's run: step ${k} of ${n}`,
    trainNote:
      'Changing the table, the model, the optimizer or lr starts over from the seed. The link keeps the steps taken, so it replays this run exactly.',
    axisStep: 'step',
    axisLoss: 'loss (log scale)',
    axisAccuracy: 'accuracy %',
    gradientsTitle: (b) => `Gradient through time, sentence ${b}: ‖∂L/∂h_t‖ for every layer and step`,
    gradientsNote:
      "the more violet, the larger (a log scale). The loss reads h_n[-1], the last step; each step back multiplies the gradient by that step's Jacobian, so it shrinks roughly geometrically. On the long-memory preset x1 gets about 1e-4 of the last step's gradient (RNN, LSTM and GRU alike at their initial weights): plain SGD does not learn the label there; switch the optimizer to adam and lr to 0.05, and it does (Adam divides each gradient by its running size, so a step moves each weight by about lr: 0.05 suits it, SGD's 0.5 is too large a step).",
    gradientRow: (k, reverse) => `layer ${k}${reverse ? ' ←' : ''}`,
    vanishing: (first, last, ratio, T) =>
      `Top layer: ‖∂L/∂h_0‖ = ${first} at t = 0, ‖∂L/∂h_${T}‖ = ${last} at t = ${T}, the last step, where the loss enters: the first step gets ${ratio} of the last step's gradient.`,
    vanishingReverse: (first, last, ratio, T) =>
      `The head reads h_n[-1], which with bidirectional=True is the top layer's reverse direction only: the loss enters it at t = 0, where that direction ends, and flows back to t = ${T}, where it began. ‖∂L/∂h_0‖ = ${last}, ‖∂L/∂h_${T}‖ = ${first}: its first step gets ${ratio} of what enters at t = 0. The top layer's forward direction gets no gradient: nothing reads it.`,
    stepSlider: 'time step t',
    stepFirst: 'first step',
    stepBack: 'previous step',
    stepNext: 'next step',
    stepFirstReverse: (t) => `first step of the reverse direction (t = ${t})`,
    stepBackReverse: 'previous step of the reverse direction (t + 1)',
    stepNextReverse: 'next step of the reverse direction (t − 1)',
    play: '▶ Play',
    pause: '⏸ Pause',
    unit: 'unit',
    stepWhere: (t, T) => `t = ${t} of 0…${T - 1} (x${t + 1})`,
    stepWhereReverse: (t, T) => `t = ${t} of ${T - 1}…0 (x${t + 1}): the reverse direction reads from the end`,
    stepInput: (t, token, embedded) =>
      token === undefined
        ? `the table's column x${t + 1}`
        : embedded
          ? `embedding.weight's row of '${token}' (x${t + 1})`
          : `'${token}' as F.one_hot (x${t + 1})`,
    stepBelow: (l) => `layer ${l}'s output at this step`,
    stepH0: 'h0: zeros',
    stepH0Rand: (seed) => `h0: torch.rand (seed ${seed})`,
    reverseNote: (s) => `reverse direction: the state after t = ${s}, which it read just before this step`,
    stepC0: 'c0: zeros',
    stepC0Rand: (seed) => `c0: torch.rand (seed ${seed})`,
    termInput: 'what the input says',
    termHidden: 'what the memory says',
    preactivation: 'sum',
    activated: 'gate',
    sumNote: "the cell's input: the two terms added",
    gatesNote:
      'i input gate, f forget gate, g candidate, o output gate · σ squashes to 0…1 (how much), tanh to −1…1 (what)',
    timeline: 'h_t at every step of this layer',
    equationTitle: (k, arrow, t) => `The step (layer ${k}${arrow}, t = ${t})`,
    pluggedTitle: (j) => `With the numbers, unit j = ${j}`,
    pluggedHint: '(point at a cell, or tap it, to choose the unit)',
    glossary: {},
    page: {
      tagline:
        'nn.RNN, nn.LSTM and nn.GRU, live: type sentences, step through time, watch shapes and values change. The same numbers as PyTorch.',
      embed: 'Copy embed code',
      loading: 'loading WebAssembly…',
      ready: (arch) => `WebAssembly ${arch} · ready`,
      failed: (message) => `WebAssembly failed to load: ${message}`,
      footer:
        "Computed by Recur's C++ core (xtensor + xsimd) compiled to WebAssembly SIMD: PyTorch's equations, gate order i, f, g, o, float32. Weights: torch.manual_seed(seed) then the module, as PyTorch draws them.",
      embedTitle: 'Embed this playground',
      embedElement: 'As a custom element (one module script; the table goes inside the element):',
      embedIframe:
        'As an iframe (options in the URL hash; add table_hide=true, model_hide=true, code_hide=true, shapes_hide=true, last_step_hide=true, steps_hide=true, head_hide=true, train_hide=true or values_hide=true to strip panels; the script after it sets the iframe to the height of its content):',
      embedOrigin: (origin) =>
        `Both load Recur from ${origin}. On a lesson page of another site, that server must send Access-Control-Allow-Origin with the element's script, its WebAssembly and its styles (npm start's server does; the README's "Embedding" says what a static host must send).`,
      embedLoopback: (host) =>
        `${host} is this machine only: readers on other machines cannot load it. Put dist/ on your site and use that address.`,
      close: 'Close',
      copiedBoth: 'Both snippets are on the clipboard.',
      copyManually: 'Select a snippet and copy it (the clipboard is not available here).',
      linkProblems: (list) => `This link has options Recur cannot use, ignored: ${list}`,
      tableNotInLink: (n) =>
        `The table (${thousands(n)} characters) is too long for a link: the address leaves it out, this browser keeps it.`,
      textNotInLink: (n) =>
        `The text card's own text (${thousands(n)} characters) is too long for a link: the address leaves it out, this browser keeps it.`,
      unknown: 'unknown',
      invalid: 'invalid value',
      notTrueFalse: 'not true or false',
    },
    digits: {
      drawTitle: 'Draw a digit',
      drawSub: 'MNIST, a row a time step: x is one digit, [1, 28, 28]',
      padLabel: 'Drawing pad: draw a digit with the mouse, a finger or a pen',
      clear: 'Clear',
      pick: 'or read test digit (0-1999)',
      reads: 'What the model reads (28×28, as MNIST: the ink scaled to 20×20, centred by its centre of mass)',
      predicted: (d, p) => `It reads ${d} (${p} %)`,
      untrained: ' · untrained: chance until the model learns (Train below)',
      testDigitIs: (i, label) => `Test digit ${i}, a ${label}.`,
      drawnDigit: 'Your drawing.',
      probabilities: 'The ten class probabilities',
      loading: 'Loading the digits (7.9 MB)…',
      failed: (message) => `The digits could not be loaded: ${message}`,
      loaded: (n, train) =>
        `${thousands(n)} MNIST digits: ${thousands(train)} to train on, ${thousands(n - train)} to test.`,
      backToTable: 'Back to a table of sentences',
      trainTitle: 'Train on the digits',
      trainSub: 'mini-batches in torch.randperm order (seed 0), nn.CrossEntropyLoss on head(h_n[-1])',
      batchLabel: 'batch size',
      epochsLabel: 'epochs',
      scheduleLabel: 'lr schedule',
      schedules: { cosine: 'cosine to 0 (CosineAnnealingLR)', constant: 'constant' },
      trainNote:
        'Changing the model, the optimizer, lr, the batch size or the schedule starts over from the seed; with the cosine schedule the epochs too (T_max is the epochs a click runs; trained past it, the lr rises again, as in PyTorch).',
      train: 'Train',
      pause: 'Pause',
      reset: 'Reset',
      notTrained: (steps) => `Not trained yet: ${steps} steps an epoch.`,
      status: (epoch, epochs, step, steps, lr, test) =>
        `Epoch ${epoch + 1} of ${epochs}, step ${step} of ${steps}, lr ${lr}${test === null ? '' : ` · test accuracy after epoch ${epoch}: ${test} %`}`,
      testing: (epoch) => `Epoch ${epoch}: reading the 2 000 test digits…`,
      done: (epochs, acc, correct, n) =>
        `Trained ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}: test accuracy ${acc} % (${correct} of ${n}).`,
      firstLosses: (list) => `First batch losses (as the PyTorch code prints them): ${list}`,
      axisEpoch: 'epoch',
      axisLoss: 'loss',
      axisAccuracy: 'accuracy %',
      stepLoss: 'batch loss',
      trainLoss: 'train loss',
      testLoss: 'test loss',
      trainAccuracy: 'train accuracy',
      testAccuracy: 'test accuracy',
      confusionTitle: 'Confusion matrix (test digits): rows the true class, columns the predicted',
      mistakesTitle: (n, shown) =>
        `Misclassified test digits: ${n}${shown < n ? `, the first ${shown}` : ''} (click one to read it)`,
      mistake: (label, p) => `${label} → ${p}`,
      rowsTitle: 'Read it row by row',
      rowsSub: 'the head applied to h_t after each row: the guess forming',
      rowLabel: 'row (time step t)',
      after: (t, a, pa, b, pb) =>
        `After ${t} of 28 rows it is a ${a} (${pa} %)${pb >= 5 ? ` or a ${b} (${pb} %)` : ''}.`,
      bidirectionalRows:
        'With bidirectional=True the reverse direction has read the rows from the bottom: no guess row by row is drawn.',
      play: 'Play',
    },
    // What a screen reader says for a heat map (heatmap.mjs), and the values' table under it.
    a11y: {
      summary: (name, dims, low, high) =>
        `${name}: ${dims}; min ${low.value} at ${low.at}, max ${high.value} at ${high.at}`,
      summaryEmpty: (name, dims) => `${name}: ${dims}; no finite value`,
      notFinite: (n) => `; ${n} not finite (nan or inf)`,
      drawn: (rows, columns, n) => {
        const count = (k, what) => `${k} ${what}${k === 1 ? '' : 's'}`;
        return `${count(rows, 'row')} × ${count(columns, 'column')} of ${count(n, 'value')} drawn`;
      },
      table: 'Values as a table',
      tableSummarised: 'Values as a table (summarised as drawn)',
    },
  },
  zh: {
    lang: 'zh',
    textTitle: '学写一段文字',
    textSub: '字符模型：nn.LSTM / GRU / RNN，每一步都接一个 Linear 头，训练它预测下一个字',
    textSourceLabel: '文字',
    textSources: { en: '英文示例（为 Recur 而写）', zh: '中文示例（为 Recur 而写）', own: '自己的文字' },
    textOwnLabel: '粘贴任何文字（任何语言；至少几百个字）',
    textInfo: (n, v, chunks, rows) =>
      `${n} 个字，其中 ${v} 个不同 · 每遍训练 ${chunks} 块 · 验证 ${rows} 行（最后十分之一）`,
    textTrain: '训练',
    textPause: '暂停',
    textReset: '重新开始',
    textStepsLabel: '每次点击的步数',
    textStatus: (steps, train, val) =>
      `第 ${steps} 步 · 训练损失 ${train.toFixed(4)} · 验证损失 ${val.toFixed(4)}（困惑度 ${Math.exp(val).toFixed(2)}）`,
    textUntrained: (val) => `尚未训练 · 验证损失 ${val.toFixed(4)}（困惑度 ${Math.exp(val).toFixed(2)}）`,
    textReplaying: (steps, target) => `正在重放链接中的训练：第 ${steps} / ${target} 步…`,
    textAxisLoss: '损失',
    textAxisPerplexity: '验证困惑度',
    textSampleTitle: '它写出的文字',
    textPrimeLabel: '开头',
    textTemperatureLabel: '温度（0：贪心）',
    textTopKLabel: 'top-k（0：全部）',
    textSampleSeedLabel: '采样种子',
    textTop5Title: (c) => `读到 ${c} 之后，模型预计：`,
    textPrev: '◀ 上一个字',
    textNext: '下一个字 ▶',
    textUnitTitle: '按一个隐藏单元给文字着色',
    textUnitKind: {
      h: 'h（隐藏状态）',
      c: 'c（细胞状态，LSTM）',
      gate0: '第 1 个门（LSTM i / GRU r）',
      gate1: '第 2 个门（LSTM f / GRU z）',
      gate2: '第 3 个门（LSTM g / GRU n）',
      gate3: '第 4 个门（LSTM o）',
    },
    textUnitLabel: '隐藏单元',
    textUnitNote: '蓝色为负，红色为正。找一找在空格、换行或标点处变化的隐藏单元。',
    textCodeTitle: '同样的训练，用 PyTorch 写',
    textCodeNote: '这段脚本逐步重现上面的损失，然后用页面所用的采样方法写字。',
    textLoading: '正在载入示例文字…',
    sentences: '句子表',
    sentencesSub:
      '每行一个句子 · x1、x2、x3 列是时间步（序列长度 seq_len）· 每个单元格是一个输入向量（input_size）· 编号和 PyTorch 的下标一样从 0 开始：第一行是句子 0（x[0]），x1 列是时间步 t = 0',
    sentencesSubWords:
      '每行一个句子：词之间用空格分开（按字读取时每个字一个词元），标签 y 写在 | 之后 · 编号和 PyTorch 的下标一样从 0 开始：第一行是句子 0，它的第一个词是时间步 t = 0',
    sentencesSubRandom:
      'x 由 torch.rand 生成，不是句子表：batch 个句子，每个句子 seq_len 个时间步，每步是 input_size 个 [0, 1) 之间的随机数，没有标签 y · 编号和 PyTorch 的下标一样从 0 开始：句子 0 是 x[0]，第一个时间步是 t = 0',
    tableLabel: '句子表',
    previewLabel: '模型读到的表',
    restore: '恢复教程中的表',
    model: '模型',
    sameInPyTorch: 'PyTorch 中的同一个模型（相同的随机种子给出与 PyTorch 逐位相同的权重）：',
    shapes: '形状',
    lastStepTitle: ['', 'output', ' 的最后一步就是 ', 'h_n', ' 的最后一层'],
    values: '数值',
    tableStatus: (b, t, i, labels, shape) =>
      `${b} 个句子 × ${t} 个时间步 × ${i} 位${labels ? '，有标签 y' : '，没有标签'} → x: ${shape}`,
    stale: '输入有错误，下面显示的是上一次有效的结果。',
    whyXFirst: 'batch_first=True：句子（batch）维在前',
    whyXSeq: 'batch_first=False：时间步维在前',
    whyOutput: '最后一层在每个时间步 t 的隐藏状态 h_t',
    whyOutputBi: '最后一层在每个时间步 t 的 h_t，正向与反向并排',
    whyHn: '每一层在最后一步的隐藏状态 h；batch_first 不会改变它',
    whyCn: '每一层在最后一步的细胞状态',
    whyH0: (seed) =>
      `每个句子开始时的隐藏状态：先 torch.manual_seed(${seed}) 再 torch.rand，形状 [num_layers, batch, hidden]，与 batch_first 无关`,
    whyC0: (seed) => `开始时的细胞状态：先 torch.manual_seed(${seed}) 再 torch.rand`,
    h0Label: 'h0、c0（初始状态）',
    unbatchedLabel: '另外单独运行一个句子（非批量的二维 x）',
    unbatchedTitle: (x) => `单独的 ${x}，非批量：PyTorch 的二维输入，各处都没有 batch 维`,
    unbatchedEqual: (equal, total, b) =>
      `${equal === total ? '✓ ' : ''}output 和 h_n 的 ${total} 个值中有 ${equal} 个与批量运行中的句子 ${b} 逐位相同。`,
    whyHnPacked: (bidirectional) =>
      `每一层中每个句子在它自己最后一个词处的 h（打包）${bidirectional ? '；反向的行是 t = 0 处的 h，反向在那里结束' : ''}；batch_first 不改变它的形状`,
    lengthsBidirectionalNote: (H) =>
      `bidirectional=True 且句子打包时，output 的每一步是 [正向 h_t | 反向 h_t]（2 × ${H} 个值）。正向在每个句子自己的最后一个词处结束，所以 output[i, len_i - 1] 的正向一半就是 h_n[-2][i]；反向从那个词开始，在 t = 0 处结束，所以 h_n[-1][i] 是 output[i, 0] 的反向一半。`,
    whyHnProj: '每一层在最后一步的 h，经过投影：proj_size 个值（c_n 仍是 hidden_size 个）',
    noCn: (module) => `nn.${module} 没有细胞状态：只有 LSTM 有`,
    gruNote: (h) => `重置门 r：n 中保留多少来自记忆的一项 · 更新门 z：在 n 与 ${h} 之间取舍`,
    evalNote: 'dropout 只在训练时起作用：这里是 PyTorch 评估模式（model.eval()）下的前向计算，dropout 不改变任何数值。',
    equal: (n, lhs, rhs = 'h_n[-1]') => `✓ 相等：${lhs} 的全部 ${n} 个值与 ${rhs} 完全相同`,
    and: ' 和 ',
    bidirectionalNote: (H) =>
      `bidirectional=True 时，output[-1] 并不等于 h_n[-1]。output 的每一步是 [正向 h_t | 反向 h_t]（2 × ${H} 个值）。正向在最后一步结束，所以最后一步的前一半是 h_n[-2]；反向从句子末尾往前读，在 t = 0 结束，所以 h_n[-1] 是第一步的后一半。`,
    differ: (d, n) => `✗ ${n} 个值中有 ${d} 个不同`,
    lastStepNote:
      'output 是最后一层在每个时间步的隐藏状态；h_n 是每一层在最后一步的隐藏状态。两者在最后一层、最后一步重合。',
    layersNote: (L) =>
      L > 1
        ? `num_layers=${L} 时，h_n 有 ${L} 行（每层一行）；只有最上层 h_n[-1] 出现在 output 中。`
        : 'num_layers=1 时，这就是 h_n 的全部。',
    moreCompared: (n) => `… 另有 ${n} 个句子已比较，没有画出`,
    sentence: '句子',
    layer: '层',
    hover: '把指针移到格子上（或轻触格子）可查看它的下标和精确值。',
    drawn: (b, B, h, H, t, T) =>
      `已画出：${B} 个句子中的 ${b} 个、${H} 个隐藏单元中的 ${h} 个、${T} 个时间步中的 ${t} 个，各取开头和结尾，与 print() 的省略方式相同。`,
    valuesMeet: (t, row) => `标出的是：output 在最后一步 t=${t} 的值就是 h_n[-1]（${row}），即最后一层的最后一步。`,
    valuesMeetBi: (t, H) =>
      `标出的是：t=${t} 的正向一半（→，output 的第 0…${H - 1} 个值）就是 h_n[-2]（→）；反向在 t=0 结束，所以 t=0 的反向一半（←，第 ${H}…${2 * H - 1} 个值）就是 h_n[-1]（←）。`,
    valuesScroll: (t) => `网格比卡片宽：左右滚动可以看到最后一步 t=${t}。`,
    valuesScrollTo: (t) => `显示 t=${t} →`,
    oneSentenceARow: '，每行画一个句子',
    loadFailed: 'WebAssembly 加载失败：',
    presets: '预设…',
    // 由词组成的句子表（issue 14）：词表、编码方式、打包。
    tokensLabel: '单元格是',
    tokenNames: {
      auto: '自动（0/1 位或词）',
      bits: '0/1 位向量',
      words: '词（用空格分开）',
      characters: '字（每个字一个词元）',
    },
    encodingLabel: '词的输入方式',
    encodingNames: { one_hot: 'F.one_hot(ids, V)', embedding: 'nn.Embedding(V, embedding_dim)' },
    packedLabel: 'pack_padded_sequence（每个句子在它自己的最后一个词结束）',
    headInputLabel: '线性层读取',
    headInputNames: { last: 'h_n[-1]', cat: 'torch.cat((h_n[-2], h_n[-1]), dim=1)' },
    wordsStatus: (b, lo, hi, V, characters, labels, shape) =>
      `${b} 个句子，每个 ${lo === hi ? lo : `${lo} 到 ${hi}`} 个${characters ? '字' : '词'}，词表共 ${V} 个（含 <pad>）${labels ? '，有标签 y' : '，没有标签'} → ids：${shape}`,
    vocabulary: '词表',
    vocabularySub: (characters) =>
      `<pad> 的编号是 0，其余每个${characters ? '字' : '词'}按第一次出现的顺序编号（逐行、从左到右），与 PyTorch 代码建立词表的顺序相同`,
    vocabOneHot: (V) => `x = F.one_hot(ids, ${V}).float()：编号为 i 的词元在第 i 位是 1，所以 input_size = ${V}。`,
    vocabEmbedding: (V, E) =>
      `x = nn.Embedding(${V}, ${E}, padding_idx=0)(ids)：编号为 i 的词元读取嵌入权重的第 i 行，所以 input_size = ${E}。第 0 行（<pad>）全是 0，不接收梯度；其余各行和模型一起训练。`,
    vocabColumns: { id: '编号', token: '词元', count: '次数', vector: 'one-hot 向量', row: '嵌入的一行' },
    vocabPad: '<pad> 填充句子结束之后的时间步。打包时模型不读取它们；只填充不打包时，模型把它们当作词来读。',
    moreTokens: (n) => `… 另有 ${n} 个词元没有画出`,
    whyIds: (bf) =>
      `词元编号，${bf ? '[batch, seq_len]' : '[seq_len, batch]'}：seq_len 是最长句子的长度，每个句子结束之后是 0（<pad>）`,
    whyLengths: '每个句子自己的词元个数：pack_padded_sequence(x, lengths, enforce_sorted=False)',
    whyXOneHot: (V) => `F.one_hot(ids, ${V}).float()：每个词元占一位`,
    whyXEmbedded: (E) => `nn.Embedding(V, ${E})(ids)：每个词元是嵌入的一行`,
    packedEqual: (n, lhs, rhs) =>
      `✓ 相等：${lhs} 的全部 ${n} 个值与 ${rhs} 完全相同：打包之后，h_n 是每个句子在它自己最后一个词处的状态`,
    paddedSame: (n, lhs, rhs) =>
      `✓ ${lhs} 等于 ${rhs}（全部 ${n} 个值）：只填充不打包时，每个句子都一直运行到最后一步，经过它的 <pad> 时间步`,
    paddedMistake: (short, d, n, row = 'h_n[-1]') =>
      `✗ 常见的错误：对 ${short} 个较短的句子，${row} 是经过 <pad> 时间步之后的状态，而不是最后一个词之后的状态：${n} 个值中有 ${d} 个与打包的结果不同。请打包（pack_padded_sequence），或者读取 output[i, len_i - 1]。`,
    packedNoDifference: '所有句子长度相同：打包和只填充得到的数值一样。',
    lengthColumn: '长度',
    packedColumn: '打包',
    paddedColumn: '只填充',
    presetNames: {
      notebook: '教程中的表（nn.RNN）',
      'notebook-rnn': '教程：x = rand(128, 28, 12)，两层 nn.RNN',
      'notebook-lstm': '教程：x = rand(128, 28, 12)，nn.LSTM',
      memory: '记忆：标签由第一步决定',
      'long-memory': '长记忆：16 步（梯度消失）',
      parity: '奇偶校验',
      order: '词序很重要',
      digits: '手写数字（MNIST，LSTM）',
      'words-en': '英文词：小小的情感分类表（nn.Embedding）',
      'words-zh': '汉字：小小的情感分类表',
      'words-order': '英文词：同样的词，不同的顺序',
      'words-length': '长短不一的句子：打包还是只填充',
    },
    randomIntro:
      'x = torch.rand(batch, seq_len, input_size)，之前先调用 torch.manual_seed(seed)，与教程的做法相同（batch_first 关闭时序列长度在前）。',
    xSeed: '随机种子 (torch.rand)',
    backToTable: '回到句子表',
    outOfRange: (key, value, min, max) => `${key} 必须是 ${min} 到 ${max} 之间的整数，收到的是 "${value}"`,
    outFeaturesLabel: 'out_features（线性层的类别数，0 = 自动）',
    projLabel: 'proj_size（投影，0 = 不投影）',
    loadWeights: '加载权重…',
    saveJson: '保存 .json',
    saveSafetensors: '保存 .safetensors',
    weightsSeeded: (seed) =>
      `权重：先 torch.manual_seed(${seed}) 再创建模块。可以加载训练好的 state_dict（.json 或 .safetensors），或把文件拖到这张卡片上。`,
    weightsLoaded: (name) => `权重：${name}（已加载；不包含在链接中）。`,
    weightsFor: (name, config) => `${name} 是由 ${config} 生成的，与当前设置不同。`,
    switchTo: '切换到它的设置',
    weightsDontFit: (name) => `加载的权重（${name}）与当前设置不符：`,
    codeTitle: 'PyTorch 代码',
    copy: '复制',
    copied: '已复制。',
    copySelect: '已选中：按 Ctrl+C 复制。',
    codeTable: (b, t, i) => `句子表：${b} 个句子 x ${t} 个时间步 x ${i} 位，[batch, seq_len, input_size]`,
    codeTooLong: (shape) => `句子表 ${shape}：太长，这里不写出来`,
    codeHead: '教程中的线性层，紧接在模块之后创建',
    codeEqual: 'True：output 的最后一步就是 h_n 的最后一层',
    codeEqualBi: 'True True：最后一步的正向一半就是 h_n[-2]；反向在 t = 0 结束，所以第一步的反向一半就是 h_n[-1]',
    codeHeadReverse: 'bidirectional=True：h_n[-1] 只是最上层的反向',
    codeEval: '不使用 dropout：与页面显示的前向计算相同',
    codeUnbatched: (b) => `单独的句子 ${b}：非批量的二维输入`,
    codeTraining: (steps) =>
      `“训练”卡片的 ${steps} 步，全部句子作为一个批次（训练后的权重与页面相差约 1e-6，打印出的最后一位可能不同）`,
    heatmap: '热力图',
    stepsTitle: '按时间步展开',
    stepsSub: '一层、一个句子、一个时间步：循环单元读入和写出的每个向量',
    headTitle: '线性层：logits、softmax 与预测类别',
    headIntro: (H, O, auto, labels, steps, input = 'h_n[-1]', loaded = null) =>
      `head = nn.Linear(${H}, ${O})，作用于 ${input}${auto ? (labels ? '（out_features 自动：y 的每个标签一类）' : '（out_features 自动：10，与教程相同）') : ''}。${steps ? `已训练 ${steps} 步（见“训练”卡片）：模型和线性层一起训练。` : loaded ? `权重来自 ${loaded}。` : '权重还没有训练，在模型学会之前，预测与随机猜测无异（见“训练”卡片）。'}`,
    predicted: '预测 ŷ',
    accuracy: (m, n, steps, loaded = null) =>
      `${n} 个预测中有 ${m} 个等于 y（${steps ? `训练 ${steps} 步后` : loaded ? `权重来自 ${loaded}` : '权重未训练'}）。`,
    trainTitle: '用 y 训练',
    trainSub: 'head(h_n[-1]) 与 y 的交叉熵，全部句子作为一个批次：一步就是一轮（epoch）',
    train: '▶ 训练',
    trainStep: '单步',
    trainReset: '重置',
    epochsLabel: '每次点击训练的轮数（epoch）',
    trainNeedsY: '训练需要标签：请在表格中加入 y 列（教程中的表就有）。',
    trainNeedsYRandom:
      '训练需要标签 y，而 torch.rand 生成的 x 没有标签：请选一个带句子表的预设（记忆、长记忆、奇偶校验、词序），或回到带 y 列的句子表。',
    optimizerLabel: '优化器 optimizer',
    lrLabel: '学习率 lr',
    trainStatus: (steps, loss, m, n) =>
      `第 ${steps} 步 · 损失 ${loss.toFixed(4)} · 准确率 ${m}/${n}（${Math.round((100 * m) / n)} %）`,
    replaying: (k, n) => `正在重放链接中的训练：第 ${k} / ${n} 步`,
    trainNote:
      '修改表格、模型、优化器或学习率 lr，训练都会从随机种子重新开始。链接记录已训练的步数，因此能精确重放这次训练。',
    axisStep: '步',
    axisLoss: '损失（对数刻度）',
    axisAccuracy: '准确率 %',
    gradientsTitle: (b) => `随时间反向传播的梯度，句子 ${b}：每层每步的 ‖∂L/∂h_t‖`,
    gradientsNote:
      '紫色越浓越大（对数刻度）。损失读取 h_n[-1]，即最后一步；每往回一步，梯度都要乘上这一步的雅可比矩阵，所以大致按几何级数变小。在“长记忆”预设中，初始权重下 x1 得到的梯度约为最后一步的 1e-4（RNN、LSTM、GRU 都是如此）：普通 SGD 学不会这个标签；把优化器换成 adam、把 lr 改成 0.05，就能学会（Adam 把每个梯度除以它近来大小的滑动平均，所以每一步让每个权重移动大约 lr：0.05 正合适，SGD 用的 0.5 对它来说步子太大）。',
    gradientRow: (k, reverse) => `第 ${k} 层${reverse ? ' ←' : ''}`,
    vanishing: (first, last, ratio, T) =>
      `最上层：t = 0 处 ‖∂L/∂h_0‖ = ${first}，最后一步 t = ${T}（损失进入的地方）处 ‖∂L/∂h_${T}‖ = ${last}：第一步得到的梯度是最后一步的 ${ratio}。`,
    vanishingReverse: (first, last, ratio, T) =>
      `线性层读的 h_n[-1] 在 bidirectional=True 时只是最上层的反向：损失在反向结束的 t = 0 处进入，再一路传回反向开始的 t = ${T}。‖∂L/∂h_0‖ = ${last}，‖∂L/∂h_${T}‖ = ${first}：反向的第一步得到的梯度是 t = 0 处的 ${ratio}。最上层的正向没有梯度：没有任何地方读它。`,
    stepSlider: '时间步 t',
    stepFirst: '第一步',
    stepBack: '上一步',
    stepNext: '下一步',
    stepFirstReverse: (t) => `反向的第一步（t = ${t}）`,
    stepBackReverse: '反向的上一步（t + 1）',
    stepNextReverse: '反向的下一步（t − 1）',
    play: '▶ 播放',
    pause: '⏸ 暂停',
    unit: '隐藏单元',
    stepWhere: (t, T) => `t = ${t}（取值 0…${T - 1}，读 x${t + 1} 列）`,
    stepWhereReverse: (t, T) => `t = ${t}（读 x${t + 1} 列）：反向从 t = ${T - 1} 读到 t = 0`,
    stepInput: (t, token, embedded) =>
      token === undefined
        ? `句子表的 x${t + 1} 列`
        : embedded
          ? `'${token}' 在 embedding.weight 中的那一行（x${t + 1}）`
          : `'${token}' 的 F.one_hot 向量（x${t + 1}）`,
    stepBelow: (l) => `第 ${l} 层在这一步的输出`,
    stepH0: 'h0：全零',
    stepH0Rand: (seed) => `h0：torch.rand（随机种子 ${seed}）`,
    reverseNote: (s) => `反向：t = ${s} 那一步之后的状态，反向在这一步之前刚读过它`,
    stepC0: 'c0：全零',
    stepC0Rand: (seed) => `c0：torch.rand（随机种子 ${seed}）`,
    termInput: '输入带来的信息',
    termHidden: '记忆带来的信息',
    preactivation: '求和',
    activated: '激活后',
    sumNote: '循环单元的输入：两项相加',
    gatesNote:
      'i 输入门、f 遗忘门、g 候选值、o 输出门 · σ 把值压到 0 到 1 之间（决定让多少通过），tanh 把值压到 −1 到 1 之间（决定写入什么）',
    timeline: '这一层每个时间步的 h_t',
    equationTitle: (k, arrow, t) => `这一步的公式（第 ${k} 层${arrow}，t = ${t}）`,
    pluggedTitle: (j) => `代入数值：隐藏单元 j = ${j}`,
    pluggedHint: '（指向或轻触一个格子来选择隐藏单元）',
    glossary: {
      batch: '批大小',
      seq_len: '序列长度',
      input_size: '输入维度',
      hidden_size: '隐层大小',
      num_layers: '层数',
    },
    page: {
      tagline:
        'nn.RNN、nn.LSTM 与 nn.GRU，实时运行：输入句子，按时间步展开，观察形状和数值的变化。数值与 PyTorch 完全相同。',
      embed: '复制嵌入代码',
      loading: '正在加载 WebAssembly…',
      ready: (arch) => `WebAssembly ${arch} · 就绪`,
      failed: (message) => `WebAssembly 加载失败：${message}`,
      footer:
        '由 Recur 的 C++ 核心（xtensor + xsimd）编译成 WebAssembly SIMD 计算：PyTorch 的公式，门的顺序为 i、f、g、o，float32。权重：先 torch.manual_seed(seed) 再创建模块，与 PyTorch 生成权重的顺序相同。',
      embedTitle: '把这个演示嵌入教程',
      embedElement: '作为自定义元素（一个模块脚本；句子表写在元素内部）：',
      embedIframe:
        '作为 iframe（选项写在 URL 的 # 之后；加上 table_hide=true、model_hide=true、code_hide=true、shapes_hide=true、last_step_hide=true、steps_hide=true、head_hide=true、train_hide=true 或 values_hide=true 可隐藏对应面板；后面的脚本会把 iframe 的高度设为内容的高度）：',
      embedOrigin: (origin) =>
        `两种方式都从 ${origin} 加载 Recur。放在别的网站的教程页面里时，这个服务器必须为元素的脚本、WebAssembly 和样式发送 Access-Control-Allow-Origin 响应头（npm start 的服务器会发送；静态托管需要发送什么，见 README 的“Embedding”一节）。`,
      embedLoopback: (host) =>
        `${host} 只有本机能访问：其他机器上的读者加载不到。请把 dist/ 放到你的网站上，并改用那个地址。`,
      close: '关闭',
      copiedBoth: '两段代码都已复制到剪贴板。',
      copyManually: '请选中一段代码并复制（这里无法使用剪贴板）。',
      linkProblems: (list) => `这个链接中有 Recur 无法使用的选项，已忽略：${list}`,
      tableNotInLink: (n) => `表格（${n} 个字符）太长，无法放进链接：地址中不含表格，本浏览器会保存它。`,
      textNotInLink: (n) =>
        `文本卡片中你自己的文本（${n} 个字符）太长，无法放进链接：地址中不含这段文本，本浏览器会保存它。`,
      unknown: '未知选项',
      invalid: '无效的值',
      notTrueFalse: '不是 true 或 false',
    },
    digits: {
      drawTitle: '手写一个数字',
      drawSub: 'MNIST，每个时间步读一行：x 是一个数字，[1, 28, 28]',
      padLabel: '画板：用鼠标、手指或笔写一个数字',
      clear: '清除',
      pick: '或读取测试集中的数字（0-1999）',
      reads: '模型读到的图像（28×28，与 MNIST 相同：笔迹缩放到 20×20，按质心居中）',
      predicted: (d, p) => `模型认为是 ${d}（${p} %）`,
      untrained: ' · 尚未训练：在模型学会之前只是随机猜测（见下方训练）',
      testDigitIs: (i, label) => `测试数字 ${i}，是 ${label}。`,
      drawnDigit: '你写的数字。',
      probabilities: '十个类别的概率',
      loading: '正在加载数字数据（7.9 MB）…',
      failed: (message) => `无法加载数字数据：${message}`,
      loaded: (n, train) => `${n} 个 MNIST 数字：${train} 个用于训练，${n - train} 个用于测试。`,
      backToTable: '回到句子表',
      trainTitle: '在数字上训练',
      trainSub: '按 torch.randperm 顺序（种子 0）的小批量，对 head(h_n[-1]) 使用 nn.CrossEntropyLoss',
      batchLabel: '批大小',
      epochsLabel: '轮数（epochs）',
      scheduleLabel: '学习率调度（lr schedule）',
      schedules: { cosine: '余弦降到 0（CosineAnnealingLR）', constant: '不变' },
      trainNote:
        '修改模型、优化器、lr、批大小或调度方式，训练都会从随机种子重新开始；使用余弦调度时，修改轮数也一样（T_max 就是一次点击训练的轮数；超过它继续训练，lr 会重新升高，与 PyTorch 相同）。',
      train: '训练',
      pause: '暂停',
      reset: '重置',
      notTrained: (steps) => `尚未训练：每轮 ${steps} 步。`,
      status: (epoch, epochs, step, steps, lr, test) =>
        `第 ${epoch + 1} / ${epochs} 轮，第 ${step} / ${steps} 步，lr ${lr}${test === null ? '' : ` · 第 ${epoch} 轮后的测试准确率：${test} %`}`,
      testing: (epoch) => `第 ${epoch} 轮：正在读取 2000 个测试数字…`,
      done: (epochs, acc, correct, n) => `已训练 ${epochs} 轮：测试准确率 ${acc} %（${n} 个中 ${correct} 个正确）。`,
      firstLosses: (list) => `前几个批次的损失（与 PyTorch 代码打印的相同）：${list}`,
      axisEpoch: '轮',
      axisLoss: '损失',
      axisAccuracy: '准确率 %',
      stepLoss: '批损失',
      trainLoss: '训练损失',
      testLoss: '测试损失',
      trainAccuracy: '训练准确率',
      testAccuracy: '测试准确率',
      confusionTitle: '混淆矩阵（测试数字）：行是真实类别，列是预测类别',
      mistakesTitle: (n, shown) =>
        `分错的测试数字：${n} 个${shown < n ? `，显示前 ${shown} 个` : ''}（点击一个来读取它）`,
      mistake: (label, p) => `${label} → ${p}`,
      rowsTitle: '逐行读取',
      rowsSub: '每读一行后把线性层作用于 h_t：看猜测如何形成',
      rowLabel: '行（时间步 t）',
      after: (t, a, pa, b, pb) =>
        `读了 28 行中的 ${t} 行后，它是 ${a}（${pa} %）${pb >= 5 ? `或 ${b}（${pb} %）` : ''}。`,
      bidirectionalRows: 'bidirectional=True 时反向方向从最后一行读起：不画逐行的猜测。',
      play: '播放',
    },
    // 读屏软件对热力图（heatmap.mjs）的描述，以及其下的数值表。
    a11y: {
      summary: (name, dims, low, high) =>
        `${name}：${dims}；最小值 ${low.value}，位于 ${low.at}；最大值 ${high.value}，位于 ${high.at}`,
      summaryEmpty: (name, dims) => `${name}：${dims}；没有有限值`,
      notFinite: (n) => `；${n} 个非有限值（nan 或 inf）`,
      drawn: (rows, columns, n) => `画出 ${rows} 行 × ${columns} 列，每格 ${n} 个值`,
      table: '以表格查看数值',
      tableSummarised: '以表格查看数值（与图中一样省略中间部分）',
    },
  },
};

/** The strings of a language ('en' or 'zh'; anything else falls back to English). */
export function strings(language) {
  return STRINGS[language] ?? STRINGS.en;
}
