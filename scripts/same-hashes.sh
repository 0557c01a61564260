#!/usr/bin/env bash
# Behaviour preserved across builds: plays every shipped scenario with its orders file and under
# each built-in policy, seeds 1–20, with two builds of `cimic`, and requires every turn's state
# hash to be identical. The records the old build writes must also verify with the new build
# (records stay loadable). Used for refactors that must not change a game (issue 12).
#
#   scripts/same-hashes.sh OLD_BINARY NEW_BINARY
#
# Prints one line per game and a summary; exit 0 when all games match, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1
new=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
games=0
turns=0
differ=0
# The per-turn hashes of a run, one "turn N/T hash H" per line.
hashes() { grep -oE '^turn +[0-9]+/[0-9]+ +hash [0-9a-f]+' || true; }
for scenario in scenarios/*.ron; do
  case "$scenario" in *.orders.ron) continue ;; esac
  orders="${scenario%.ron}.orders.ron"
  sources=("--policy passive" "--policy kinetic" "--policy cimic-first")
  [ -f "$orders" ] && sources=("--orders $orders" "${sources[@]}")
  for source in "${sources[@]}"; do
    read -r -a args <<<"$source"
    for seed in $(seq 1 20); do
      a=$("$old" run "$scenario" --seed "$seed" "${args[@]}" 2>/dev/null | hashes)
      b=$("$new" run "$scenario" --seed "$seed" "${args[@]}" 2>/dev/null | hashes)
      games=$((games + 1))
      n=$(echo "$a" | grep -c hash || true)
      turns=$((turns + n))
      if [ -z "$a" ] || [ "$a" != "$b" ]; then
        differ=$((differ + 1))
        echo "DIFFERENT: $scenario $source seed $seed"
        diff <(echo "$a") <(echo "$b") | head -6 || true
      else
        echo "same: $scenario $source seed $seed ($n turns, final $(echo "$a" | tail -1 | awk '{print $NF}'))"
      fi
    done
    # A record the old build wrote verifies with the new one.
    rec="$work/$(basename "$scenario" .ron)-${args[1]//\//_}.record"
    rec=${rec//.orders.ron/}
    "$old" run "$scenario" --seed 7 "${args[@]}" --record "$rec" >/dev/null 2>&1
    if "$new" replay "$rec" --verify >/dev/null 2>&1; then
      echo "old record verifies with the new build: $scenario $source seed 7"
    else
      differ=$((differ + 1))
      echo "DIFFERENT: old record of $scenario $source does not verify with the new build"
    fi
  done
done
echo "$games games, $turns turns compared; $differ differences"
[ "$differ" -eq 0 ]
