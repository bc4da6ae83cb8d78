#!/usr/bin/env bash
# Installs what Recur needs and is missing, on Debian 12 (bookworm), as root or with sudo.
# Idempotent: every step first checks whether its result is already there, so a second run
# takes a second.
#   (no option)   what the build needs: Emscripten, CMake, g++, Node and npm; the headers; npm ci
#   --tools       also what the tests need beside the browsers: clang 14 with its sanitizer and
#                 libFuzzer runtimes, clang-format 14
#   --engines     only the browsers of the tests (no headers, no npm): Chromium, Firefox and
#                 WebKit (under a virtual X server) and fonts. npm test installs them in the
#                 background while it builds (tools/test.sh).
#   --browser     all of the above (npm run test:web, npm run bench:page)
#   --fixtures    the build's and Debian's PyTorch (python3-torch), which writes the reference
#                 fixtures (npm run fixtures) and checks that saved weights load back into PyTorch
# A second argument --list prints the packages that would be installed, and installs nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
want_tools=0
want_engines=0
only_engines=0
want_torch=0
case "${1:-}" in
  "") ;;
  --tools) want_tools=1 ;;
  --engines) want_engines=1 only_engines=1 ;;
  --browser) want_tools=1 want_engines=1 ;;
  --fixtures) want_torch=1 ;;
  *) echo "usage: bash tools/setup.sh [--tools | --engines | --browser | --fixtures] [--list]" >&2; exit 2 ;;
esac
list=0
[ "${2:-}" = "--list" ] && list=1

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

# System packages: the Emscripten toolchain (clang 14 + binaryen + a prebuilt system-library
# cache), CMake and g++ for the native build, and Debian's Chromium for the browser tests.
need=()
if [ "$only_engines" = 0 ]; then
  command -v em++ >/dev/null || need+=(emscripten)
  command -v cmake >/dev/null || need+=(cmake)
  command -v g++ >/dev/null || need+=(g++)
  command -v dpkg-deb >/dev/null || need+=(dpkg)
  command -v node >/dev/null || need+=(nodejs)
  command -v npm >/dev/null || need+=(npm)
fi
if [ "$want_torch" = 1 ]; then
  /usr/bin/python3 -c 'import torch' 2>/dev/null || need+=(python3-torch)
fi
if [ "$want_tools" = 1 ]; then
  # The fuzz targets: clang 14 with its sanitizer and libFuzzer runtimes.
  command -v clang++-14 >/dev/null || need+=(clang-14)
  # npm test checks the C++ against .clang-format with Debian's clang-format 14.
  command -v clang-format-14 >/dev/null || need+=(clang-format-14)
  [ -f /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ] || need+=(libclang-rt-14-dev)
fi
if [ "$want_engines" = 1 ]; then
  command -v chromium >/dev/null || need+=(chromium)
  fc-list 2>/dev/null | grep -qi "noto\|dejavu" || need+=(fonts-dejavu-core)
  # The page speaks Chinese too: without a CJK font its screenshots show empty boxes.
  [ -n "$(fc-list :lang=zh 2>/dev/null)" ] || need+=(fonts-wqy-microhei)
fi
# The other two engines of the browser tests: Firefox ESR (driven over WebDriver BiDi) and
# WebKitGTK, Safari's engine (WebKitWebDriver starts its MiniBrowser), which needs an X server:
# Xvfb, started by xvfb-run, which needs xauth. Without their recommends (codecs, spell
# checkers, GStreamer plugins: nothing the page uses), which would triple the download.
engines=()
if [ "$want_engines" = 1 ]; then
  command -v firefox-esr >/dev/null || engines+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null || engines+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null || engines+=(xvfb)
  command -v xauth >/dev/null || engines+=(xauth)
fi
if [ "$list" = 1 ]; then
  echo "${need[*]} ${engines[*]}" | xargs
  exit 0
fi
if ((${#need[@]} + ${#engines[@]})); then
  echo "setup: installing ${need[*]} ${engines[*]}"
  $sudo apt-get update -qq
  if ((${#need[@]})); then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if ((${#engines[@]})); then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${engines[@]}" >/dev/null
  fi
fi

[ "$only_engines" = 1 ] && exit 0

# The Debian mirror this machine's apt uses for its release (a local mirror or proxy included),
# from the deb822 .sources files, else the one-line sources.list: the first `deb` entry of a
# main suite (bookworm, stable...; not -security, -updates or -backports). DEBIAN_MIRROR
# overrides it.
debian_mirror() {
  local etc=${1:-/etc/apt} mirror
  mirror=$(for f in "$etc"/sources.list.d/*.sources; do [ -f "$f" ] && { cat "$f"; echo; }; done |
    awk 'BEGIN { RS = ""; FS = "\n" }  # one deb822 stanza a record
      {
        types = uris = suites = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^#/ || !match($i, /^[A-Za-z-]+:/)) continue
          key = tolower(substr($i, 1, RLENGTH - 1)); value = substr($i, RLENGTH + 1)
          gsub(/^[ \t]+|[ \t]+$/, "", value)
          if (key == "types") types = value; else if (key == "uris") uris = value
          else if (key == "suites") suites = value; else if (key == "enabled") enabled = tolower(value)
        }
        if (enabled == "no" || (" " types " ") !~ / deb /) next
        n = split(suites, s, /[ \t]+/)
        for (j = 1; j <= n; j++) if (s[j] !~ /[-\/]/) { split(uris, u, /[ \t]+/); print u[1]; exit }
      }')
  if [ -z "$mirror" ]; then
    mirror=$(cat "$etc"/sources.list "$etc"/sources.list.d/*.list 2>/dev/null |
      awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
                         if ($(i + 1) !~ /[-\/]/) { print $i; exit } }')
  fi
  echo "${mirror%/}"
}

# Headers: bookworm's xsimd 8.1 has no WebAssembly arch, so xsimd 13 / xtensor 0.25 / xtl /
# doctest come from Debian trixie's -dev packages, unpacked into a private, git-ignored prefix.
# apt runs with its own lists and cache there, so the system's apt state is not touched.
prefix=$root/third_party/prefix
if [ ! -f "$prefix/usr/include/xsimd/arch/xsimd_wasm.hpp" ] || [ ! -f "$prefix/usr/include/doctest/doctest.h" ]; then
  echo "setup: fetching xsimd/xtensor/xtl/doctest headers into third_party/prefix"
  work=$root/third_party/apt
  rm -rf "$work" "$prefix"
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$prefix"
  mirror=${DEBIAN_MIRROR:-$(debian_mirror)}
  if [ -z "$mirror" ]; then
    echo "setup: found no Debian mirror in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list; set DEBIAN_MIRROR=<the archive's URL>" >&2
    exit 1
  fi
  echo "setup: from $mirror (trixie)"
  echo "deb $mirror trixie main" > "$work/sources.list"
  opts=(-oDir::Etc::SourceList="$work/sources.list" -oDir::Etc::SourceParts=/dev/null
        -oDir::State::Lists="$work/lists" -oDir::Cache="$work/cache" -oAPT::Sandbox::User=root
        -oDebug::NoLocking=1)
  apt-get "${opts[@]}" update -qq
  (cd "$work/debs" && apt-get "${opts[@]}" download -qq libxsimd-dev libxtensor-dev xtl-dev doctest-dev)
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$prefix"; done
  rm -rf "$work"
  test -f "$prefix/usr/include/xsimd/arch/xsimd_wasm.hpp"
fi

# npm dev dependencies: playwright-core (drives Debian's Chromium) and puppeteer-core (drives
# Debian's Firefox), neither of which downloads a browser; esbuild (the single-file build),
# typescript (the types check), katex (the step equations) and uplot (the training curves),
# both copied into dist/ at build. Again when the lock file changed.
if [ ! -f "$root/node_modules/.package-lock.json" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  echo "setup: npm ci"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi
