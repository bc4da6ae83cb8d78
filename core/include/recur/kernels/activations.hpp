#pragma once
// Fast, accurate tanh and sigmoid on SIMD vectors: the gate activations are a large share of
// a recurrent step (about 1.1 M evaluations for the notebook's LSTM), and a generic tanh costs
// several times the GEMM there.
//
// tanh is Eigen's rational [13/6] minimax approximation on [-7.9, 7.9] (beyond, tanh rounds
// to +-1 within 3e-7): absolute error below 1e-6 everywhere, within a few float ulps of
// std::tanh. sigmoid(x) = (1 + tanh(x/2)) / 2, the same absolute accuracy. NaN stays NaN.

#include "recur/kernels/simd.hpp"

namespace recur::kernels {

inline vfloat tanh_fast(vfloat x) {
  const vfloat clamped =
      xsimd::max(xsimd::min(x, vfloat(7.90531110763549805f)), vfloat(-7.90531110763549805f));
  const vfloat x2 = clamped * clamped;
  vfloat p = xsimd::fma(x2, vfloat(-2.76076847742355e-16f), vfloat(2.00018790482477e-13f));
  p = xsimd::fma(x2, p, vfloat(-8.60467152213735e-11f));
  p = xsimd::fma(x2, p, vfloat(5.12229709037114e-08f));
  p = xsimd::fma(x2, p, vfloat(1.48572235717979e-05f));
  p = xsimd::fma(x2, p, vfloat(6.37261928875436e-04f));
  p = xsimd::fma(x2, p, vfloat(4.89352455891786e-03f));
  p = p * clamped;
  vfloat q = xsimd::fma(x2, vfloat(1.19825839466702e-06f), vfloat(1.18534705686654e-04f));
  q = xsimd::fma(x2, q, vfloat(2.26843463243900e-03f));
  q = xsimd::fma(x2, q, vfloat(4.89352518554385e-03f));
  // Near 0, p/q = x * 0.99999987: no special case needed. NaN: x86's min/max would turn it
  // into the clamp bound, so pass it through explicitly, as std::tanh does.
  return xsimd::select(x != x, x, p / q);
}

inline vfloat sigmoid_fast(vfloat x) {
  const vfloat half(0.5f);
  return xsimd::fma(half, tanh_fast(half * x), half);
}

}  // namespace recur::kernels
