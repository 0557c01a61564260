#!/usr/bin/env bash
# Determinism across build profiles: plays every shipped scenario (with its orders file, if any)
# over several seeds in a debug and a release build and requires identical output, turn by turn
# (each turn line carries the state hash). Exit 0 when identical, 1 on the first difference.
set -euo pipefail
cd "$(dirname "$0")/.."
# The rules live in the headless core: build it without the GUI (much faster in release).
cargo build --quiet --no-default-features
cargo build --quiet --release --no-default-features
status=0
for scenario in scenarios/*.ron; do
  case "$scenario" in *.orders.ron) continue ;; esac
  orders="${scenario%.ron}.orders.ron"
  args=()
  [ -f "$orders" ] && args=(--orders "$orders")
  for seed in 0 1 42 20261121; do
    debug=$(target/debug/cimic run "$scenario" --seed "$seed" "${args[@]}" --json 2>&1)
    release=$(target/release/cimic run "$scenario" --seed "$seed" "${args[@]}" --json 2>&1)
    if [ "$debug" != "$release" ]; then
      echo "DIFFERENT: $scenario seed $seed"
      diff <(echo "$debug") <(echo "$release") | head -20
      status=1
    else
      echo "same: $scenario seed $seed ($(echo "$debug" | grep -c '^turn') turns, final hash $(echo "$debug" | tail -1 | sed -E 's/.*"state_hash":"([0-9a-f]+)".*/\1/' | head -c 16))"
    fi
  done
done
exit $status
