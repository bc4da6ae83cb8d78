#include "recur/init.hpp"

#include <cmath>
#include <cstring>

namespace recur {
namespace {

float from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

std::uint32_t to_bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

// avx_mathfun.h's log256_ps for one lane, x in (0, 1]. PyTorch's build lets GCC contract its
// multiply-adds into FMAs; which ones it fused was read off PyTorch's own output (150 000
// values of torch.randn, every bit equal): the Horner steps, e*q1 onto y*z as fma(y, z, e*q1),
// not z*0.5, and e*q2. Written with explicit std::fma: this file is compiled without
// contraction (-ffp-contract=off), so every other operation rounds as written.
float cephes_log(float x) {
  const std::uint32_t u = to_bits(x);
  const int exponent = static_cast<int>(u >> 23) - 0x7f;
  x = from_bits((u & ~0x7f800000u) | to_bits(0.5f));
  float e = static_cast<float>(exponent) + 1.0f;
  const bool small = x < 0.707106781186547524f;
  const float keep = small ? x : 0.0f;
  x = x - 1.0f;
  e = e - (small ? 1.0f : 0.0f);
  x = x + keep;
  const float z = x * x;
  static const float p[] = {7.0376836292E-2f,  -1.1514610310E-1f, 1.1676998740E-1f,
                            -1.2420140846E-1f, 1.4249322787E-1f,  -1.6668057665E-1f,
                            2.0000714765E-1f,  -2.4999993993E-1f, 3.3333331174E-1f};
  float y = p[0];
  for (int i = 1; i < 9; ++i) y = std::fma(y, x, p[i]);
  y = y * x;
  y = std::fma(y, z, e * -2.12194440e-4f);
  y = y - z * 0.5f;
  x = x + y;
  return std::fma(e, 0.693359375f, x);
}

// avx_mathfun.h's sincos256_ps for one lane, contracted as PyTorch's build contracts it.
void cephes_sincos(float in, float& sine, float& cosine) {
  float x = std::fabs(in);
  std::uint32_t sign_sin = to_bits(in) & 0x80000000u;
  int j = static_cast<int>(x * 1.27323954473516f);  // x * 4/pi, truncated
  j = (j + 1) & ~1;
  const float y = static_cast<float>(j);
  sign_sin ^= static_cast<std::uint32_t>(j & 4) << 29;
  const bool first = (j & 2) == 0;
  const std::uint32_t sign_cos = static_cast<std::uint32_t>(~(j - 2) & 4) << 29;
  x = std::fma(y, -0.78515625f, x);
  x = std::fma(y, -2.4187564849853515625e-4f, x);
  x = std::fma(y, -3.77489497744594108e-8f, x);
  const float z = x * x;
  float c = std::fma(2.443315711809948E-005f, z, -1.388731625493765E-003f);
  c = std::fma(c, z, 4.166664568298827E-002f);
  c = c * z;
  c = std::fma(c, z, -(z * 0.5f));
  c = c + 1.0f;
  float s = std::fma(-1.9515295891E-4f, z, 8.3321608736E-3f);
  s = std::fma(s, z, -1.6666654611E-1f);
  s = s * z;
  s = std::fma(s, x, x);
  sine = from_bits(to_bits(first ? s : c) ^ sign_sin);
  cosine = from_bits(to_bits(first ? c : s) ^ sign_cos);
}

// normal_fill_16_AVX2 with mean 0 and std 1 (its final fmadd(n, 1, 0) changes nothing).
void normal_fill_16(float* data) {
  const float two_pi = static_cast<float>(2.0 * 3.14159265358979323846);
  for (int j = 0; j < 8; ++j) {
    const float u1 = 1.0f - data[j];
    const float u2 = data[j + 8];
    const float radius = std::sqrt(-2.0f * cephes_log(u1));
    float s, c;
    cephes_sincos(two_pi * u2, s, c);
    data[j] = radius * c;
    data[j + 8] = radius * s;
  }
}

}  // namespace

void TorchGenerator::normal(float* data, std::size_t n) {
  if (n >= 16) {
    for (std::size_t i = 0; i < n; ++i) data[i] = uniform_float();
    for (std::size_t i = 0; i + 16 <= n; i += 16) normal_fill_16(data + i);
    if (n % 16 != 0) {
      float* last = data + n - 16;
      for (std::size_t i = 0; i < 16; ++i) last[i] = uniform_float();
      normal_fill_16(last);
    }
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (next_double_normal_) {
      data[i] = static_cast<float>(*next_double_normal_);
      next_double_normal_.reset();
      continue;
    }
    const double u1 = uniform_double(), u2 = uniform_double();
    const double r = std::sqrt(-2.0 * std::log(1.0 - u2));
    const double theta = 2.0 * 3.14159265358979323846 * u1;
    next_double_normal_ = r * std::sin(theta);
    data[i] = static_cast<float>(r * std::cos(theta));
  }
}

}  // namespace recur
