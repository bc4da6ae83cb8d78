#!/usr/bin/env bash
# Keeps the sources in the project's format: C++ by clang-format-14 (.clang-format), JavaScript
# by prettier (.prettierrc, pinned in package.json).
#   bash tools/format.sh          rewrites every file that is not formatted
#   bash tools/format.sh --check  changes nothing: lists the files that are not formatted, and
#                                 fails if there is one
# The file sets are globs, not git's index, so a new file is checked before it is committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: bash tools/format.sh [--check]" >&2; exit 2 ;;
esac

# clang-format's output depends on its version: the project's .clang-format is kept by 14, Debian 12's.
if ! command -v clang-format-14 >/dev/null; then
  echo "format: clang-format-14 is missing (apt-get install -y clang-format-14)" >&2
  exit 1
fi
prettier=node_modules/.bin/prettier
if [ ! -x "$prettier" ]; then
  echo "format: prettier is missing (npm install)" >&2
  exit 1
fi

mapfile -t cpp < <(find core wasm tests/core tests/fuzz bench -name '*.cpp' -o -name '*.hpp' | sort)
js=('web/**/*.mjs' 'wasm/*.{mjs,mts}' 'tests/**/*.{mjs,mts}' 'tools/**/*.mjs' 'bench/**/*.mjs')

if ! $check; then
  clang-format-14 -i "${cpp[@]}"
  "$prettier" --write --log-level=warn "${js[@]}"
  exit 0
fi

unformatted=()
for f in "${cpp[@]}"; do
  clang-format-14 "$f" | cmp -s - "$f" || unformatted+=("$f")
done
# --list-different prints each file prettier would change and exits 1 if there is one; any other
# failure (a file it cannot parse) is reported as it is.
js_unformatted=$("$prettier" --list-different "${js[@]}") && status=0 || status=$?
[ "$status" -le 1 ] || exit "$status"
[ -z "$js_unformatted" ] || mapfile -t -O ${#unformatted[@]} unformatted <<<"$js_unformatted"
if [ ${#unformatted[@]} -gt 0 ]; then
  echo "format: ${#unformatted[@]} files are not formatted (npm run format rewrites them):" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  exit 1
fi
echo "format: the C++ (${#cpp[@]} files) and the JavaScript are formatted"
