#!/usr/bin/env bash
# Takes the README's screenshots under a virtual X server with software Vulkan (llvmpipe):
#   docs/screenshots/tutorial.png     the projector window on the tutorial, two turns in
#   docs/screenshots/facilitator.png  the facilitator console
#   docs/screenshots/aar.png          after-action review of a whole tutorial game
#   docs/screenshots/{flood,stress}-{1920x1080,1280x720}.png
#                                     the projector at real scale (issue 18): the flood exercise
#                                     two turns in, and the stress scenario (tests/fixtures/stress.ron)
# Needs: xvfb (xvfb-run) and mesa-vulkan-drivers. Usage: scripts/screenshots.sh [cimic binary]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${1:-}" ]; then
  BIN=$1
else
  cargo build --quiet   # the GUI build (debug-vs-release.sh may have left a headless binary)
  BIN="${CARGO_TARGET_DIR:-target}/debug/cimic"
fi
OUT=docs/screenshots
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export WGPU_BACKEND=vulkan
XVFB=(xvfb-run -a -s "-screen 0 1920x1080x24")

# A game two turns in (the tutorial's own line of play), resumed in the GUI.
"$BIN" run scenarios/tutorial.ron --seed 7 --orders scenarios/tutorial.orders.ron --turns 2 --journal "$TMP/two.journal" >/dev/null
cp "$TMP/two.journal" "$TMP/shot.journal"
"${XVFB[@]}" "$BIN" play --resume "$TMP/shot.journal" --window 1600x900 --screenshot "$OUT/tutorial.png"
cp "$TMP/two.journal" "$TMP/shot2.journal"
"${XVFB[@]}" "$BIN" play --resume "$TMP/shot2.journal" --screenshot "$OUT/facilitator.png" --screenshot-facilitator

# A whole game, reviewed.
"$BIN" run scenarios/tutorial.ron --seed 7 --orders scenarios/tutorial.orders.ron --record "$TMP/game.record" >/dev/null
"${XVFB[@]}" "$BIN" play --replay "$TMP/game.record" --window 1600x900 --screenshot "$OUT/aar.png"

# The projector at real scale, at two projector resolutions (the window takes the size asked for;
# frame times are printed on stderr).
"$BIN" run scenarios/flood_relief.ron --seed 3 --orders scenarios/flood_relief.orders.ron --turns 2 --journal "$TMP/flood.journal" >/dev/null
for size in 1920x1080 1280x720; do
  cp "$TMP/flood.journal" "$TMP/flood-$size.journal"
  "${XVFB[@]}" "$BIN" play --resume "$TMP/flood-$size.journal" --window "$size" --screenshot "$OUT/flood-$size.png"
  "${XVFB[@]}" "$BIN" play tests/fixtures/stress.ron --seed 1 --window "$size" --screenshot "$OUT/stress-$size.png"
done
ls -l "$OUT"
