#!/usr/bin/env bash
# Seeds fuzz/corpus/search with the queries of tests/queries.tsv (each prefixed by two option
# bytes, as fuzz_targets/search.rs reads them) and a few codes, so the fuzzer starts from real
# input. Usage: bash fuzz/seed-corpus.sh && cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run search
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/search
mkdir -p "$out"
i=0
seed() { printf "$1%s" "$2" > "$out/seed-$i"; i=$((i + 1)); }
while IFS=$'\t' read -r q _; do
  case "$q" in ''|'#'*|query) continue ;; esac
  seed '\x00\x0a' "$q"          # all systems, limit 10
  seed '\x25\x14' "icd10 $q"    # icd10 leafOnly limit 20, "system code" split
done < ../tests/queries.tsv
for c in "icd10 J18.9" "icd10 A91" "icpc2 K86" "icd9cm 39.95" "icd10 J09-J18" "icd10 X"; do seed '\x20\x05' "$c"; done
echo "$i seeds in fuzz/$out"
