#include "recur/kernels/simd.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace recur::kernels;

TEST_CASE("each build gets the instruction set simd.hpp promises, and the lanes that go with it") {
  const std::string name = simd_arch_name();
  CHECK(lanes == vfloat::size);
#if defined(RECUR_SCALAR)
  CHECK(name == "scalar");  // xsimd's emulated batch: plain float code, for engines without SIMD128
  CHECK(lanes == 4);
#elif defined(__wasm_simd128__)
  CHECK(name == "wasm");
  CHECK(lanes == 4);  // 128 bits of float32
#elif defined(__AVX2__) && defined(__FMA__)
  CHECK(name == "fma3+avx2");  // the native build's -march=x86-64-v3
  CHECK(lanes == 8);
#else
  CHECK(!name.empty());
  CHECK(lanes >= 1);
#endif
}

TEST_CASE("vfloat loads, computes and stores lane by lane, from any address") {
  // Offsets 1.. so the loads are unaligned, as the kernels' rows of odd widths are.
  std::vector<float> a(lanes + 1), b(lanes + 1), out(lanes + 1, -1.0f);
  for (std::size_t i = 0; i <= lanes; ++i) {
    a[i] = 1.5f * float(i) - 2.0f;
    b[i] = 0.25f * float(i * i) + 1.0f;
  }
  const vfloat va = vfloat::load_unaligned(&a[1]), vb = vfloat::load_unaligned(&b[1]);
  (va * vb - vb / va).store_unaligned(&out[1]);
  CHECK(out[0] == -1.0f);  // nothing written before the vector
  for (std::size_t i = 1; i <= lanes; ++i) {
    CAPTURE(i);
    CHECK(out[i] == a[i] * b[i] - b[i] / a[i]);  // each lane rounds as the scalar expression does
  }
  xsimd::select(va < vb, va, vb).store_unaligned(&out[1]);
  for (std::size_t i = 1; i <= lanes; ++i) CHECK(out[i] == (a[i] < b[i] ? a[i] : b[i]));
  float sum = 0;
  for (std::size_t i = 1; i <= lanes; ++i) sum += b[i];
  CHECK(xsimd::reduce_add(vb) == doctest::Approx(sum));
}
