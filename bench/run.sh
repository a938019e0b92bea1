#!/usr/bin/env bash
# Builds a generated catalog and prints figures: a cold full build, a warm rebuild (nothing
# changed), peak memory, and the dev server's edit-to-written latency.
#   bench/run.sh [CREDENTIALS=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
dir=target/bench/cat$n
cargo build --release --quiet
if [ ! -d "$dir/content" ]; then
  python3 bench/gen_catalog.py --credentials "$n" --out "$dir" --seed 1 >/dev/null
fi
rm -rf "$dir/themes" && cp -r themes "$dir/themes"
rm -rf "$dir/public" "$dir/public-serve"
echo "catalog: $n credentials ($(find "$dir/content" -type f | wc -l) content files), $(nproc) cores"
t() { /usr/bin/time -f "%e s wall, %M KB peak RSS, %P CPU" "$@"; }
echo "-- cold build (empty output folder)"
t target/release/credcat build --root "$dir"
echo "-- warm build (nothing changed)"
t target/release/credcat build --root "$dir"
echo "-- dev server: edit one credential, rebuild what depends on it"
cargo bench --quiet --bench incremental -- "$dir"
