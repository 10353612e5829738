#!/usr/bin/env bash
# The README's quick-start commands and .ci/run's must be the same lines.
set -euo pipefail
source_dir=$2

commands=$(grep -v -e '^#' -e '^set ' -e '^cd ' -e '^$' "$source_dir/.ci/run")
[ "$(printf '%s\n' "$commands" | wc -l)" -eq 2 ] || {
    echo "FAIL: .ci/run should hold exactly two commands" >&2; exit 1; }
while IFS= read -r line; do
    grep -qxF -- "$line" "$source_dir/README.md" || {
        echo "FAIL: README lacks the .ci/run command: $line" >&2; exit 1; }
done <<<"$commands"
echo "1 passed, 0 failed"
