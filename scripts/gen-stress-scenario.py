#!/usr/bin/env python3
"""Writes tests/fixtures/stress.ron: a scenario at the scale of a large exercise (60x40 hexes,
12 districts, 150 units, 200 sites, 40 actors) to check that the projector stays readable and
fast on real sizes (issue 18). Deterministic (fixed seed): rerun to regenerate the same file.
Units and sites cluster in towns, as in real exercises, so that hexes hold several of them."""
import random
import sys

W, H = 60, 40
rng = random.Random(18)
NAMES = ["Arden", "Belcroft", "Corvin", "Dunmere", "Eskar", "Falkirk Vale", "Garrow",
         "Halden", "Istra", "Jorvik Heights", "Kessel", "Lorne Marshes"]
COLS = [(0, 14), (15, 29), (30, 44), (45, 59)]
ROWS = [(0, 12), (13, 25), (26, 39)]
districts = []
for j, (r0, r1) in enumerate(ROWS):
    for i, (c0, c1) in enumerate(COLS):
        k = len(districts)
        districts.append(dict(id=NAMES[k].split()[0].lower(), name=NAMES[k], c=(c0, c1), r=(r0, r1)))

def river_col(r):
    return 29 + ((r // 7) % 2)

river = [(river_col(r), r) for r in range(H)]
river_set = set(river)
terrain = [["." for _ in range(W)] for _ in range(H)]
towns = []
for d in districts:
    (c0, c1), (r0, r1) = d["c"], d["r"]
    cx, cy = rng.randint(c0 + 3, c1 - 3), rng.randint(r0 + 3, r1 - 3)
    while (cx, cy) in river_set or abs(cx - river_col(cy)) < 3:
        cx = rng.randint(c0 + 3, c1 - 3)
    towns.append((cx, cy))
    d["town"] = (cx, cy)
    for _ in range(2):
        fx, fy = rng.randint(c0, c1), rng.randint(r0, r1)
        kind = rng.choice("FHFS")
        for dx in range(-2, 3):
            for dy in range(-1, 2):
                x, y = fx + dx, fy + dy
                if c0 <= x <= c1 and r0 <= y <= r1:
                    terrain[y][x] = kind
    for dx in range(-2, 3):
        for dy in range(-1, 2):
            x, y = cx + dx, cy + dy
            if 0 <= x < W and 0 <= y < H:
                terrain[y][x] = "U"
for (c, r) in river:
    terrain[r][c] = "W"

def land(x, y):
    return 0 <= x < W and 0 <= y < H and (x, y) not in river_set

def near(x, y, spread):
    for _ in range(100):
        p = (x + rng.randint(-spread, spread), y + rng.randint(-spread, spread))
        if land(*p):
            return p
    raise SystemExit("no land near %d,%d" % (x, y))

out = []
w = out.append
w("// Stress scenario (issue 18): the size of a large exercise, to check the projector's")
w("// readability and frame time. Written by scripts/gen-stress-scenario.py; do not edit by hand.")
w("Scenario(")
w("    format: 1,")
w("    meta: (id: \"stress\", title: \"Stress test: a large exercise\",")
w("        briefing: \"A generated exercise at full scale: 12 districts, 150 units, 200 sites, 40 actors.\",")
w("        turn_hours: 24, turns: 4, start_date: \"2026-10-12\"),")
w("    map: (")
w("        width: %d, height: %d," % (W, H))
w("        terrain: (fill: Rural, rows: [")
for r in range(H):
    w("            \"%s\"," % "".join(terrain[r]))
w("        ]),")
w("        districts: [")
for d in districts:
    (c0, c1), (r0, r1) = d["c"], d["r"]
    w("            (id: \"%s\", name: \"%s\", areas: [Rect(min: (%d, %d), max: (%d, %d))])," % (d["id"], d["name"], c0, r0, c1, r1))
w("        ],")
w("        roads: [")
road_rows = sorted({t[1] for t in towns[0:4]} | {towns[5][1], towns[9][1]})
bridges = []
for k, row in enumerate(road_rows):
    w("            (id: \"ew%d\", path: [%s])," % (k, ", ".join("(%d, %d)" % (c, row) for c in range(2, W - 2))))
    bridges.append((river_col(row), row))
for k, (cx, _) in enumerate([towns[0], towns[2], towns[7]]):
    w("            (id: \"ns%d\", path: [%s])," % (k, ", ".join("(%d, %d)" % (cx, r) for r in range(1, H - 1))))
w("        ],")
w("        rivers: [(id: \"great\", name: \"Great River\", hexes: [%s])]," % ", ".join("(%d, %d)" % p for p in river))
w("    ),")
w("    sides: [")
w("        (id: \"force\", name: \"Joint Task Force\", role: Force),")
w("        (id: \"hn\", name: \"Host-nation forces\", role: HostNation),")
w("        (id: \"red\", name: \"Armed gangs\", role: Adversary),")
w("        (id: \"intl\", name: \"International rescue teams\", role: Other),")
w("    ],")
w("    units: [")
KINDS = ["Infantry", "Mechanised", "Engineer", "Medical", "Logistics", "MilitaryPolice", "CimicTeam", "InfoOps", "Aviation"]
plan = [("force", 90, KINDS), ("hn", 25, ["Infantry", "Engineer", "Logistics", "MilitaryPolice"]),
        ("red", 25, ["Irregular"]), ("intl", 10, ["Logistics", "Medical"])]
n = 0
for side, count, kinds in plan:
    for k in range(count):
        n += 1
        kind = kinds[k % len(kinds)]
        tx, ty = towns[rng.randrange(len(towns))]
        x, y = near(tx, ty, 4 if side != "red" else 7)
        strength = "" if rng.random() < 0.7 else ", strength: %.1f" % rng.uniform(30, 95)
        w("        (id: \"%s%d\", name: \"%s unit %d\", side: \"%s\", kind: %s, position: (%d, %d)%s)," % (side, n, kind, n, side, kind, x, y, strength))
w("    ],")
w("    population: [")
for d in districts:
    for g in range(2):
        w("        (id: \"%s_%d\", district: \"%s\", size: %d, vulnerable_share: 0.3, community: \"%s\"," % (d["id"], g, d["id"], rng.randint(3000, 40000), ["Ostran", "Ruvan"][g]))
        w("         attitudes: (consent: %.2f, legitimacy: %.2f, grievance: %.2f))," % (rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7), rng.uniform(0.05, 0.4)))
w("    ],")
w("    actors: [")
AK = [("Ngo", True), ("UnAgency", True), ("Icrc", True), ("InternationalOrganisation", False), ("HostNationMinistry", False),
      ("LocalAuthority", False), ("LocalLeader", False), ("LawEnforcement", False), ("Contractor", False)]
SECTORS = ["Water", "Food", "Health", "Shelter", "Energy", "Security", "Communications"]
for a in range(40):
    kind, hum = AK[a % len(AK)]
    ds = rng.sample([d["id"] for d in districts], rng.randint(1, 4))
    mandate = rng.sample(SECTORS, rng.randint(1, 3))
    w("        (id: \"actor%d\", name: \"%s %d\", kind: %s, mandate: [%s], capacity: %d," % (a + 1, kind, a + 1, kind, ", ".join(mandate), rng.randint(1000, 20000)))
    w("         districts: [%s], humanitarian: %s, trust: %.2f)," % (", ".join('"%s"' % x for x in ds), "true" if hum else "false", rng.uniform(0.2, 0.8)))
w("    ],")
w("    infrastructure: [")
SK = ["PowerPlant", "WaterPlant", "Hospital", "Clinic", "School", "Port", "Market", "Warehouse", "Telecom",
      "GovernmentOffice", "PoliceStation", "IdpCamp", "CulturalSite", "ReligiousSite"]
SERVING = {"PowerPlant", "WaterPlant", "Hospital", "Clinic", "School", "Port", "Market", "Warehouse", "Telecom", "PoliceStation", "IdpCamp"}
count = 0
for k, (x, y) in enumerate(bridges):
    count += 1
    w("        (id: \"bridge%d\", name: \"Bridge %d\", kind: Bridge, hex: (%d, %d), condition: %.2f)," % (k + 1, k + 1, x, y, rng.uniform(0.2, 1.0)))
while count < 200:
    d = districts[count % len(districts)]
    kind = SK[(count // len(districts) + count) % len(SK)]
    tx, ty = d["town"]
    x, y = near(tx, ty, 3)
    count += 1
    extra = ""
    if kind in SERVING:
        extra = ", capacity: %d, serves: [\"%s\"]" % (rng.randint(2000, 40000), d["id"])
    w("        (id: \"site%d\", name: \"%s %d\", kind: %s, hex: (%d, %d), condition: %.2f%s)," % (count, kind, count, kind, x, y, rng.uniform(0.1, 1.0), extra))
w("    ],")
w(")")
open(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/stress.ron", "w").write("\n".join(out) + "\n")
