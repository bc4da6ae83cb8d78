#pragma once
// The SIMD vector every kernel is written in. The SIMD builds use xsimd's best arch for the
// target (wasm SIMD128, or AVX2+FMA natively); the scalar WebAssembly build, for engines
// without SIMD128, defines RECUR_SCALAR and gets xsimd's emulated 4-lane batch, which
// compiles to plain float code. The kernels are the same source either way.

#include <cstddef>
#include <xsimd/xsimd.hpp>

namespace recur::kernels {

#if defined(RECUR_SCALAR)
using arch = xsimd::emulated<128>;
#else
using arch = xsimd::default_arch;
#endif
using vfloat = xsimd::batch<float, arch>;
inline constexpr std::size_t lanes = vfloat::size;

// The name of the instruction set the kernels were compiled for ("wasm", "fma3+avx2", ...).
inline const char* simd_arch_name() {
#if defined(RECUR_SCALAR)
  return "scalar";
#else
  return arch::name();
#endif
}

}  // namespace recur::kernels
