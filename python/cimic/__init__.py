"""The CIMIC wargame engine from Python (docs/analysis.md).

``load`` reads a scenario, ``run`` plays one game, ``batch`` plays an experiment design (a list of
dicts or a pandas DataFrame, one row per game, the columns of a CSV design); ``cimic.dask`` spreads
a design over a Dask cluster. Games run in Rust with Python's lock released; the results are the
same, row for row and hash for hash, as ``cimic batch`` on the same design. Bad input raises
``ValueError`` with the command line's located message.
"""

from __future__ import annotations

import os

import pandas as pd

from . import _cimic

__all__ = ["load", "run", "batch", "check", "records"]


def records(rows) -> list[dict]:
    """A design as a list of dicts: from a DataFrame (one row per game), a list, or one dict."""
    if isinstance(rows, pd.DataFrame):
        return [
            {k: (None if (isinstance(v, float) and v != v) else v) for k, v in r.items()}
            for r in rows.to_dict("records")
        ]
    if isinstance(rows, dict):
        return [rows]
    return list(rows)


def load(path: str | os.PathLike) -> dict:
    """A scenario file, loaded and validated: its id, title, turns and the ids overrides use."""
    return _cimic.load(os.fspath(path))


def check(rows) -> int:
    """Checks a design (files, overrides, policies, turns) without playing it; the row count."""
    return _cimic.check(records(rows))


def batch(rows, threads: int = 0, series: bool = False, table: str = "pandas"):
    """Plays every row of a design in parallel (``threads``: 0 is one per core).

    Returns the results, one row per game (columns as ``cimic batch``, docs/analysis.md), as a
    pandas DataFrame or, with ``table="pyarrow"``, a pyarrow Table; with ``series=True`` a pair
    (games, per-turn series).
    """
    games, turns = _cimic.batch(records(rows), threads=threads, series=series)
    if table == "pyarrow":
        import pyarrow as pa

        games, turns = pa.table(games), pa.table(turns)
    elif table == "pandas":
        games, turns = pd.DataFrame(games), pd.DataFrame(turns)
    else:
        raise ValueError(f'table="{table}": give "pandas" or "pyarrow"')
    return (games, turns) if series else games


def run(
    scenario,
    seed: int,
    policy: str | None = None,
    orders: str | os.PathLike | None = None,
    record: str | os.PathLike | None = None,
    overrides: dict | None = None,
    turns: int | None = None,
) -> dict:
    """Plays one game: ``{"summary": dict, "series": DataFrame}``.

    ``scenario`` is a path or what ``load`` returned; the decisions come from a built-in
    ``policy``, an ``orders`` file or a ``record``'s inputs (none: every unit holds);
    ``overrides`` maps paths such as ``"actors.icrc.capacity"`` to values.
    """
    if isinstance(scenario, dict):
        scenario = scenario["path"]
    row = {"scenario": os.fspath(scenario) if scenario is not None else None, "seed": seed}
    for key, value in (("policy", policy), ("orders", orders), ("record", record), ("turns", turns)):
        if value is not None:
            row[key] = os.fspath(value) if isinstance(value, os.PathLike) else value
    for path, value in (overrides or {}).items():
        if path in row:
            raise ValueError(f"override `{path}`: a column of its own, not an override")
        row[path] = value
    games, turns_ = batch([row], threads=1, series=True)
    return {"summary": games.iloc[0].to_dict(), "series": turns_}
