#!/usr/bin/env bash
# Determinism across build profiles: plays every shipped scenario (with its orders file, if any,
# and under each built-in policy) over several seeds in a debug and a release build and requires
# identical output, turn by turn: `run --json` prints one JSON object per turn (state hash, scores,
# their changes and causes) and a summary object last (docs/cli.md).
# Exit 0 when identical, 1 on any difference. Builds the simulation core only (no GUI): the
# window never touches the rules, and a release build of the renderer would double CI's time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p cimic --no-default-features
cargo build --quiet --release -p cimic --no-default-features
target=${CARGO_TARGET_DIR:-target}
status=0
for scenario in scenarios/*.ron; do
  case "$scenario" in *.orders.ron) continue ;; esac
  orders="${scenario%.ron}.orders.ron"
  sources=("--policy passive" "--policy kinetic" "--policy cimic-first")
  [ -f "$orders" ] && sources=("--orders $orders" "${sources[@]}")
  # The red team (docs/rules.md §21.6) too, on two seeds each: every built-in policy.
  for trick in pump busywork abandon militarised-aid engage project-farm no-support requisition; do
    sources+=("--policy exploit-$trick")
  done
  for source in "${sources[@]}"; do
  read -r -a args <<<"$source"
  seeds=(0 1 42 20261121)
  case "$source" in *exploit-*) seeds=(0 42) ;; esac
  for seed in "${seeds[@]}"; do
    debug=$("$target/debug/cimic" run "$scenario" --seed "$seed" "${args[@]}" --json 2>&1)
    release=$("$target/release/cimic" run "$scenario" --seed "$seed" "${args[@]}" --json 2>&1)
    if [ "$debug" != "$release" ]; then
      echo "DIFFERENT: $scenario $source seed $seed"
      diff <(echo "$debug") <(echo "$release") | head -20
      status=1
    else
      echo "same: $scenario $source seed $seed ($(echo "$debug" | grep -c '^{"type":"turn"') turns, final hash $(echo "$debug" | tail -1 | sed -E 's/.*"state_hash":"([0-9a-f]+)".*/\1/' | head -c 16))"
    fi
  done
  done
done
exit $status
