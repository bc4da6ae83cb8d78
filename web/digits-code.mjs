// The PyTorch code of the digits mode: the script that loads the same digits file, builds the
// same module and head from the same seed, trains in the page's batch order (torch.randperm,
// seed 0) and prints the first batch losses and the test accuracy after each epoch, as the
// page shows them. Only text is assembled here.
import { ORDER_SEED } from './digits.mjs';
import { scheduleOf } from './digits-mode.mjs';

const pyBool = (v) => (v ? 'True' : 'False');

/** nn.LSTM(28, 64, batch_first=True), with every option that differs from PyTorch's default. */
export function moduleCall(config) {
  const mode = config.mode.startsWith('RNN') ? 'RNN' : config.mode;
  const args = [String(config.input_size), String(config.hidden_size)];
  if ((config.num_layers ?? 1) !== 1) args.push(`num_layers=${config.num_layers}`);
  if (mode === 'RNN' && (config.nonlinearity === 'relu' || config.mode === 'RNN_RELU'))
    args.push("nonlinearity='relu'");
  if (config.bias === false) args.push('bias=False');
  if (config.batch_first) args.push('batch_first=True');
  if (config.dropout > 0) args.push(`dropout=${config.dropout}`);
  if (config.bidirectional) args.push('bidirectional=True');
  if (config.proj_size > 0) args.push(`proj_size=${config.proj_size}`);
  return `nn.${mode}(${args.join(', ')})`;
}

/**
 * The script for the digits mode: `config` (createModel's), the state (optimizer, lr, batch
 * size), `epochs` to train.
 */
export function digitsPython({ config, state, epochs }) {
  const name = config.mode === 'LSTM' ? 'lstm' : config.mode === 'GRU' ? 'gru' : 'rnn';
  const lstm = config.mode === 'LSTM';
  const width = (config.proj_size || config.hidden_size) * (config.bidirectional ? 2 : 1);
  const batch = Number(state.digits_batch);
  const optimizer = state.optimizer === 'sgd' ? 'SGD' : 'Adam';
  const schedule = scheduleOf(state);
  // A seq-first module reads [28, batch, 28]: the digits' rows first.
  const xs = (index) => (config.batch_first ? `x_all[${index}]` : `x_all[${index}].transpose(0, 1)`);
  const hn = lstm ? '(h_n, _)' : 'h_n';
  return [
    'import struct',
    '',
    'import torch',
    'from torch import nn',
    '',
    '# The digits the page loads: dist/digits.bin, beside the page (README, "The digits (MNIST)").',
    'raw = open("digits.bin", "rb").read()',
    'count, train = struct.unpack_from("<II", raw, 4)  # 10000 digits: [0, 8000) train, [8000, 10000) test',
    'rows, cols = raw[12], raw[13]',
    'labels = torch.tensor(list(raw[16:16 + count]))',
    'x_all = torch.frombuffer(bytearray(raw[16 + count:]), dtype=torch.uint8).reshape(count, rows, cols).float() / 255',
    '',
    `torch.manual_seed(${config.seed ?? 0})`,
    `${name} = ${moduleCall(config)}`,
    `head = nn.Linear(${width}, 10)  # on h_n[-1], drawn right after the module`,
    config.dropout > 0 ? `${name}.eval()  # the page's forward has no dropout` : null,
    `optimizer = torch.optim.${optimizer}([*${name}.parameters(), *head.parameters()], lr=${Number(state.lr)})`,
    schedule
      ? `scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=${schedule.T_max})  # lr to 0 over ${schedule.T_max} epochs`
      : null,
    `g = torch.Generator().manual_seed(${ORDER_SEED})  # the page's batch order`,
    '',
    '',
    'def test_accuracy():',
    '    with torch.no_grad():',
    `        _, ${hn} = ${name}(${xs('train:')})`,
    '        return (head(h_n[-1]).argmax(1) == labels[train:]).float().mean().item()',
    '',
    '',
    `for epoch in range(${epochs}):`,
    '    order = torch.randperm(train, generator=g)',
    `    for k in range(0, train, ${batch}):`,
    `        idx = order[k:k + ${batch}]`,
    `        _, ${hn} = ${name}(${xs('idx')})`,
    '        loss = nn.functional.cross_entropy(head(h_n[-1]), labels[idx])',
    '        optimizer.zero_grad()',
    '        loss.backward()',
    '        optimizer.step()',
    `        if epoch == 0 and k < 3 * ${batch}:`,
    `            print(f"batch {k // ${batch} + 1} loss {loss.item():.4f}")`,
    schedule ? '    scheduler.step()' : null,
    '    print(f"epoch {epoch + 1}: test accuracy {100 * test_accuracy():.2f} %")',
    '',
  ]
    .filter((line) => line !== null)
    .join('\n');
}
