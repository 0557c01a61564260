#!/usr/bin/env python3
"""Generate scenarios at the documented entity limits (docs/reliability.md, "Measured at the
limits"; docs/scenario-format.md#limits), to time a first turn of each with the release CLI.

    python3 scripts/limits.py OUT_DIR            # writes every configuration below
    python3 scripts/limits.py OUT_DIR --measure  # and validates and times each (needs the release
                                                 # binary: cargo build --release -p cimic
                                                 # --no-default-features)

Each configuration fills one list (or all at once) to N entries on a 500 x 500 map (250,000
hexes) cut into district strips. The record budget (256 MiB) bounds turns × entities, so the
configurations with 20,000 entities of a recorded kind play few turns.
"""

import os
import subprocess
import sys
import time

W = H = 500
SECTORS = ["Water", "Food", "Health", "Shelter", "Energy", "Security", "Communications"]
SITES = ["PowerPlant", "WaterPlant", "Hospital", "Clinic", "School", "Market",
         "Warehouse", "Telecom", "PoliceStation", "GovernmentOffice"]
UNITS = ["Infantry", "Mechanised", "Engineer", "Medical", "Logistics", "MilitaryPolice",
         "CimicTeam"]
ACTORS = ["Ngo", "UnAgency", "LocalAuthority", "LawEnforcement", "Contractor"]


def scenario(units=4, groups=None, sites=4, actors=2, districts=4, events=1, decisions=0,
             objectives=1, turns=3, roads=0, adversaries=0, compact=False):
    """The text of a scenario: `districts` strips tiling a 500 x 500 map, one population group
    per district unless `groups` says otherwise, and so many units, sites, actors, events,
    decisions and objectives spread over them."""
    groups = districts if groups is None else groups
    out = []
    a = out.append
    a("Scenario(\n format: 1,\n")
    a(f' meta: (id: "limits", title: "limits", turns: {turns}, turn_hours: 24, '
      f'start_date: "2026-01-01"),\n')
    # Districts: `districts` horizontal bands of whole rows then columns; every hex in one.
    a(f" map: (width: {W}, height: {H}, terrain: (fill: Rural), districts: [\n")
    cells = W * H
    per = cells // districts
    dhex = []  # a hex inside each district
    for i in range(districts):
        start = i * per
        end = cells - 1 if i == districts - 1 else (i + 1) * per - 1
        r0, c0 = divmod(start, W)
        r1, c1 = divmod(end, W)
        areas = []
        if r0 == r1:
            areas.append(((c0, r0), (c1, r1)))
        else:
            areas.append(((c0, r0), (W - 1, r0)))
            if r1 - r0 > 1:
                areas.append(((0, r0 + 1), (W - 1, r1 - 1)))
            areas.append(((0, r1), (c1, r1)))
        dhex.append((c0, r0))
        rects = ", ".join(f"Rect(min: ({x0}, {y0}), max: ({x1}, {y1}))"
                          for (x0, y0), (x1, y1) in areas)
        a(f'  (id: "d{i}", name: "D", areas: [{rects}]),\n')
    a(" ], roads: [\n")
    for i in range(roads):
        y = (i * 7) % H
        a(f'  (id: "r{i}", path: [' + ", ".join(f"({x}, {y})" for x in range(0, W, 1)) + "]),\n")
    a(" ]),\n")
    a(' sides: [(id: "blue", name: "Blue", role: Force), (id: "hn", name: "HN", role: HostNation),'
      ' (id: "red", name: "Red", role: Adversary)],\n')
    a(" units: [\n")
    for i in range(units):
        x, y = (i * 37) % W, (i * 53 // W + i * 11) % H
        kind = UNITS[i % len(UNITS)]
        side = "hn" if i % 10 == 9 else "blue"
        a(f'  (id: "u{i}", side: "{side}", kind: {kind}, position: ({x}, {y})),\n')
    for i in range(adversaries):
        x, y = (i * 41 + 3) % W, (i * 29 + 5) % H
        a(f'  (id: "a{i}", side: "red", kind: Irregular, position: ({x}, {y})),\n')
    a(" ],\n population: [\n")
    for i in range(groups):
        needs = ("" if compact else
                 ", needs: (water: 0.6, food: 0.7, health: 0.6, shelter: 0.8, energy: 0.6, "
                 "security: 0.6, communications: 0.6), attitudes: (consent: 0.5, legitimacy: 0.5)")
        a(f'  (id: "g{i}", district: "d{i % districts}", size: {1000 + i % 5000}{needs}),\n')
    a(" ],\n actors: [\n")
    for i in range(actors):
        ds = ", ".join(f'"d{(i + k) % districts}"' for k in range(min(3, districts)))
        a(f'  (id: "ac{i}", name: "A{i}", kind: {ACTORS[i % len(ACTORS)]}, '
          f'mandate: [{SECTORS[i % 7]}, {SECTORS[(i + 3) % 7]}], capacity: {500 + i % 3000}, '
          f'districts: [{ds}], trust: 0.5, stance: Coordination),\n')
    a(" ],\n infrastructure: [\n")
    for i in range(sites):
        d = i % districts
        x, y = dhex[d]
        x = (x + i // districts) % W
        kind = SITES[i % len(SITES)]
        serves = "" if kind == "Bridge" else f', capacity: 5000, serves: ["d{d}"]'
        dep = f', depends_on: ["s{i - 1}"]' if i % 3 == 1 and kind != "Bridge" else ""
        a(f'  (id: "s{i}", kind: {kind}, hex: ({x}, {y}), condition: 0.{5 + i % 5}{serves}{dep}),\n')
    a(" ],\n events: [\n")
    for i in range(events):
        if i < decisions:
            eff = f'Decision("q{i}")'
        elif sites:
            eff = f'Damage(target: "s{i % sites}", amount: 0.1)'
        else:
            eff = f'Message("event {i}")'
        trig = ("AtTurn(1)" if i % 2 == 0 else
                f'When(NeedBelow(district: "d{i % districts}", sector: Water, value: 0.7))')
        a(f'  (id: "e{i}", title: "E{i}", trigger: {trig}, effects: [{eff}]),\n')
    a(" ],\n objectives: [\n")
    for i in range(objectives):
        cond = (f'InfraAtLeast(infra: "s{i % sites}", value: 0.5)' if sites else "TurnAtLeast(2)")
        a(f'  (id: "o{i}", title: "O{i}", deadline: {turns}, condition: {cond}),\n')
    a(" ],\n decisions: [\n")
    for i in range(decisions):
        a(f'  (id: "q{i}", title: "Q{i}", options: [(id: "yes", label: "Yes", '
          f'effects: [Message("{"y" if compact else f"yes {i}"}")]), (id: "no", label: "No", effects: [])], '
          f'default: "no"),\n')
    a(" ],\n)\n")
    text = "".join(out)
    return text.replace("\n  (", "\n(") if compact else text


N = 20_000
CONFIGS = {
    # name: keyword arguments of scenario()
    "units": dict(units=N, turns=10),
    "groups": dict(groups=N, turns=10),
    "districts": dict(districts=N, turns=10),
    "sites": dict(sites=N, turns=10),
    "actors": dict(actors=N, turns=10),
    "events": dict(events=N, turns=10),
    "decisions": dict(events=N, decisions=N, turns=10),
    "objectives": dict(objectives=N, turns=10),
    "adversaries": dict(units=0, adversaries=N, turns=10),
    "roads": dict(roads=N // 10, turns=10),
    "turns": dict(turns=1000),
    "all": dict(units=N, districts=N, sites=N, actors=N, events=N, decisions=N,
                objectives=N, turns=3, compact=True),
}


def measure(path, cimic, turns, policy="passive"):
    """Validate `path`, then play `turns` turns with `policy` under /usr/bin/time -v."""
    v = subprocess.run([cimic, "validate", path], capture_output=True, text=True)
    if v.returncode != 0:
        return f"refused: {v.stdout.strip()[:300]} {v.stderr.strip()[:600]}"
    t0 = time.time()
    r = subprocess.run(["/usr/bin/time", "-v", "timeout", "300", cimic, "run", path, "--seed", "1", "--policy",
                        policy, "--turns", str(turns)], capture_output=True, text=True)
    wall = time.time() - t0
    rss = next((l.split(":")[1].strip() for l in r.stderr.splitlines()
                if "Maximum resident" in l), "?")
    lines = [l for l in r.stdout.splitlines() if l.startswith("turn")]
    return (f"exit {r.returncode}, {turns} turn(s) in {wall:.1f} s, peak {int(rss) // 1024} MiB"
            + ("" if r.returncode == 0 else f" {r.stderr[-400:]}")
            + (f"\n    {lines[-1][:40]}" if lines else ""))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    only = [a for a in sys.argv[2:] if not a.startswith("--")]
    policies = [a[len("--policy="):] for a in sys.argv[2:] if a.startswith("--policy=")]
    cimic = os.environ.get("CIMIC", "/work/tgt-h15/release/cimic")
    for name, kw in CONFIGS.items():
        if only and name not in only:
            continue
        path = os.path.join(out, f"{name}.ron")
        with open(path, "w") as f:
            f.write(scenario(**kw))
        size = os.path.getsize(path)
        print(f"{name}: {path} ({size / 1e6:.1f} MB)", flush=True)
        if "--measure" in sys.argv:
            for policy in policies or ["passive"]:
                for turns in (1, 3):
                    print(f"  {policy} {measure(path, cimic, turns, policy)}", flush=True)


if __name__ == "__main__":
    main()
