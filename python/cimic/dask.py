"""A design spread over a Dask cluster (docs/analysis.md, "Dask").

``run_design(client, rows, chunk=…)`` checks the whole design here first (a bad row fails before
anything is sent), sends the design once to every worker, then one task per chunk of rows: each
worker plays its chunk in-process with the native module (all its threads, Python's lock
released) and returns a DataFrame whose rows carry the whole design's row numbers and hash. The
gathered frames, sorted by row, are what ``cimic batch`` writes for the same design.
"""

from __future__ import annotations

import pandas as pd

from . import _cimic, records


def _chunk(rows: list[dict], which: list[int], threads: int) -> pd.DataFrame:
    """One task: the rows at ``which`` of the design, played on this worker."""
    games, _ = _cimic.batch(rows, threads=threads, series=False, which=which)
    return pd.DataFrame(games)


def run_design(client, rows, chunk: int = 16, threads: int = 0) -> pd.DataFrame:
    """Plays a design on the cluster behind ``client`` (a ``distributed.Client``).

    ``chunk`` rows make one task: choose it so a task runs at least ~100 ms (a cimic-first game
    of flood relief takes ~150 ms, a passive one ~20 ms); ``threads`` per task (0: the worker's
    cores). Scenario, orders and record paths must be readable on the workers (a shared
    filesystem, absolute paths).
    """
    rows = records(rows)
    if chunk < 1:
        raise ValueError("chunk: give at least one row per task")
    _cimic.check(rows)
    shared = client.scatter(rows, broadcast=True)
    chunks = [list(range(i, min(i + chunk, len(rows)))) for i in range(0, len(rows), chunk)]
    futures = [client.submit(_chunk, shared, which, threads, pure=False) for which in chunks]
    frames = client.gather(futures)
    if not frames:
        return pd.DataFrame(_cimic.batch(rows, which=[])[0])
    return pd.concat(frames, ignore_index=True).sort_values("row", kind="stable").reset_index(drop=True)
