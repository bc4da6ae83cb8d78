// libFuzzer target: the packed path (sentences of different lengths) and the embedding, with
// configurations, ids, lengths and states drawn from the bytes. Every call must succeed or throw
// recur::Error; a packed forward must give zeros past each length and h_n equal to the top
// layer's output at each sentence's last step (one direction); training must not crash.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "recur/error.hpp"
#include "recur/trainer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t length) {
  FuzzedDataProvider in(data, length);
  try {
    const recur::Mode modes[] = {recur::Mode::rnn_tanh, recur::Mode::rnn_relu, recur::Mode::lstm,
                                 recur::Mode::gru};
    recur::ModelConfig c;
    c.mode = modes[in.ConsumeIntegralInRange(0, 3)];
    c.input_size = in.ConsumeIntegralInRange(1, 5);
    c.hidden_size = in.ConsumeIntegralInRange(1, 5);
    c.num_layers = in.ConsumeIntegralInRange(1, 3);
    c.bias = in.ConsumeBool();
    c.batch_first = in.ConsumeBool();
    c.bidirectional = in.ConsumeBool();
    c.num_embeddings = in.ConsumeBool() ? in.ConsumeIntegralInRange(0, 40) : 0;
    recur::Model model(c, in.ConsumeIntegral<std::uint32_t>());
    const std::size_t B = in.ConsumeIntegralInRange(0, 5), T = in.ConsumeIntegralInRange(0, 6);
    recur::Lengths lengths(in.ConsumeBool() ? B : in.ConsumeIntegralInRange<std::size_t>(0, 6));
    for (auto& n : lengths) n = in.ConsumeIntegralInRange<std::size_t>(0, T + 1);
    recur::Tensor x;
    if (c.num_embeddings) {  // ids, sometimes out of range or not integers
      x = c.batch_first ? recur::Tensor::from_shape({B, T}) : recur::Tensor::from_shape({T, B});
      for (float& v : x)
        v = in.ConsumeIntegralInRange(0, 15) == 0
                ? in.ConsumeFloatingPoint<float>()
                : static_cast<float>(in.ConsumeIntegralInRange<std::size_t>(0, c.num_embeddings));
    } else {
      x = c.batch_first ? recur::Tensor::from_shape({B, T, c.input_size})
                        : recur::Tensor::from_shape({T, B, c.input_size});
      for (float& v : x) v = in.ConsumeFloatingPointInRange(-3.0f, 3.0f);
    }
    const recur::ForwardResult r = model.forward(x, nullptr, nullptr, in.ConsumeBool(), &lengths);
    const std::size_t H = recur::output_size(c), D = recur::directions(c), S = c.num_layers * D;
    for (std::size_t b = 0; b < B; ++b)
      for (std::size_t t = 0; t < T; ++t)
        for (std::size_t j = 0; j < D * H; ++j) {
          const float v = r.output.data()[((c.batch_first ? b * T + t : t * B + b) * D * H) + j];
          if (t >= lengths[b] && v != 0) std::abort();  // zero past the length
          if (D == 1 && t + 1 == lengths[b] && v != r.h_n.data()[((S - 1) * B + b) * H + j]) std::abort();
        }
    if (in.ConsumeBool() && B > 0) {
      recur::Trainer trainer(model, recur::Linear::after(model, 2), recur::OptimizerOptions{});
      std::vector<std::int32_t> y(B);
      for (auto& label : y) label = in.ConsumeIntegralInRange(0, 1);
      trainer.step(x, y, nullptr, nullptr, &lengths);
    }
  } catch (const recur::Error& e) {
    if (std::string_view(e.what()).empty()) std::abort();
  }
  return 0;
}
