#!/usr/bin/env bash
# Regenerates the seed part of the committed corpus (Tests/Fuzz/corpus/*/seed-*) from the
# golden scripts, the examples, the standard library, the CSV fixtures and freshly saved
# model files. Found inputs (other names) are kept. Usage: Tests/Fuzz/seed.sh [LATHE_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
lathe=${1:-.build/debug/lathe}
out=Tests/Fuzz/corpus

rm -f "$out"/scripts/seed-* "$out"/csv/seed-* "$out"/model/seed-*
mkdir -p "$out/scripts" "$out/csv" "$out/model"
# Flat names from paths: Tests/Scripts/ml/a.mlx -> seed-ml__a.mlx
while IFS= read -r f; do
  name=${f#Tests/Scripts/}; name=${name//\//__}
  cp "$f" "$out/scripts/seed-$name"
done < <(find Tests/Scripts examples stdlib -name '*.mlx' -type f | sort)
while IFS= read -r f; do
  name=${f#Tests/Fixtures/data/csv/}; name=${name#examples/data/}; name=${name//\//__}
  cp "$f" "$out/csv/seed-$name"
done < <(find Tests/Fixtures/data/csv examples/data -type f \( -name '*.csv' -o -name '*.tsv' \) | sort)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$lathe" run Tests/Fuzz/seed_models.mlx --set out="$tmp"
for f in "$tmp"/*.json; do cp "$f" "$out/model/seed-$(basename "$f")"; done
echo "seeds: $(ls "$out/scripts" | wc -l) scripts, $(ls "$out/csv" | wc -l) CSV files, $(ls "$out/model" | wc -l) models"
