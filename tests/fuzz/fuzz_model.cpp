// libFuzzer target: configurations, state_dict entries, inputs and initial states drawn from the
// bytes. Every call must succeed or throw recur::Error (never crash, leak or read out of bounds);
// sizes past the limits must be refused before anything is allocated.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>

#include "recur/config.hpp"
#include "recur/error.hpp"
#include "recur/linear.hpp"
#include "recur/model.hpp"
#include "recur/trainer.hpp"

namespace {

// Mostly small sizes (fast iterations); sometimes one just past a limit or far past it, which
// must be refused before anything is allocated. (Large sizes within the limits are left to the
// unit tests: each would cost the fuzzer seconds of allocation and initialisation.)
std::size_t size(FuzzedDataProvider& in) {
  if (in.ConsumeIntegralInRange(0, 31) != 0) return in.ConsumeIntegralInRange(0, 9);
  const std::size_t past[] = {recur::max_hidden_size + 1, recur::max_num_layers + 1, std::size_t{1} << 20,
                              std::size_t{1} << 31, ~std::size_t{0}};
  return past[in.ConsumeIntegralInRange(0, 4)];
}

recur::Tensor tensor(FuzzedDataProvider& in) {
  recur::Shape shape(in.ConsumeIntegralInRange(0, 4));
  for (auto& d : shape) d = in.ConsumeIntegralInRange(0, 12);
  recur::Tensor t = recur::Tensor::from_shape(shape);
  for (float& v : t)
    v = in.ConsumeBool() ? in.ConsumeFloatingPoint<float>() : in.ConsumeFloatingPointInRange(-4.0f, 4.0f);
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t length) {
  FuzzedDataProvider in(data, length);
  try {
    const char* modes[] = {"RNN", "LSTM", "RNN_TANH", "RNN_RELU", "GRU", "lstm", ""};
    const std::string mode =
        in.ConsumeBool() ? modes[in.ConsumeIntegralInRange(0, 6)] : in.ConsumeRandomLengthString(8);
    const std::string nonlinearity = in.ConsumeBool() ? "relu" : in.ConsumeRandomLengthString(6);
    recur::ModelConfig c;
    c.mode = recur::parse_mode(mode, nonlinearity);
    c.input_size = size(in);
    c.hidden_size = size(in);
    c.num_layers = size(in);
    c.bias = in.ConsumeBool();
    c.batch_first = in.ConsumeBool();
    recur::Model model(c, in.ConsumeIntegral<std::uint32_t>());

    if (in.ConsumeBool()) {  // a state_dict: the model's own with some entries changed
      recur::StateDict dict = model.state_dict();
      for (int k = in.ConsumeIntegralInRange(0, 3); k > 0 && !dict.empty(); --k) {
        auto& p = dict[in.ConsumeIntegralInRange<std::size_t>(0, dict.size() - 1)];
        switch (in.ConsumeIntegralInRange(0, 3)) {
          case 0:
            p.value = tensor(in);
            break;
          case 1:
            p.name = in.ConsumeRandomLengthString(16);
            break;
          case 2:
            dict.erase(dict.begin());
            break;
          default:
            dict.push_back(p);
            break;
        }
      }
      try {
        model.load_state_dict(dict);
      } catch (const recur::Error&) {
      }
    }
    const recur::Tensor x = tensor(in);
    const bool with_h0 = in.ConsumeBool(), with_c0 = in.ConsumeBool();
    const recur::Tensor h0 = tensor(in), c0 = tensor(in);
    const bool intermediates = in.ConsumeBool();
    const recur::ForwardResult r =
        model.forward(x, with_h0 ? &h0 : nullptr, with_c0 ? &c0 : nullptr, intermediates);
    // Unbatched (2-D) input gives 2-D results, PyTorch's way; batched, 3-D.
    const std::size_t rank = x.dimension() == 2 ? 2 : 3;
    if (r.h_n.dimension() != rank || r.output.dimension() != rank) std::abort();
    if (intermediates && r.intermediates->h.dimension() != 4) std::abort();
    // The head on h_n[-1]: any out_features the fuzzer picks, refused or computed.
    const std::size_t L = r.h_n.shape()[0], B = rank == 2 ? 1 : r.h_n.shape()[1], H = r.h_n.shape()[rank - 1];
    recur::Linear head = recur::Linear::after(c, in.ConsumeIntegral<std::uint32_t>(),
                                              in.ConsumeIntegralInRange<std::size_t>(0, 70));
    recur::Tensor last = recur::Tensor::from_shape({B, H});
    std::copy(r.h_n.data() + (L - 1) * B * H, r.h_n.data() + L * B * H, last.data());
    if (head.forward(last).predicted.size() != B) std::abort();

    // A training step with fuzzed optimizer options and labels (any count, any class).
    recur::OptimizerOptions o;
    o.kind = in.ConsumeBool() ? recur::OptimizerOptions::Kind::sgd : recur::OptimizerOptions::Kind::adam;
    o.lr = in.ConsumeFloatingPoint<double>();
    o.momentum = in.ConsumeFloatingPointInRange(-1.0, 2.0);
    o.weight_decay = in.ConsumeFloatingPointInRange(-0.5, 1.0);
    o.nesterov = in.ConsumeBool();
    o.beta1 = in.ConsumeFloatingPointInRange(-0.5, 1.5);
    recur::Trainer trainer(model, head, o, in.ConsumeFloatingPointInRange(-1.0, 5.0));
    std::vector<std::int32_t> labels(in.ConsumeIntegralInRange<std::size_t>(0, B + 1));
    for (auto& y : labels) y = in.ConsumeIntegralInRange<std::int32_t>(-1, 4);
    const recur::TrainingStep s = trainer.step(x, labels, with_h0 ? &h0 : nullptr, with_c0 ? &c0 : nullptr);
    if (s.gradients.size() != model.state_dict().size() + 2 || s.predicted.size() != B) std::abort();
    for (std::size_t i = 0; i < model.state_dict().size(); ++i)
      if (recur::shape_of(s.gradients[i].value) != recur::shape_of(model.state_dict()[i].value)) std::abort();
    if (s.x) std::abort();  // a step computes no dL/dx (x is data)
  } catch (const recur::Error&) {
  }
  return 0;
}
