#!/usr/bin/env bash
# Installs what Recur needs and is missing, on Debian 12 (bookworm), as root or with sudo.
# Idempotent: every step first checks whether its result is already there, so a second run
# takes a second. `--browser` also installs what the tests need beyond the build: Chromium,
# fonts, and clang's sanitizer and libFuzzer runtimes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

# System packages: the Emscripten toolchain (clang 14 + binaryen + a prebuilt system-library
# cache), CMake and g++ for the native build, and Debian's Chromium for the browser tests.
need=()
command -v em++ >/dev/null || need+=(emscripten)
command -v cmake >/dev/null || need+=(cmake)
command -v g++ >/dev/null || need+=(g++)
command -v dpkg-deb >/dev/null || need+=(dpkg)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ "$want_browser" = 1 ]; then
  command -v chromium >/dev/null || need+=(chromium)
  # The fuzz targets: clang 14 with its sanitizer and libFuzzer runtimes.
  command -v clang++-14 >/dev/null || need+=(clang-14)
  [ -f /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ] || need+=(libclang-rt-14-dev)
  fc-list 2>/dev/null | grep -qi "noto\|dejavu" || need+=(fonts-dejavu-core)
  # The page speaks Chinese too: without a CJK font its screenshots show empty boxes.
  [ -n "$(fc-list :lang=zh 2>/dev/null)" ] || need+=(fonts-wqy-microhei)
fi
if ((${#need[@]})); then
  echo "setup: installing ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Headers: bookworm's xsimd 8.1 has no WebAssembly arch, so xsimd 13 / xtensor 0.25 / xtl /
# doctest come from Debian trixie's -dev packages, unpacked into a private, git-ignored prefix.
# apt runs with its own lists and cache there, so the system's apt state is not touched.
prefix=$root/third_party/prefix
if [ ! -f "$prefix/usr/include/xsimd/arch/xsimd_wasm.hpp" ] || [ ! -f "$prefix/usr/include/doctest/doctest.h" ]; then
  echo "setup: fetching xsimd/xtensor/xtl/doctest headers into third_party/prefix"
  work=$root/third_party/apt
  rm -rf "$work" "$prefix"
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$prefix"
  echo 'deb http://deb.debian.org/debian trixie main' > "$work/sources.list"
  opts=(-oDir::Etc::SourceList="$work/sources.list" -oDir::Etc::SourceParts=/dev/null
        -oDir::State::Lists="$work/lists" -oDir::Cache="$work/cache" -oAPT::Sandbox::User=root
        -oDebug::NoLocking=1)
  apt-get "${opts[@]}" update -qq
  (cd "$work/debs" && apt-get "${opts[@]}" download -qq libxsimd-dev libxtensor-dev xtl-dev doctest-dev)
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$prefix"; done
  rm -rf "$work"
  test -f "$prefix/usr/include/xsimd/arch/xsimd_wasm.hpp"
fi

# npm dev dependencies: playwright-core (drives Debian's Chromium; it downloads no browser),
# esbuild (the single-file build), typescript (the types check), katex (the step equations) and
# uplot (the training curves), both copied into dist/ at build. Again when the lock file changed.
if [ ! -f "$root/node_modules/.package-lock.json" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  echo "setup: npm ci"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi
