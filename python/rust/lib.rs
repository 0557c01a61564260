//! `cimic._cimic`: the engine for Python. The Python package (`python/cimic/`) wraps these
//! functions in pandas. Everything goes through the library's batch plan
//! (`cimic_core::batch::Plan`), the same code as `cimic batch`: the same checks, the same
//! messages, the same games. The engine runs with Python's lock released, so other Python threads
//! (a Dask worker's) go on while games play.

use cimic_core::batch::design::{self, Design, DesignRow, Origin};
use cimic_core::batch::table::{Data, Table};
use cimic_core::batch::{BatchError, Plan, RowResult};
use cimic_core::scenario::overrides::Value;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// A batch error as Python's ValueError, with the command line's located message.
fn error(e: BatchError) -> PyErr {
    PyValueError::new_err(e.0.trim_end().to_string())
}

/// A Python value as a design cell: None and NaN are empty cells.
fn cell(v: &Bound<'_, PyAny>) -> PyResult<Option<Value>> {
    if v.is_none() {
        return Ok(None);
    }
    if let Ok(b) = v.extract::<bool>() {
        return Ok(Some(Value::Bool(b)));
    }
    if let Ok(i) = v.extract::<i64>() {
        return Ok(Some(Value::Number(i as f64)));
    }
    if let Ok(x) = v.extract::<f64>() {
        return Ok((!x.is_nan()).then_some(Value::Number(x)));
    }
    if let Ok(s) = v.extract::<String>() {
        return Ok(Some(Value::Text(s)));
    }
    Err(PyValueError::new_err(format!(
        "cannot use {} as a design value: give a number, text or a truth value",
        v.repr()?
    )))
}

/// A design from a list of dicts (column → value), as a CSV design's lines.
fn design(rows: &Bound<'_, PyList>) -> PyResult<Design> {
    let mut out: Vec<DesignRow> = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let dict = r.cast::<PyDict>().map_err(|_| {
            PyValueError::new_err(format!("rows[{i}]: each row is a dict of column → value"))
        })?;
        let mut cells = Vec::new();
        let mut seed = None;
        for (k, v) in dict.iter() {
            let key: String = k.extract()?;
            if key == "seed" {
                seed = v.extract::<u64>().ok();
            }
            cells.push((key, cell(&v)?));
        }
        let origin = Origin {
            path: format!("rows[{i}]"),
            ..Origin::default()
        };
        match design::row(&cells, origin) {
            Ok(mut row) => {
                if let Some(s) = seed {
                    row.seed = s;
                }
                out.push(row);
            }
            Err(p) => problems.extend(p),
        }
    }
    let d = Design::from_rows("rows", out);
    if problems.is_empty() {
        Ok(d)
    } else {
        Err(error(d.error(problems).into()))
    }
}

/// A table as a dict of column → list.
fn columns<'py>(py: Python<'py>, t: &Table) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for c in &t.columns {
        match &c.data {
            Data::Int(v) => d.set_item(&c.name, v)?,
            Data::Float(v) => d.set_item(&c.name, v)?,
            Data::Text(v) => d.set_item(&c.name, v)?,
        }
    }
    Ok(d)
}

/// Plays the rows at `which` (all rows when None) with `threads` threads (0: one per core),
/// the engine running without Python's lock. Returns (games, series) as dicts of columns.
fn play<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyList>,
    which: Option<Vec<usize>>,
    threads: usize,
    series: bool,
) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyDict>)> {
    let d = design(rows)?;
    let (tables, err) = py.detach(move || {
        let which = which.unwrap_or_else(|| (0..d.rows.len()).collect());
        let run = || -> Result<(Table, Table), BatchError> {
            let plan = Plan::new_for(d, &which)?;
            let results: Vec<RowResult> =
                cimic_core::batch::in_pool(threads, || plan.run(&which, series, &|| {}))??;
            Ok((
                Table::games(plan.design(), &results),
                Table::series(plan.design(), &results),
            ))
        };
        match run() {
            Ok(t) => (Some(t), None),
            Err(e) => (None, Some(e)),
        }
    });
    if let Some(e) = err {
        return Err(error(e));
    }
    let (games, series) = tables.expect("tables or an error");
    Ok((columns(py, &games)?, columns(py, &series)?))
}

/// `_cimic.batch(rows, threads=0, series=False, which=None)`: games of a design given as a list
/// of dicts; `which` limits the games to some row positions (a Dask chunk) while the results keep
/// the whole design's row numbers and hash.
#[pyfunction]
#[pyo3(signature = (rows, threads=0, series=false, which=None))]
fn batch<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyList>,
    threads: usize,
    series: bool,
    which: Option<Vec<usize>>,
) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyDict>)> {
    play(py, rows, which, threads, series)
}

/// `_cimic.check(rows)`: checks a whole design (files, overrides, policies) without playing it.
#[pyfunction]
fn check(py: Python<'_>, rows: &Bound<'_, PyList>) -> PyResult<usize> {
    let d = design(rows)?;
    let n = d.rows.len();
    py.detach(move || Plan::new(d).map(|_| n)).map_err(error)
}

/// `_cimic.load(path)`: a scenario file loaded and validated; a dict of what an analyst needs to
/// write overrides (ids of units, actors, groups and sites).
#[pyfunction]
fn load<'py>(py: Python<'py>, path: &str) -> PyResult<Bound<'py, PyDict>> {
    let s = cimic_core::load_file(std::path::Path::new(path)).map_err(|e| error(e.into()))?;
    let d = PyDict::new(py);
    d.set_item("path", path)?;
    d.set_item("id", &s.meta.id)?;
    d.set_item("title", &s.meta.title)?;
    d.set_item("turns", s.meta.turns)?;
    d.set_item(
        "units",
        s.units.iter().map(|u| u.id.clone()).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "actors",
        s.actors.iter().map(|a| a.id.clone()).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "population",
        s.population
            .iter()
            .map(|p| p.id.clone())
            .collect::<Vec<_>>(),
    )?;
    d.set_item(
        "infrastructure",
        s.infrastructure
            .iter()
            .map(|i| i.id.clone())
            .collect::<Vec<_>>(),
    )?;
    Ok(d)
}

/// The native module.
#[pymodule]
fn _cimic(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(batch, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    Ok(())
}
