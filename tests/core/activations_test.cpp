#include "recur/kernels/activations.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "fixture.hpp"

using namespace recur::kernels;

namespace {

// f applied to every value, a whole SIMD vector at a time (the tail padded with zeros), so each
// lane of the vector is exercised.
template <class F>
std::vector<float> each_vector(F f, const std::vector<float>& x) {
  std::vector<float> padded(x), out(x.size() + lanes);
  padded.resize((x.size() + lanes - 1) / lanes * lanes, 0.0f);
  for (std::size_t i = 0; i < padded.size(); i += lanes)
    f(vfloat::load_unaligned(&padded[i])).store_unaligned(&out[i]);
  out.resize(x.size());
  return out;
}

std::vector<float> values(const fixture::Json& j) {
  const recur::Tensor t = fixture::tensor(j);
  return std::vector<float>(t.begin(), t.end());
}

}  // namespace

TEST_CASE("tanh_fast and sigmoid_fast are within 1e-6 of torch.tanh and torch.sigmoid") {
  const auto f = fixture::read("kernels/activations.json");
  const std::vector<float> x = values(f["x"]), tanh_torch = values(f["tanh"]),
                           sigmoid_torch = values(f["sigmoid"]);
  REQUIRE(x.size() > 3000);  // the dense sweep of [-12, 12] and the edge points
  const auto tanh = each_vector(tanh_fast, x), sigmoid = each_vector(sigmoid_fast, x);
  for (std::size_t i = 0; i < x.size(); ++i) {
    CAPTURE(x[i]);
    CHECK(std::fabs(tanh[i] - tanh_torch[i]) <= 1e-6f);
    CHECK(std::fabs(sigmoid[i] - sigmoid_torch[i]) <= 1e-6f);
  }
}

TEST_CASE("tanh_fast is exactly odd, and sigmoid_fast(x) + sigmoid_fast(-x) is 1 to a float's rounding") {
  std::vector<float> x;
  for (int i = 0; i <= 2000; ++i) x.push_back(i / 100.0f);
  std::vector<float> minus_x;
  for (float v : x) minus_x.push_back(-v);
  const auto plus = each_vector(tanh_fast, x), minus = each_vector(tanh_fast, minus_x);
  const auto s_plus = each_vector(sigmoid_fast, x), s_minus = each_vector(sigmoid_fast, minus_x);
  for (std::size_t i = 0; i < x.size(); ++i) {
    CAPTURE(x[i]);
    CHECK(minus[i] == -plus[i]);  // p(x^2) x / q(x^2): the sign passes straight through
    CHECK(s_plus[i] + s_minus[i] == doctest::Approx(1.0f).epsilon(1e-7));
  }
}

TEST_CASE("tanh_fast(0) is 0, sigmoid_fast(0) is 1/2, and both saturate, infinities included") {
  const float inf = std::numeric_limits<float>::infinity();
  const auto ends = each_vector(tanh_fast, {0.0f, inf, -inf, 1e30f, -1e30f});
  CHECK(ends[0] == 0.0f);
  for (float limit : {ends[1], -ends[2], ends[3], -ends[4]}) CHECK(std::fabs(limit - 1.0f) <= 1e-6f);
  const auto s = each_vector(sigmoid_fast, {0.0f, inf, -inf});
  CHECK(s[0] == 0.5f);
  CHECK(std::fabs(s[1] - 1.0f) <= 1e-6f);
  CHECK(std::fabs(s[2]) <= 1e-6f);
}

TEST_CASE("NaN stays NaN in every lane, as in torch.tanh and torch.sigmoid") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> x(2 * lanes, 0.5f);
  for (std::size_t i = 0; i < x.size(); i += 2) x[i] = nan;  // NaN beside ordinary values
  const auto t = each_vector(tanh_fast, x), s = each_vector(sigmoid_fast, x);
  for (std::size_t i = 0; i < x.size(); ++i) {
    CAPTURE(i);
    CHECK(std::isnan(t[i]) == (i % 2 == 0));
    CHECK(std::isnan(s[i]) == (i % 2 == 0));
  }
  CHECK(std::fabs(t[1] - std::tanh(0.5f)) <= 1e-6f);
}
