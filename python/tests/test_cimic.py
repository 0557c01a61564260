"""The Python package against the engine and the command line (docs/analysis.md)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import cimic

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = str(ROOT / "scenarios" / "tutorial.ron")
FLOOD = str(ROOT / "scenarios" / "flood_relief.ron")


def flat(text):
    """A message as words: the renderer wraps long lines for a terminal (`│` continues a line)."""
    return " ".join(str(text).replace("│", " ").split())


def cli():
    """The `cimic` binary: CIMIC_BIN, else the release build under the target directory."""
    path = os.environ.get("CIMIC_BIN") or shutil.which("cimic")
    if not path:
        target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
        path = str(Path(target) / "release" / "cimic")
    if not Path(path).exists():
        pytest.skip("no cimic binary (set CIMIC_BIN)")
    return path


def design():
    rows = []
    for seed in (1, 2, 3):
        for policy in ("passive", "cimic-first"):
            rows.append({"scenario": TUTORIAL, "seed": seed, "policy": policy, "turns": 4,
                         "scoring.harm.casualties": 1.0 + seed, "units[0].strength": None if seed == 1 else 70})
    return rows


def test_load_lists_the_ids_overrides_use():
    s = cimic.load(FLOOD)
    assert s["id"] == "flood_relief" and s["turns"] == 16
    assert "icrc" in s["actors"] and "reeds_varna" in s["units"]


def test_run_gives_a_summary_and_a_series_and_overrides_change_the_game():
    a = cimic.run(TUTORIAL, 7, policy="cimic-first")
    assert a["summary"]["turns"] == len(a["series"]) - 1
    assert a["series"]["state_hash"].iloc[-1] == a["summary"]["state_hash"]
    b = cimic.run(cimic.load(TUTORIAL), 7, policy="cimic-first")
    assert b["summary"]["state_hash"] == a["summary"]["state_hash"]
    c = cimic.run(TUTORIAL, 7, policy="cimic-first", overrides={"units[0].strength": 40})
    assert c["summary"]["state_hash"] != a["summary"]["state_hash"]


def test_run_matches_the_command_line(tmp_path):
    out = subprocess.run([cli(), "run", TUTORIAL, "--seed", "3", "--policy", "kinetic", "--json"],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    last = json.loads(out.strip().splitlines()[-1])
    assert cimic.run(TUTORIAL, 3, policy="kinetic")["summary"]["state_hash"] == last["state_hash"]


def test_batch_is_the_same_whatever_the_threads_and_as_pyarrow():
    one = cimic.batch(design(), threads=1)
    two = cimic.batch(design(), threads=2)
    pd.testing.assert_frame_equal(one, two)
    assert list(one["row"]) == list(range(6))
    t = cimic.batch(design(), table="pyarrow")
    assert t.num_rows == 6 and t.column("state_hash").to_pylist() == list(one["state_hash"])


def test_a_bad_scenario_raises_the_located_message(tmp_path):
    bad = tmp_path / "bad.ron"
    bad.write_text(Path(TUTORIAL).read_text().replace("turns:", "turnz:", 1))
    with pytest.raises(ValueError, match=r"bad\.ron:\d+:\d+"):
        cimic.load(bad)
    with pytest.raises(ValueError) as e:
        cimic.run(bad, 1)
    assert "unknown field `turnz` in `Meta`" in flat(e.value)
    assert "did you mean `turns`?" in flat(e.value)


def test_a_bad_override_path_raises_the_same_message_as_the_cli(tmp_path):
    with pytest.raises(ValueError) as e:
        cimic.run(TUTORIAL, 1, policy="passive", overrides={"units[0].strenght": 50})
    assert "did you mean `strength`?" in str(e.value)
    d = tmp_path / "d.csv"
    d.write_text(f"scenario,seed,policy,units[0].strenght\n{TUTORIAL},1,passive,50\n")
    err = subprocess.run([cli(), "batch", str(d), "--out", str(tmp_path / "r.csv")],
                         capture_output=True, text=True).stderr
    # The same words (the CLI's text is wrapped for the terminal, hence the flattening).
    for words in ("override `units[0].strenght`", "has no field `strenght`", "did you mean `strength`?"):
        assert words in flat(e.value) and words in flat(err), words


def test_dask_local_cluster_matches_cimic_batch_row_for_row(tmp_path):
    distributed = pytest.importorskip("distributed")
    import cimic.dask

    rows = design()
    d = tmp_path / "design.csv"
    pd.DataFrame(rows).to_csv(d, index=False)
    out = tmp_path / "r.csv"
    subprocess.run([cli(), "batch", str(d), "--out", str(out)], check=True, cwd=ROOT, capture_output=True)
    expected = pd.read_csv(out)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            got = cimic.dask.run_design(client, rows, chunk=2, threads=1)
    assert list(got["state_hash"]) == list(expected["state_hash"])
    assert list(got["design"]) == list(expected["design"])
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_exact=True)


def test_cimic_batch_parquet_reads_in_pandas_and_pyarrow(tmp_path):
    import pyarrow.parquet as pq

    d = tmp_path / "design.csv"
    pd.DataFrame(design()).to_csv(d, index=False)
    out = tmp_path / "r.parquet"
    subprocess.run([cli(), "batch", str(d), "--out", str(out)], check=True, cwd=ROOT, capture_output=True)
    df = pd.read_parquet(out)
    assert str(df["seed"].dtype) == "uint64" and df["units[0].strength"].isna().sum() == 2
    assert list(df["state_hash"]) == list(cimic.batch(design())["state_hash"])
    assert pq.read_table(out).num_rows == 6
