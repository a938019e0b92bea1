#!/usr/bin/env bash
# credcat against zola on the same catalog: cold builds interleaved (credcat, zola, credcat,
# zola, …), sources and outputs on tmpfs, and the ratios a user would feel.
#
#   ZOLA=/path/to/zola bench/vs_zola.sh [N=10000] [even|skew] [PAIRS=5]
#   ZOLA=… WARM=1 bench/vs_zola.sh 10000 skew     # also credcat's warm rebuilds (nothing changed)
#   ZOLA=… ISSUED=1000 bench/vs_zola.sh 1000 skew  # credcat also signs 1,000 awards (zola has none)
#
# The warm ratio is warm / cold, medians of credcat's runs.
# Environment: ZOLA (required) the zola binary — build zola yourself, outside this repository;
# CREDCAT (default target/release/credcat, built here if missing); SEED (default 1);
# SHM (default /dev/shm/credcat-vs-zola) where sources and outputs go; KEEP=1 keeps them.
#
# A pair is one cold credcat build (public/ and .credcat/cache removed first) and one cold
# zola build (public/ removed first); its ratio is credcat / zola. Printed: every pair, the
# median of the pair ratios (wall time and peak RSS), each tool's output bytes (`du -sb`),
# file counts and the load average before and after. Interleaving keeps a change in machine
# load from landing on one tool only; the median of ratios keeps one disturbed pair from
# moving the figure.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
mode=${2:-even}
pairs=${3:-5}
seed=${SEED:-1}
shm=${SHM:-/dev/shm/credcat-vs-zola}
credcat=${CREDCAT:-target/release/credcat}
case "$mode" in even) skew= ;; skew) skew=--skew ;; *) echo "mode is even or skew, not $mode" >&2; exit 2 ;; esac
if [ -z "${ZOLA:-}" ] || [ ! -x "$ZOLA" ]; then
  echo "set ZOLA to a zola binary (0.22.1 was measured: build it with cargo outside this repository)" >&2
  exit 2
fi
if [ ! -x "$credcat" ]; then
  cargo build --release --quiet
fi
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }

issued=${ISSUED:-0}
src=$shm/src-$n-$mode
[ "$issued" = 0 ] || src=$src-issued-$issued
zsrc=$shm/zola-$n-$mode
cout=$shm/out-credcat
zout=$shm/out-zola
mkdir -p "$shm"
if [ ! -d "$src/content" ]; then
  python3 bench/gen_catalog.py --credentials "$n" --out "$src" --seed "$seed" $skew --issued "$issued" --force >/dev/null
fi
# Awards are signed with the catalog's own key; a cold build below signs every one again.
if [ "$issued" != 0 ] && [ ! -f "$src/.credcat/issuer.key" ]; then
  "$credcat" keygen --root "$src" >/dev/null
fi
rm -rf "$src/themes" && cp -r themes "$src/themes"
python3 bench/zola_site.py "$src" "$zsrc" >/dev/null

echo "catalog: $n credentials, $mode, seed $seed, $issued awards; $(nproc) cores; $("$ZOLA" --version); credcat $("$credcat" --version 2>/dev/null | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# run LABEL CMD…: one timed run; prints "wall_seconds peak_kb", fails loudly with the tool's output.
run() {
  local label=$1 log
  shift
  log=$(mktemp)
  if ! /usr/bin/time -f "%e %M" -o "$log.time" "$@" >"$log" 2>&1; then
    echo "$label failed:" >&2
    tail -20 "$log" >&2
    rm -f "$log" "$log.time"
    exit 1
  fi
  tail -1 "$log.time"
  rm -f "$log" "$log.time"
}
credcat_cold() { rm -rf "$cout" "$src/.credcat/cache"; run credcat "$credcat" build --root "$src" --output "$cout"; }
zola_cold() { rm -rf "$zout"; run zola "$ZOLA" --root "$zsrc" build --output-dir "$zout" --force; }

ratios=()
mem_ratios=()
cold=()
printf '%-5s %12s %12s %8s %12s %12s %8s\n' pair "credcat s" "zola s" ratio "credcat MB" "zola MB" ratio
for i in $(seq 1 "$pairs"); do
  read -r cw cm < <(credcat_cold) || true
  [ -n "${cw:-}" ] || exit 1
  read -r zw zm < <(zola_cold) || true
  [ -n "${zw:-}" ] || exit 1
  cold+=("$cw")
  r=$(python3 -c "print(f'{$cw / $zw:.3f}')")
  mr=$(python3 -c "print(f'{$cm / $zm:.3f}')")
  ratios+=("$r")
  mem_ratios+=("$mr")
  printf '%-5s %12s %12s %8s %12s %12s %8s\n' "$i" "$cw" "$zw" "$r" "$((cm / 1024))" "$((zm / 1024))" "$mr"
done
median() { printf '%s\n' "$@" | sort -g | python3 -c "import sys; v=[float(x) for x in sys.stdin]; m=len(v)//2; print(f'{(v[m] if len(v)%2 else (v[m-1]+v[m])/2):.3f}')"; }
echo "median ratio credcat/zola: wall $(median "${ratios[@]}"), peak RSS $(median "${mem_ratios[@]}")"
cb=$(du -sb "$cout" | cut -f1)
zb=$(du -sb "$zout" | cut -f1)
echo "output: credcat $cb bytes in $(find "$cout" -type f | wc -l) files, zola $zb bytes in $(find "$zout" -type f | wc -l) files, ratio $(python3 -c "print(f'{$cb / $zb:.2f}')")"
echo "credcat output by folder (MB):"
du -sb "$cout"/* | sort -rn | head -12 | awk '{printf "  %8.1f  %s\n", $1 / 1e6, $2}'

if [ -n "${WARM:-}" ]; then
  # Warm: the previous output and cache kept, nothing changed; ratio to the last cold build.
  warm=()
  for i in $(seq 1 "$pairs"); do
    read -r ww wm < <(run credcat-warm "$credcat" build --root "$src" --output "$cout") || true
    [ -n "${ww:-}" ] || exit 1
    warm+=("$ww")
    echo "warm $i: $ww s, $((wm / 1024)) MB"
  done
  echo "credcat warm median $(median "${warm[@]}") s; cold median $(median "${cold[@]}") s; warm/cold $(python3 -c "print(f'{$(median "${warm[@]}") / $(median "${cold[@]}"):.3f}')")"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -z "${KEEP:-}" ]; then
  rm -rf "$cout" "$zout"
fi
