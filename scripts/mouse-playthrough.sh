#!/usr/bin/env bash
# Plays the whole tutorial in the GUI with the mouse alone — select a unit, click an order, click
# its target on the map or in the list, click End Turn — under a virtual X server, driven by
# xdotool. Then checks that the GUI's journal replays hash for hash and ends on the same state as
# `cimic run` with the tutorial's orders file (scenarios/tutorial.orders.ron): so every click went
# through the same order path as the CLI.
#
# Needs: Xvfb, xdotool, mesa-vulkan-drivers (software Vulkan). Usage:
#   scripts/mouse-playthrough.sh [cimic binary] [folder for a screenshot after each turn]
# The clicks are at fixed window positions: the window is 1600×900 (`--window`) at (0, 0) (no window manager),
# the UI scale is the default 1.25 and the map is fitted on start. A layout change in the GUI
# (panel widths, button order) must be mirrored here; a wrong click shows as a hash mismatch or a
# timeout waiting for a turn, with the screenshots to see why.
set -euo pipefail
# The virtual X server: xvfb-run -a picks a free display, waits until the server answers and stops
# it on exit (the same wrapper scripts/screenshots.sh uses). `-noreset`: by default an X server
# resets when its last client disconnects, and a client connecting during the reset fails — the
# GUI, started right after xdotool's check disconnected, failed on CI with XOpenDisplayFailed.
if [ -z "${CIMIC_UNDER_XVFB:-}" ]; then
  export CIMIC_UNDER_XVFB=1
  exec xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp -noreset" bash "$0" "$@"
fi
cd "$(dirname "$0")/.."
ROOT=$PWD
if [ -n "${1:-}" ]; then
  BIN=$(realpath "$1")
else
  cargo build --quiet
  BIN=$(realpath "${CARGO_TARGET_DIR:-target}/debug/cimic")
fi
SHOTS=${2:-}
[ -n "$SHOTS" ] && mkdir -p "$SHOTS" && SHOTS=$(realpath "$SHOTS")
SEED=1
TMP=$(mktemp -d)
export WGPU_BACKEND=vulkan
GUI_PID=
cleanup() {
  [ -n "$GUI_PID" ] && kill "$GUI_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
xdotool getdisplaygeometry >/dev/null || { echo "mouse play-through: no X server on $DISPLAY" >&2; exit 1; }

fail() {
  echo "mouse play-through: $*" >&2
  # The panic message, if any, then the end of the log.
  grep -m1 -A2 "panicked" "$TMP/gui.log" >&2 || true
  tail -20 "$TMP/gui.log" >&2 || true
  exit 1
}
shot() { [ -z "$SHOTS" ] || import -window root -crop 1600x900+0+0 "$SHOTS/$1.png" 2>/dev/null || true; }

# Starts the GUI and waits up to a minute for its window; says why when it does not come.
# The GUI autosaves to journals/ in its working folder.
start_gui() {
  (cd "$TMP" && exec "$BIN" play "$ROOT/scenarios/tutorial.ron" --seed "$SEED" --no-facilitator --window 1600x900 \
    >"$TMP/gui.log" 2>&1) &
  GUI_PID=$!
  for _ in $(seq 120); do
    xdotool search --class "^cimic$" >/dev/null 2>&1 && return 0
    kill -0 "$GUI_PID" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}
JOURNAL="$TMP/journals/tutorial-$SEED-1.journal"
if ! start_gui; then
  # One more try: a window system under load can refuse the first connection.
  echo "mouse play-through: no window on the first try; trying again" >&2
  grep -m1 -A2 "panicked" "$TMP/gui.log" >&2 || true
  kill "$GUI_PID" 2>/dev/null || true
  rm -rf "$TMP/journals"
  start_gui || fail "the GUI did not open its window (twice)"
fi
sleep 15 # the first frames: shaders, fonts, meshes and the fit of the map

# One left click at window pixel (x, y), then time for a frame or two.
click() {
  xdotool mousemove "$1" "$2"
  sleep 0.4
  # Press and release a frame apart, as a hand does (software rendering runs ~10 frames a second).
  xdotool mousedown 1
  sleep 0.15
  xdotool mouseup 1
  sleep 1.2
}
# Centre of hex (col, row) on the fitted map: rows 62.6 px apart, columns 72.3 px, even rows half
# a column to the left (the scenario's offset coordinates).
hex() {
  local c=$1 r=$2
  local x y
  x=$(awk -v c="$c" -v r="$r" 'BEGIN { printf "%d", 744.4 + (c - 4) * 72.33 - (r % 2 == 0 ? 36.17 : 0) }')
  y=$(awk -v r="$r" 'BEGIN { printf "%d", 434.7 + (r - 3) * 62.64 }')
  click "$x" "$y"
}
# Buttons in the order panel (fixed width), for a unit with no order staged: the order buttons
# start at y 191, a row every 27 px; a list of actors follows the order's description.
MOVE=(38 191) REPAIR=(102 191) ASSESS=(107 191) PATROL=(180 191) LIAISE=(178 191)
SUPPORT_AUTHORITY=(88 246)       # the CIMIC team's third row of orders
LIAISE_NGO=(165 480)             # "Liaise Clean Water Relief", second in Aldbrook's list
SUPPORT_MAYOR=(170 462)          # "Support authority Mayor of Aldbrook", first in the list
END_TURN=(1514 24)
turns_recorded() {
  "$BIN" replay "$JOURNAL" 2>/dev/null | sed -nE 's/.* ([0-9]+) turns recorded.*/\1/p'
}
end_turn() {
  local want=$1
  click "${END_TURN[@]}"
  for _ in $(seq 180); do
    [ "$(turns_recorded)" = "$want" ] && { shot "turn-$want"; return 0; }
    kill -0 "$GUI_PID" 2>/dev/null || fail "the GUI exited during turn $want"
    sleep 0.5
  done
  shot "turn-$want-timeout"
  fail "turn $want was not played within 90 s (a click missed?)"
}

# The tutorial's line of play (scenarios/tutorial.orders.ron), click by click. The clinic decision
# is left to its default, as the orders file does.
hex 3 3; click "${MOVE[@]}"; hex 4 3                 # eng1 moves up the road
hex 2 4; click "${MOVE[@]}"; hex 4 4                 # cimic1 moves toward the river
hex 1 3; click "${PATROL[@]}"; hex 2 5               # inf1 patrols westfield (any of its hexes)
hex 1 4; click "${ASSESS[@]}"; hex 2 5               # med1 assesses westfield
shot turn-1-orders
end_turn 1
hex 4 3; click "${REPAIR[@]}"; hex 5 3               # eng1 repairs the bridge
end_turn 2
hex 4 4; click "${MOVE[@]}"; hex 6 4                 # cimic1 crosses into Aldbrook
end_turn 3
hex 4 3; click "${MOVE[@]}"; hex 3 2                 # eng1 heads for the power plant
hex 6 4; click "${ASSESS[@]}"; hex 8 6               # cimic1 assesses aldbrook
end_turn 4
hex 3 2; click "${REPAIR[@]}"; hex 2 2               # eng1 repairs westfield_power
hex 6 4; click "${LIAISE[@]}"; click "${LIAISE_NGO[@]}"  # cimic1 liaises with the NGO
end_turn 5
hex 6 4; click "${SUPPORT_AUTHORITY[@]}"; click "${SUPPORT_MAYOR[@]}"
end_turn 6
end_turn 7
hex 3 2; click "${MOVE[@]}"; hex 6 3                 # eng1 back to Aldbrook
end_turn 8

gui=$("$BIN" replay "$JOURNAL" | sed -nE 's/.*\(final ([0-9a-f]+)\).*/\1/p')
cli=$("$BIN" run scenarios/tutorial.ron --seed "$SEED" --orders scenarios/tutorial.orders.ron --json |
  tail -1 | sed -E 's/.*"state_hash":"([0-9a-f]+)".*/\1/')
echo "GUI journal, played with the mouse: final state $gui"
echo "cimic run with the orders file:     final state $cli"
[ -n "$gui" ] && [ "$gui" = "$cli" ] || fail "the GUI game ended on $gui, the CLI game on $cli"
echo "mouse play-through: the tutorial was played start to finish with clicks alone, same hashes as the CLI"
