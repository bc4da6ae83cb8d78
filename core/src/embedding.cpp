#include "recur/embedding.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "recur/error.hpp"

namespace recur {
namespace {

// "x[1, 2]": where element `flat` of a tensor of shape `shape` is.
std::string position(const Shape& shape, std::size_t flat) {
  std::vector<std::size_t> index(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  std::string s = "x[";
  for (std::size_t d = 0; d < index.size(); ++d) s += (d ? ", " : "") + std::to_string(index[d]);
  return s + "]";
}

}  // namespace

Tensor embedding_weight(std::size_t num_embeddings, std::size_t embedding_dim, TorchGenerator& generator) {
  Tensor weight = Tensor::from_shape({num_embeddings, embedding_dim});
  generator.normal(weight.data(), weight.size());
  std::fill_n(weight.data() + padding_idx * embedding_dim, embedding_dim, 0.0f);
  return weight;
}

Tensor embed(const Tensor& weight, const Tensor& ids) {
  const std::size_t V = weight.shape()[0], E = weight.shape()[1], n = ids.size();
  Shape shape = shape_of(ids);
  shape.push_back(E);
  Tensor out = Tensor::from_shape(shape);
  for (std::size_t i = 0; i < n; ++i) {
    const float id = ids.data()[i];
    if (!(id >= 0 && id < static_cast<float>(V)) || id != std::floor(id)) {
      char text[32];
      std::snprintf(text, sizeof text, "%g", static_cast<double>(id));
      throw Error(position(shape_of(ids), i) + " is " + text + ": a token id is an integer from 0 to " +
                  std::to_string(V - 1) + " (num_embeddings = " + std::to_string(V) + ")");
    }
    std::copy_n(weight.data() + static_cast<std::size_t>(id) * E, E, out.data() + i * E);
  }
  return out;
}

Tensor embedding_gradient(const Tensor& weight, const Tensor& ids, const Tensor& d_embedded) {
  const std::size_t E = weight.shape()[1], n = ids.size();
  Tensor grad = xt::zeros<float>(shape_of(weight));
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t id = static_cast<std::size_t>(ids.data()[i]);
    if (id == padding_idx) continue;
    float* row = grad.data() + id * E;
    const float* g = d_embedded.data() + i * E;
    for (std::size_t j = 0; j < E; ++j) row[j] += g[j];
  }
  return grad;
}

}  // namespace recur
