"""A worked analysis of flood relief (docs/analysis.md): which scenario parameters decide the
scores under the cimic-first policy (Sobol indices, SALib), and is one line of play better than
another by skill or by luck (two recorded lines replayed under many seeds).

    python examples/python/sensitivity.py --out analysis/        # a few minutes on a laptop
    CIMIC_REDUCED=1 python examples/python/sensitivity.py ...    # the small version CI runs

Writes sobol.csv, luck.csv, a short table on stdout and analysis.png (two panels).
Needs the `cimic` package (scripts/python-tests.sh builds it), SALib, matplotlib and the `cimic`
binary (CIMIC_BIN, or the release build) to record the two lines.
"""

import argparse
import os
import shutil
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from SALib.analyze import sobol  # noqa: E402
from SALib.sample import sobol as sobol_sample  # noqa: E402

import cimic  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FLOOD = str(ROOT / "scenarios" / "flood_relief.ron")
SCORES = ["effectiveness", "efficiency", "civil_harm"]
# Five parameters of the flood scenario, each around its value in the file.
PROBLEM = {
    "num_vars": 5,
    "names": [
        "actors.world_food.capacity",
        "actors.icrc.capacity",
        "units.reeds_varna.strength",
        "unrest.active_threshold",
        "population.varna_riverside.vulnerable_share",
    ],
    "bounds": [[7000, 22000], [4000, 12000], [10, 80], [0.1, 0.35], [0.3, 0.7]],
}
WHOLE = {"actors.world_food.capacity", "actors.icrc.capacity"}


def binary():
    path = os.environ.get("CIMIC_BIN") or shutil.which("cimic")
    if path:
        return path
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    return str(Path(target) / "release" / "cimic")


def sensitivity(n: int, turns: int | None) -> pd.DataFrame:
    """Sobol first-order and total indices of each score to each parameter."""
    x = sobol_sample.sample(PROBLEM, n, calc_second_order=False, seed=1)
    rows = []
    for point in x:
        row = {"scenario": FLOOD, "seed": 1, "policy": "cimic-first", "turns": turns}
        for name, value in zip(PROBLEM["names"], point):
            row[name] = int(value) if name in WHOLE else float(value)
        rows.append(row)
    games = cimic.batch(rows)
    out = []
    for score in SCORES:
        s = sobol.analyze(PROBLEM, games[score].to_numpy(), calc_second_order=False, seed=1)
        for i, name in enumerate(PROBLEM["names"]):
            out.append({"score": score, "parameter": name, "S1": s["S1"][i], "ST": s["ST"][i]})
    return pd.DataFrame(out)


def luck(seeds: int, turns: int | None, out: Path) -> pd.DataFrame:
    """Two recorded lines (the planned orders, and the kinetic policy) replayed under seeds."""
    lines = {"planned orders": ["--orders", str(ROOT / "scenarios" / "flood_relief.orders.ron")],
             "kinetic policy": ["--policy", "kinetic"]}
    rows = []
    for name, args in lines.items():
        record = out / (name.replace(" ", "_") + ".record")
        cmd = [binary(), "run", FLOOD, "--seed", "1", *args, "--record", str(record), "--force"]
        if turns:
            cmd += ["--turns", str(turns)]
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        rows += [{"record": str(record), "seed": s, "line": name} for s in range(2, 2 + seeds)]
    design = pd.DataFrame(rows)
    games = cimic.batch(design.drop(columns="line"))
    games["line"] = design["line"].to_numpy()
    return games


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="analysis", help="folder for the table and the plot")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    reduced = os.environ.get("CIMIC_REDUCED") == "1"
    n, seeds, turns = (8, 6, 6) if reduced else (128, 100, None)
    indices = sensitivity(n, turns)
    indices.to_csv(out / "sobol.csv", index=False)
    games = luck(seeds, turns, out)
    games.to_csv(out / "luck.csv", index=False)
    table = games.groupby("line")[SCORES].agg(["mean", "std"]).round(2)
    a, b = (games[games["line"] == k].reset_index() for k in ("planned orders", "kinetic policy"))
    better = (a["effectiveness"] > b["effectiveness"]).mean()
    print("Sobol total indices (ST) of each score:")
    print(indices.pivot(index="parameter", columns="score", values="ST").round(3).to_string())
    print("\nSkill or luck, each line under", seeds, "other seeds:")
    print(table.to_string())
    print(f"\nthe planned orders beat the kinetic policy on effectiveness under {100 * better:.0f} % of the seeds")
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
    st = indices.pivot(index="parameter", columns="score", values="ST")[SCORES]
    st.plot.barh(ax=left)
    left.set_title("Sobol total index of each score (cimic-first)")
    left.set_xlabel("share of the score's variance")
    right.boxplot([a["effectiveness"], b["effectiveness"]], tick_labels=["planned orders", "kinetic policy"])
    right.set_title(f"Effectiveness under {seeds} other seeds: skill or luck?")
    fig.tight_layout()
    fig.savefig(out / "analysis.png", dpi=100)
    assert np.isfinite(indices[["S1", "ST"]].to_numpy()).all()


if __name__ == "__main__":
    main()
