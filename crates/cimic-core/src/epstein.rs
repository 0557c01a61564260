//! Epstein's civil-violence model (Epstein 2002, "Modeling civil violence: an agent-based
//! computational approach", PNAS 99 suppl. 3), reimplemented so that it behaves like the public
//! reference implementation, Mesa 3.3.1's `examples/advanced/epstein_civil_violence`.
//!
//! docs/rules.md makes this the civil-unrest rule (§14, rule family 7). Because a published model with a
//! public implementation exists, this module is kept *pure* (no Bevy, no engine types) so that it
//! can be checked statistically against Mesa (`scripts/epstein_compare.py`,
//! `tests/epstein_reference.rs`, `docs/epstein-comparison.md`) and benchmarked on its own
//! (`examples/epstein_pure.rs`). The engine will later run one [`EpsteinWorld`] per district.
//!
//! # The rule, as Mesa 3.3.1 implements it
//!
//! - The space is a `width × height` **torus** with **Von Neumann** (4-neighbour) connections and
//!   room for **one agent per cell**. An agent's vision of radius `v` is every other cell within
//!   torus Manhattan distance `v` (112 cells for `v = 7`), the agent's own cell excluded.
//! - Set-up visits the cells in Mesa's order (`x` outer, `y` inner) and draws one uniform `u` per
//!   cell: a citizen if `u < citizen_density`, a cop if `u < citizen_density + cop_density`, else
//!   empty. A new citizen then draws hardship `H` and risk aversion `R`, both U(0, 1), in that order.
//! - Each step activates **every agent once, in a fresh uniformly random order** over citizens and
//!   cops together (Mesa's `shuffle_do`). Updates are asynchronous: an agent sees the states and
//!   positions that the agents before it in this step have already left.
//! - A **citizen** with a jail term > 0 lowers it by one and does nothing else. Otherwise it counts
//!   the cops `C` and the *active* citizens in its vision, plus itself: `A = 1 + actives`. Its
//!   estimated arrest probability is `P = 1 − exp(−k · round(C / A))`, where `round` rounds halves to
//!   even, as Python's does (the rounding is not in the paper; Mesa adds it). It turns active if
//!   `H · (1 − L) − R · P > threshold`, quiet otherwise, and then moves.
//! - A **cop** collects the active citizens in its vision; if there is one, it picks one uniformly,
//!   gives it a jail term uniform in `0..=max_jail_term` and marks it jailed. Then it moves.
//! - **Moving** (if `movement` is on) goes to a uniformly chosen empty cell of the vision, if any.
//! - **Jailed citizens stay on their cell.** Unlike the paper (where jailed agents leave the grid),
//!   Mesa 3.3.1 never removes them: they keep occupying the cell, block movement into it and still
//!   stand in other agents' vision (they are neither cops nor active, so they count for nothing).
//!   They cannot move while jailed. A citizen whose term has run out stays *jailed* until its next
//!   activation decides its state again; so does one given a term of 0.
//! - Counts are taken after each step: active, quiet and jailed citizens (Mesa's `ACTIVE`, `QUIET`,
//!   `ARRESTED`).
//!
//! # Determinism (docs/determinism.md)
//!
//! The caller passes the random stream (the engine passes a `rand_chacha::ChaCha8Rng`). All draws
//! are made here from the raw `next_u32`/`next_u64` outputs, not through `rand`'s distributions,
//! so a `rand` upgrade cannot change a trajectory: uniforms take 53 bits like Python's
//! `random()`, integers below `n` use bit-mask rejection, shuffles are Fisher–Yates. Agents and
//! cells are visited in index order. Floats use only `+ − × ÷` and comparisons, plus
//! [`libm::exp`] for the arrest probability, so no platform maths library reaches a result.
//! Values are `f64` because Mesa computes in Python floats; the activation test compares
//! `G − R·P` with the threshold, and keeping the same precision keeps the same decisions.
//!
//! # Use by the engine, per district
//!
//! Build a world with [`EpsteinWorld::new`] (Mesa's random set-up) or
//! [`EpsteinWorld::with_population`] (exact numbers of citizens and cops, e.g. from a population
//! group and the units present). Before each turn's steps the engine may then:
//! - set every citizen's hardship from the district's unmet needs with
//!   [`EpsteinWorld::set_hardship`];
//! - set the legitimacy of the host-nation government with [`EpsteinWorld::set_legitimacy`];
//! - set the number of cops from the police and military units in the district with
//!   [`EpsteinWorld::set_cop_count`];
//!
//! and read [`EpsteinWorld::counts`] after [`EpsteinWorld::step`]. Grievance is recomputed from
//! the current hardship and legitimacy at every activation, so changes take effect at the next step.
//! Give each district its own random stream (e.g. derived from seed, turn and district): the
//! number of draws a step makes depends on what happens in it.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// Marker of an empty cell in [`EpsteinWorld`]'s occupant array.
const EMPTY: u32 = u32::MAX;
/// Bit set on an occupant code that names a cop (`COP | cop index`); citizens are plain indices.
const COP: u32 = 1 << 31;

/// Largest number of cells a world may have: keeps every cell and agent index well below the
/// bit that marks cops in the occupancy array.
pub const MAX_CELLS: u64 = 1 << 24;
/// Largest jail term accepted, so that `max_jail_term + 1` cannot overflow a draw.
pub const MAX_JAIL_TERM: u32 = 1 << 30;

/// The model's parameters. `Default` gives Mesa 3.3.1's defaults, so that a default world can be
/// compared with Mesa's default model without translation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpsteinParams {
    /// Number of columns of the torus (Mesa: `width`, default 40).
    pub width: u32,
    /// Number of rows of the torus (Mesa: `height`, default 40).
    pub height: u32,
    /// Probability that a cell starts with a citizen (default 0.7).
    pub citizen_density: f64,
    /// Probability that a cell starts with a cop (default 0.074); with `citizen_density` at most 1.
    pub cop_density: f64,
    /// Vision radius of citizens, in Von Neumann steps (default 7).
    pub citizen_vision: u32,
    /// Vision radius of cops, in Von Neumann steps (default 7).
    pub cop_vision: u32,
    /// Initial legitimacy `L` of the regime, equal for all citizens, in [0, 1] (default 0.8).
    pub legitimacy: f64,
    /// Longest jail term; a term is uniform in `0..=max_jail_term` steps (default 1000).
    pub max_jail_term: u32,
    /// A citizen turns active when `G − R·P` exceeds this (default 0.1).
    pub active_threshold: f64,
    /// `k` in the arrest-probability estimate `1 − exp(−k · round(C / A))` (default 2.3).
    pub arrest_prob_constant: f64,
    /// Whether agents move to a random empty cell of their vision after acting (default true).
    pub movement: bool,
}

impl Default for EpsteinParams {
    fn default() -> Self {
        EpsteinParams {
            width: 40,
            height: 40,
            citizen_density: 0.7,
            cop_density: 0.074,
            citizen_vision: 7,
            cop_vision: 7,
            legitimacy: 0.8,
            max_jail_term: 1000,
            active_threshold: 0.1,
            arrest_prob_constant: 2.3,
            movement: true,
        }
    }
}

/// Why a world could not be built or changed: which parameter, and what was wrong with it. Bad
/// input never panics (docs/architecture.md, determinism rules); it comes back as this error and changes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpsteinError {
    /// The parameter or argument at fault, e.g. `"legitimacy"`.
    pub field: &'static str,
    /// What is wrong and what is accepted.
    pub message: String,
}

impl fmt::Display for EpsteinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for EpsteinError {}

fn err(field: &'static str, message: impl Into<String>) -> EpsteinError {
    EpsteinError {
        field,
        message: message.into(),
    }
}

/// Checks that `v` is a number in `[lo, hi]`; written so that NaN fails too.
fn check_range(field: &'static str, v: f64, lo: f64, hi: f64) -> Result<(), EpsteinError> {
    if !(v >= lo && v <= hi) {
        return Err(err(field, format!("{v} is not between {lo} and {hi}")));
    }
    Ok(())
}

impl EpsteinParams {
    /// Checks every parameter, so that a world never starts from values the rule cannot handle
    /// (NaN, negative densities, a zero vision, a grid too large to index).
    pub fn validate(&self) -> Result<(), EpsteinError> {
        if self.width == 0 || self.height == 0 {
            return Err(err("width/height", "the grid needs at least one cell"));
        }
        if self.width as u64 * self.height as u64 > MAX_CELLS {
            return Err(err(
                "width/height",
                format!("at most {MAX_CELLS} cells are supported"),
            ));
        }
        check_range("citizen_density", self.citizen_density, 0.0, 1.0)?;
        check_range("cop_density", self.cop_density, 0.0, 1.0)?;
        // Both are numbers in [0, 1] by now, so the sum is not NaN.
        if self.citizen_density + self.cop_density > 1.0 {
            return Err(err(
                "cop_density",
                "citizen_density + cop_density must be at most 1",
            ));
        }
        if self.citizen_vision == 0 {
            return Err(err(
                "citizen_vision",
                "the vision radius must be at least 1",
            ));
        }
        if self.cop_vision == 0 {
            return Err(err("cop_vision", "the vision radius must be at least 1"));
        }
        check_range("legitimacy", self.legitimacy, 0.0, 1.0)?;
        if self.max_jail_term > MAX_JAIL_TERM {
            return Err(err(
                "max_jail_term",
                format!("at most {MAX_JAIL_TERM} steps"),
            ));
        }
        check_range("active_threshold", self.active_threshold, -1.0e9, 1.0e9)?;
        check_range(
            "arrest_prob_constant",
            self.arrest_prob_constant,
            0.0,
            1.0e9,
        )?;
        Ok(())
    }
}

/// A citizen's state, as Mesa's `CitizenState` (`QUIET`, `ACTIVE`, `ARRESTED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CitizenState {
    /// Not rebelling.
    Quiet,
    /// In open rebellion; cops in vision may arrest it.
    Active,
    /// Arrested by a cop: sits out its jail term on its cell (see the module documentation).
    Jailed,
}

/// How many citizens are in each state: the model's output (Mesa's reporters `active`, `quiet`,
/// `arrested`). The three always add up to the number of citizens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpsteinCounts {
    /// Citizens in open rebellion.
    pub active: u32,
    /// Citizens not rebelling.
    pub quiet: u32,
    /// Citizens in jail (Mesa: `arrested`).
    pub jailed: u32,
}

/// The cells a vision covers: every other cell within torus Manhattan distance `radius`, each
/// once, in a fixed order. Translation invariance of the torus makes one description (`columns`
/// or `offsets`) serve every cell; each cell's runs are then worked out once into `table`, so
/// that a look costs no arithmetic, unless the grid is too large for that.
///
/// A vision is handed out as *runs*: ranges of consecutive cell indices. Since cell `x·height + y`
/// puts a column's rows next to each other, the diamond is a few runs, one or two per column,
/// when it fits on the torus without overlapping itself (`2·radius + 1` at most the width and
/// the height, true for Mesa's defaults); the hot loop then counts bits over whole runs. Smaller
/// grids use a list of distinct offsets, one cell per run, so that a cell reached twice around
/// the torus is seen once and the own cell never, as in Mesa's breadth-first neighbourhood.
#[derive(Debug, Clone)]
struct Vision {
    /// Fast form: per column offset `dx` (in `0..width`), the half-height `s` of its run
    /// `y − s ..= y + s` (the own cell left out of the `dx = 0` column).
    columns: Vec<(u32, u32)>,
    /// General form: distinct offsets `(dx, dy)` in `0..width × 0..height`, sorted.
    offsets: Vec<(u32, u32)>,
    /// Every cell's runs worked out once (cell `c`'s are `runs[start[c]..start[c + 1]]`), when
    /// they fit in [`RUN_TABLE_BUDGET`] entries; otherwise they are worked out at each look.
    table: Option<RunTable>,
}

/// Every cell's runs of a [`Vision`], in one array: cell `c`'s are `runs[start[c]..start[c + 1]]`.
#[derive(Debug, Clone)]
struct RunTable {
    start: Vec<u32>,
    runs: Vec<(u32, u32)>,
}

/// Most runs a vision's table may hold (8 bytes each): 4 Mi entries, 32 MiB. Mesa's default
/// 40 × 40 grid with radius 7 needs 29,440 (230 KiB), shared by citizens and cops.
const RUN_TABLE_BUDGET: usize = 1 << 22;

impl Vision {
    /// The runs `[from, to)` of cell indices that the vision from `cell` covers, in the vision's
    /// fixed order: columns in `dx` order, rows upward, wrapped parts split off. No run is empty
    /// or longer than 64 cells (see [`Layers::scan`]). From the table if there is one, else
    /// worked out into `scratch`.
    fn runs<'a>(
        &'a self,
        cell: u32,
        w: u32,
        h: u32,
        scratch: &'a mut Vec<(u32, u32)>,
    ) -> &'a [(u32, u32)] {
        if let Some(t) = &self.table {
            let c = cell as usize;
            return &t.runs[t.start[c] as usize..t.start[c + 1] as usize];
        }
        self.work_out_runs(cell, w, h, scratch);
        scratch
    }

    /// Works out the runs of [`Vision::runs`] into `out`.
    fn work_out_runs(&self, cell: u32, w: u32, h: u32, out: &mut Vec<(u32, u32)>) {
        out.clear();
        let (x, y) = (cell / h, (cell % h) as i64);
        let h64 = h as i64;
        for &(dx, s) in &self.columns {
            let mut col = x + dx;
            if col >= w {
                col -= w;
            }
            let base = (col * h) as i64;
            let s = s as i64;
            let (first, second) = if dx == 0 {
                ((y - s, y - 1), Some((y + 1, y + s)))
            } else {
                ((y - s, y + s), None)
            };
            for (lo, hi) in std::iter::once(first).chain(second) {
                // Rows lo..=hi, split where they wrap around the torus; empty parts left out.
                let parts = if lo < 0 {
                    [(lo + h64, h64), (0, hi + 1)]
                } else if hi >= h64 {
                    [(lo, h64), (0, hi + 1 - h64)]
                } else {
                    [(lo, hi + 1), (0, 0)]
                };
                for (from, to) in parts {
                    push_run(out, (base + from) as u32, (base + to) as u32);
                }
            }
        }
        let y = y as u32;
        for &(dx, dy) in &self.offsets {
            let c = neighbour(x, y, dx, dy, w, h);
            push_run(out, c, c + 1);
        }
    }

    /// The vision of `radius` on a `width × height` torus, with its table if it fits.
    fn new(width: u32, height: u32, radius: u32) -> Vision {
        let mut vision = Vision::shape(width, height, radius);
        let cells = width as usize * height as usize;
        if cells > RUN_TABLE_BUDGET {
            return vision; // a cell has at least one run, so the table cannot fit
        }
        let mut start = Vec::with_capacity(cells + 1);
        let mut runs = Vec::new();
        let mut scratch = Vec::new();
        start.push(0);
        for cell in 0..cells as u32 {
            vision.work_out_runs(cell, width, height, &mut scratch);
            if runs.len() + scratch.len() > RUN_TABLE_BUDGET {
                return vision;
            }
            runs.extend_from_slice(&scratch);
            start.push(runs.len() as u32);
        }
        vision.table = Some(RunTable { start, runs });
        vision
    }

    /// The vision's shape, without the table.
    fn shape(width: u32, height: u32, radius: u32) -> Vision {
        let r = radius as u64;
        if 2 * r < width as u64 && 2 * r < height as u64 {
            let columns = (-(radius as i64)..=radius as i64)
                .map(|d| {
                    let dx = d.rem_euclid(width as i64) as u32;
                    (dx, radius - d.unsigned_abs() as u32)
                })
                .collect();
            return Vision {
                columns,
                offsets: Vec::new(),
                table: None,
            };
        }
        // Offsets reachable along one axis: 0..=r and len-r..len, or every one if 2r+1 covers len.
        fn axis(len: u32, radius: u32) -> Vec<u32> {
            if 2 * radius as u64 + 1 >= len as u64 {
                (0..len).collect()
            } else {
                (0..=radius).chain(len - radius..len).collect()
            }
        }
        let torus = |o: u32, len: u32| o.min(len - o) as u64;
        let mut offsets = Vec::new();
        for dx in axis(width, radius) {
            for dy in axis(height, radius) {
                let d = torus(dx, width) + torus(dy, height);
                if d >= 1 && d <= r {
                    offsets.push((dx, dy));
                }
            }
        }
        Vision {
            columns: Vec::new(),
            offsets,
            table: None,
        }
    }
}

/// Layer of [`Layers`] marking empty cells.
const EMPTY_LAYER: usize = 0;
/// Layer of [`Layers`] marking cells that hold a cop.
const COP_LAYER: usize = 1;
/// Layer of [`Layers`] marking cells that hold an active citizen.
const ACTIVE_LAYER: usize = 2;

/// Three bits per cell, one per layer: is the cell empty, does it hold a cop, an active citizen?
/// Word `k` holds cells `64k .. 64k + 64` of all three layers side by side. Scanning a vision is
/// then a few shifts and population counts per run instead of a branch per cell (whose outcome
/// is random, so a branch would mispredict often), fast in release and in debug builds alike.
/// A zero word at the end lets a window always read the word after its first one.
#[derive(Debug, Clone)]
struct Layers(Vec<[u64; 3]>);

impl Layers {
    fn new(cells: usize) -> Layers {
        let mut layers = Layers(vec![[0; 3]; cells.div_ceil(64) + 1]);
        for c in 0..cells as u32 {
            layers.set(EMPTY_LAYER, c, true);
        }
        layers
    }

    fn get(&self, layer: usize, i: u32) -> bool {
        self.0[(i / 64) as usize][layer] >> (i % 64) & 1 == 1
    }

    fn set(&mut self, layer: usize, i: u32, on: bool) {
        let (word, bit) = ((i / 64) as usize, 1u64 << (i % 64));
        if on {
            self.0[word][layer] |= bit;
        } else {
            self.0[word][layer] &= !bit;
        }
    }

    /// Reads the runs (each 1 to 64 cells): pushes one window per run, the run's bits of each
    /// layer with its first cell in bit 0, and returns how many bits each layer has set in all.
    fn scan(&self, runs: &[(u32, u32)], windows: &mut Vec<[u64; 3]>) -> [u32; 3] {
        windows.clear();
        let (mut empty, mut cop, mut active) = (0, 0, 0);
        for &(from, to) in runs {
            let (k, off) = ((from / 64) as usize, from % 64);
            let mask = u64::MAX >> (64 - (to - from));
            let (low, high) = (self.0[k], self.0[k + 1]);
            // `high << (64 − off)` is written `(high << 1) << (63 − off)`, which is 0 for off = 0.
            // The three layers are spelled out: a loop over them is slow in a debug build.
            let e = ((low[0] >> off) | ((high[0] << 1) << (63 - off))) & mask;
            let c = ((low[1] >> off) | ((high[1] << 1) << (63 - off))) & mask;
            let a = ((low[2] >> off) | ((high[2] << 1) << (63 - off))) & mask;
            empty += e.count_ones();
            cop += c.count_ones();
            active += a.count_ones();
            windows.push([e, c, a]);
        }
        [empty, cop, active]
    }
}

/// The cell of the `r`-th set bit (from 0) of one layer over the windows of [`Layers::scan`],
/// taken in run order and upward within a run; `r` must be below that layer's count.
fn select(runs: &[(u32, u32)], windows: &[[u64; 3]], layer: usize, mut r: u32) -> u32 {
    for (&(from, _), window) in runs.iter().zip(windows) {
        let mut word = window[layer];
        let n = word.count_ones();
        if r < n {
            for _ in 0..r {
                word &= word - 1;
            }
            return from + word.trailing_zeros();
        }
        r -= n;
    }
    unreachable!("select past the last set bit")
}

/// Appends the run `[from, to)` to `out` in pieces of at most 64 cells; an empty run adds nothing.
fn push_run(out: &mut Vec<(u32, u32)>, mut from: u32, to: u32) {
    while from < to {
        let end = to.min(from + 64);
        out.push((from, end));
        from = end;
    }
}

/// One run of the model: the grid, the citizens and the cops, in flat arrays indexed by agent.
///
/// Citizens are numbered `0..citizen_count()` and cops `0..cop_count()`, in creation order; those
/// numbers are stable for the life of the world (cops removed by [`EpsteinWorld::set_cop_count`]
/// are always the highest-numbered ones). Cell `x * height + y` is column `x`, row `y`.
#[derive(Debug, Clone)]
pub struct EpsteinWorld {
    params: EpsteinParams,
    legitimacy: f64,
    /// Per cell: `EMPTY`, a citizen index, or `COP | cop index`.
    occupant: Vec<u32>,
    /// Per cell: empty? a cop? an active citizen? Kept in step with `occupant` and the states.
    layers: Layers,
    hardship: Vec<f64>,
    risk_aversion: Vec<f64>,
    state: Vec<CitizenState>,
    jail_term: Vec<u32>,
    citizen_cell: Vec<u32>,
    cop_cell: Vec<u32>,
    /// The two visions; one shared value when the radii are equal (as by default).
    citizen_vision: Arc<Vision>,
    cop_vision: Arc<Vision>,
    /// Activation order of the current step (scratch, refilled every step).
    order: Vec<u32>,
    /// `arrest_probability(k, n, 1)` for `n` in `0..ARREST_TABLE_LEN`, worked out once (the
    /// values are those the function gives, so the table changes no result, only the time).
    arrest_table: Vec<f64>,
    /// The runs of the vision being scanned and their windows (scratch).
    runs: Vec<(u32, u32)>,
    windows: Vec<[u64; 3]>,
    steps: u64,
}

/// The random stream a stand-alone run uses for `seed` (the example runner, the reference test):
/// ChaCha8 keyed with the seed's 8 little-endian bytes followed by zeros. Written out rather than
/// `seed_from_u64`, so that the key cannot change with a `rand` version. Inside the engine the
/// stream comes from the engine's own per-(seed, turn, subsystem) derivation instead.
pub fn seed_rng(seed: u64) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    ChaCha8Rng::from_seed(key)
}

/// A uniform number in [0, 1) from 53 random bits, like Python's `random.random()`.
fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform integer in `0..n` (0 when `n ≤ 1`), by rejection on the fewest bits that hold
/// `n − 1`: unbiased, and fixed by this code rather than by a library's choice of algorithm.
fn below<R: Rng + ?Sized>(rng: &mut R, n: u32) -> u32 {
    if n <= 1 {
        return 0;
    }
    let mask = u32::MAX >> (n - 1).leading_zeros();
    loop {
        let x = rng.next_u32() & mask;
        if x < n {
            return x;
        }
    }
}

/// Fisher–Yates shuffle with [`below`]: every order equally likely.
fn shuffle<R: Rng + ?Sized>(rng: &mut R, items: &mut [u32]) {
    for i in (1..items.len()).rev() {
        let j = below(rng, i as u32 + 1) as usize;
        items.swap(i, j);
    }
}

/// `round(c / a)` with halves to even, as Python's `round(c / a)` on the float quotient. Exact in
/// integers: for counts this small the float quotient is a half only when `2 · remainder = a`.
fn round_ratio_half_even(c: u32, a: u32) -> u32 {
    let q = c / a;
    let r2 = 2 * (c % a) as u64;
    let a = a as u64;
    if r2 > a || (r2 == a && q % 2 == 1) {
        q + 1
    } else {
        q
    }
}

/// Length of [`EpsteinWorld`]'s table of arrest probabilities: covers every `round(C / A)` of
/// a vision of up to 256 cells (radius 10); larger ones compute the rest.
const ARREST_TABLE_LEN: u32 = 257;

/// A citizen's estimated probability of arrest if it turns active: `1 − exp(−k · round(C / A))`
/// with `A` counting the citizen itself. Public so that a display can explain a citizen's choice.
pub fn arrest_probability(k: f64, cops: u32, actives_including_self: u32) -> f64 {
    let n = round_ratio_half_even(cops, actives_including_self.max(1));
    1.0 - libm::exp(-k * n as f64)
}

impl EpsteinWorld {
    /// Builds a world as Mesa's model does: one draw per cell decides citizen, cop or empty, and
    /// each citizen draws hardship then risk aversion. The parameters are validated first.
    pub fn new<R: Rng + ?Sized>(
        params: EpsteinParams,
        rng: &mut R,
    ) -> Result<EpsteinWorld, EpsteinError> {
        params.validate()?;
        let mut world = EpsteinWorld::empty(params);
        let cop_bound = world.params.citizen_density + world.params.cop_density;
        for cell in 0..world.occupant.len() as u32 {
            let u = unit(rng);
            if u < world.params.citizen_density {
                let h = unit(rng);
                let r = unit(rng);
                world.add_citizen(cell, h, r);
            } else if u < cop_bound {
                world.add_cop(cell);
            }
        }
        Ok(world)
    }

    /// Builds a world with exactly `citizens` citizens and `cops` cops on distinct random cells
    /// (the densities in `params` are ignored), each citizen with hardship and risk aversion drawn
    /// U(0, 1). This is the constructor for a district, where the numbers come from the scenario.
    pub fn with_population<R: Rng + ?Sized>(
        params: EpsteinParams,
        citizens: u32,
        cops: u32,
        rng: &mut R,
    ) -> Result<EpsteinWorld, EpsteinError> {
        params.validate()?;
        let mut world = EpsteinWorld::empty(params);
        let cells = world.occupant.len() as u64;
        if citizens as u64 + cops as u64 > cells {
            return Err(err(
                "citizens/cops",
                format!("{citizens} citizens and {cops} cops do not fit on {cells} cells"),
            ));
        }
        let mut free: Vec<u32> = (0..cells as u32).collect();
        let placed = partial_shuffle(rng, &mut free, (citizens + cops) as usize);
        let (for_citizens, for_cops) = placed.split_at(citizens as usize);
        for &cell in for_citizens {
            world.add_citizen(cell, 0.0, 0.0);
        }
        for &cell in for_cops {
            world.add_cop(cell);
        }
        for i in 0..citizens as usize {
            world.hardship[i] = unit(rng);
            world.risk_aversion[i] = unit(rng);
        }
        Ok(world)
    }

    fn empty(params: EpsteinParams) -> EpsteinWorld {
        let cells = params.width as usize * params.height as usize;
        let (w, h) = (params.width, params.height);
        let citizen_vision = Arc::new(Vision::new(w, h, params.citizen_vision));
        let cop_vision = if params.cop_vision == params.citizen_vision {
            Arc::clone(&citizen_vision)
        } else {
            Arc::new(Vision::new(w, h, params.cop_vision))
        };
        EpsteinWorld {
            legitimacy: params.legitimacy,
            occupant: vec![EMPTY; cells],
            layers: Layers::new(cells),
            hardship: Vec::new(),
            risk_aversion: Vec::new(),
            state: Vec::new(),
            jail_term: Vec::new(),
            citizen_cell: Vec::new(),
            cop_cell: Vec::new(),
            citizen_vision,
            cop_vision,
            order: Vec::new(),
            arrest_table: (0..ARREST_TABLE_LEN)
                .map(|n| arrest_probability(params.arrest_prob_constant, n, 1))
                .collect(),
            runs: Vec::new(),
            windows: Vec::new(),
            steps: 0,
            params,
        }
    }

    fn add_citizen(&mut self, cell: u32, hardship: f64, risk_aversion: f64) {
        let i = self.hardship.len() as u32;
        self.hardship.push(hardship);
        self.risk_aversion.push(risk_aversion);
        self.state.push(CitizenState::Quiet);
        self.jail_term.push(0);
        self.citizen_cell.push(cell);
        self.occupant[cell as usize] = i;
        self.layers.set(EMPTY_LAYER, cell, false);
    }

    fn add_cop(&mut self, cell: u32) {
        let j = self.cop_cell.len() as u32;
        self.cop_cell.push(cell);
        self.occupant[cell as usize] = COP | j;
        self.layers.set(EMPTY_LAYER, cell, false);
        self.layers.set(COP_LAYER, cell, true);
    }

    /// Plays one step: every agent once, in a fresh random order (see the module documentation).
    pub fn step<R: Rng + ?Sized>(&mut self, rng: &mut R) {
        let mut order = std::mem::take(&mut self.order);
        order.clear();
        order.extend(0..self.state.len() as u32);
        order.extend((0..self.cop_cell.len() as u32).map(|j| COP | j));
        shuffle(rng, &mut order);
        for &agent in &order {
            if agent & COP != 0 {
                self.cop_step((agent & !COP) as usize, rng);
            } else {
                self.citizen_step(agent as usize, rng);
            }
        }
        self.order = order;
        self.steps += 1;
    }

    fn citizen_step<R: Rng + ?Sized>(&mut self, i: usize, rng: &mut R) {
        if self.jail_term[i] > 0 {
            self.jail_term[i] -= 1;
            return;
        }
        let (w, h) = (self.params.width, self.params.height);
        let cell = self.citizen_cell[i];
        let runs = self.citizen_vision.runs(cell, w, h, &mut self.runs);
        let seen = self.layers.scan(runs, &mut self.windows);
        let cops = seen[COP_LAYER];
        let actives = 1 + seen[ACTIVE_LAYER]; // the citizen counts itself
        let n = round_ratio_half_even(cops, actives);
        let p = match self.arrest_table.get(n as usize) {
            Some(&p) => p,
            None => arrest_probability(self.params.arrest_prob_constant, cops, actives),
        };
        let grievance = self.hardship[i] * (1.0 - self.legitimacy);
        let state = if grievance - self.risk_aversion[i] * p > self.params.active_threshold {
            CitizenState::Active
        } else {
            CitizenState::Quiet
        };
        self.state[i] = state;
        self.layers
            .set(ACTIVE_LAYER, cell, state == CitizenState::Active);
        let empties = seen[EMPTY_LAYER];
        if self.params.movement && empties > 0 {
            let r = below(rng, empties);
            let target = select(runs, &self.windows, EMPTY_LAYER, r);
            self.move_agent(cell, target);
            self.citizen_cell[i] = target;
        }
    }

    fn cop_step<R: Rng + ?Sized>(&mut self, j: usize, rng: &mut R) {
        let (w, h) = (self.params.width, self.params.height);
        let cell = self.cop_cell[j];
        let runs = self.cop_vision.runs(cell, w, h, &mut self.runs);
        let seen = self.layers.scan(runs, &mut self.windows);
        let actives = seen[ACTIVE_LAYER];
        if actives > 0 {
            let r = below(rng, actives);
            let at = select(runs, &self.windows, ACTIVE_LAYER, r);
            let a = self.occupant[at as usize] as usize;
            self.jail_term[a] = below(rng, self.params.max_jail_term + 1);
            self.state[a] = CitizenState::Jailed;
            self.layers.set(ACTIVE_LAYER, at, false);
        }
        // The arrest changed no cell's emptiness, so the windows still hold the empty cells.
        let empties = seen[EMPTY_LAYER];
        if self.params.movement && empties > 0 {
            let r = below(rng, empties);
            let target = select(runs, &self.windows, EMPTY_LAYER, r);
            self.move_agent(cell, target);
            self.cop_cell[j] = target;
        }
    }

    /// Moves whatever is on `from` to the empty cell `to`.
    fn move_agent(&mut self, from: u32, to: u32) {
        self.occupant[to as usize] = self.occupant[from as usize];
        self.occupant[from as usize] = EMPTY;
        for layer in [COP_LAYER, ACTIVE_LAYER] {
            let on = self.layers.get(layer, from);
            self.layers.set(layer, to, on);
            self.layers.set(layer, from, false);
        }
        self.layers.set(EMPTY_LAYER, to, false);
        self.layers.set(EMPTY_LAYER, from, true);
    }

    /// How many citizens are active, quiet and jailed now.
    pub fn counts(&self) -> EpsteinCounts {
        let mut c = EpsteinCounts::default();
        for s in &self.state {
            match s {
                CitizenState::Active => c.active += 1,
                CitizenState::Quiet => c.quiet += 1,
                CitizenState::Jailed => c.jailed += 1,
            }
        }
        c
    }

    /// The parameters the world was built with (`legitimacy` there is the initial value; the
    /// current one is [`EpsteinWorld::legitimacy`]).
    pub fn params(&self) -> &EpsteinParams {
        &self.params
    }

    /// Steps played so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Number of citizens (fixed for the life of the world).
    pub fn citizen_count(&self) -> usize {
        self.state.len()
    }

    /// Number of cops now.
    pub fn cop_count(&self) -> usize {
        self.cop_cell.len()
    }

    /// Each citizen's state, by citizen number.
    pub fn states(&self) -> &[CitizenState] {
        &self.state
    }

    /// Each citizen's hardship `H`, by citizen number.
    pub fn hardship(&self) -> &[f64] {
        &self.hardship
    }

    /// Each citizen's risk aversion `R`, by citizen number (drawn once, never changed).
    pub fn risk_aversion(&self) -> &[f64] {
        &self.risk_aversion
    }

    /// Each citizen's remaining jail term in steps, by citizen number (0 when free).
    pub fn jail_terms(&self) -> &[u32] {
        &self.jail_term
    }

    /// Each citizen's cell (`x * height + y`), by citizen number.
    pub fn citizen_cells(&self) -> &[u32] {
        &self.citizen_cell
    }

    /// Each cop's cell, by cop number.
    pub fn cop_cells(&self) -> &[u32] {
        &self.cop_cell
    }

    /// The regime's legitimacy `L` that the next step uses.
    pub fn legitimacy(&self) -> f64 {
        self.legitimacy
    }

    /// Sets the legitimacy `L` used from the next step on (the engine's governance and attitude
    /// rules move it every turn). Must be in [0, 1]; otherwise nothing changes.
    pub fn set_legitimacy(&mut self, legitimacy: f64) -> Result<(), EpsteinError> {
        check_range("legitimacy", legitimacy, 0.0, 1.0)?;
        self.legitimacy = legitimacy;
        Ok(())
    }

    /// Replaces every citizen's hardship `H` (in citizen order), e.g. from the district's unmet
    /// needs. There must be one value per citizen, each in [0, 1]; otherwise nothing changes.
    pub fn set_hardship(&mut self, hardship: &[f64]) -> Result<(), EpsteinError> {
        if hardship.len() != self.hardship.len() {
            return Err(err(
                "hardship",
                format!(
                    "{} values given for {} citizens",
                    hardship.len(),
                    self.hardship.len()
                ),
            ));
        }
        for &h in hardship {
            check_range("hardship", h, 0.0, 1.0)?;
        }
        self.hardship.copy_from_slice(hardship);
        Ok(())
    }

    /// Sets the number of cops, e.g. from the police and military units present in the district.
    /// Fewer: the highest-numbered cops leave the grid. More: new cops take uniformly random empty
    /// cells (as many as there are). Returns the number of cops afterwards. Draws only when adding.
    pub fn set_cop_count<R: Rng + ?Sized>(&mut self, cops: usize, rng: &mut R) -> usize {
        if cops <= self.cop_cell.len() {
            for &cell in &self.cop_cell[cops..] {
                self.occupant[cell as usize] = EMPTY;
                self.layers.set(COP_LAYER, cell, false);
                self.layers.set(EMPTY_LAYER, cell, true);
            }
            self.cop_cell.truncate(cops);
        } else {
            let mut free: Vec<u32> = (0..self.occupant.len() as u32)
                .filter(|&c| self.occupant[c as usize] == EMPTY)
                .collect();
            let wanted = (cops - self.cop_cell.len()).min(free.len());
            let placed = partial_shuffle(rng, &mut free, wanted).to_vec();
            for cell in placed {
                self.add_cop(cell);
            }
        }
        self.cop_cell.len()
    }

    /// Checks that the occupancy arrays agree with the agents' positions and states. For tests:
    /// returns a description of the first disagreement.
    pub fn check_invariants(&self) -> Result<(), String> {
        let mut seen = 0usize;
        for (cell, &o) in self.occupant.iter().enumerate() {
            let cell = cell as u32;
            // What the bits should say: (empty, cop, active).
            let expected = if o == EMPTY {
                (true, false, false)
            } else if o & COP != 0 {
                let j = (o & !COP) as usize;
                if self.cop_cell.get(j) != Some(&cell) {
                    return Err(format!("cell {cell} names cop {j}, which is elsewhere"));
                }
                seen += 1;
                (false, true, false)
            } else {
                let i = o as usize;
                if self.citizen_cell.get(i) != Some(&cell) {
                    return Err(format!("cell {cell} names citizen {i}, which is elsewhere"));
                }
                seen += 1;
                (false, false, self.state[i] == CitizenState::Active)
            };
            let bits = (
                self.layers.get(EMPTY_LAYER, cell),
                self.layers.get(COP_LAYER, cell),
                self.layers.get(ACTIVE_LAYER, cell),
            );
            if bits != expected {
                return Err(format!(
                    "cell {cell}: bits (empty, cop, active) {bits:?}, expected {expected:?}"
                ));
            }
        }
        if seen != self.citizen_count() + self.cop_count() {
            return Err(format!(
                "{seen} agents on the grid, {} expected",
                self.citizen_count() + self.cop_count()
            ));
        }
        Ok(())
    }
}

/// The cell at offset `(dx, dy)` from `(x, y)` on a `w × h` torus; offsets are already in `0..w`
/// and `0..h`, so one subtraction wraps.
#[inline]
fn neighbour(x: u32, y: u32, dx: u32, dy: u32, w: u32, h: u32) -> u32 {
    let mut nx = x + dx;
    if nx >= w {
        nx -= w;
    }
    let mut ny = y + dy;
    if ny >= h {
        ny -= h;
    }
    nx * h + ny
}

/// Moves `k` uniformly chosen distinct items to the front of `items` (Fisher–Yates, stopped after
/// `k` picks) and returns them.
fn partial_shuffle<'a, R: Rng + ?Sized>(rng: &mut R, items: &'a mut [u32], k: usize) -> &'a [u32] {
    let k = k.min(items.len());
    for i in 0..k {
        let j = i + below(rng, (items.len() - i) as u32) as usize;
        items.swap(i, j);
    }
    &items[..k]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rng(seed: u64) -> ChaCha8Rng {
        seed_rng(seed)
    }

    fn run(params: EpsteinParams, seed: u64, steps: usize) -> Vec<EpsteinCounts> {
        let mut r = rng(seed);
        let mut w = EpsteinWorld::new(params, &mut r).unwrap();
        let mut out = vec![w.counts()];
        for _ in 0..steps {
            w.step(&mut r);
            out.push(w.counts());
        }
        out
    }

    #[test]
    fn rounding_matches_python() {
        // Python: round(0.5) = 0, round(1.5) = 2, round(2.5) = 2, round(1/3) = 0, round(2/3) = 1.
        assert_eq!(round_ratio_half_even(1, 2), 0);
        assert_eq!(round_ratio_half_even(3, 2), 2);
        assert_eq!(round_ratio_half_even(5, 2), 2);
        assert_eq!(round_ratio_half_even(7, 2), 4);
        assert_eq!(round_ratio_half_even(1, 3), 0);
        assert_eq!(round_ratio_half_even(2, 3), 1);
        assert_eq!(round_ratio_half_even(0, 1), 0);
        assert_eq!(round_ratio_half_even(9, 1), 9);
        // And against the float quotient rounded half-to-even for every count a vision can hold.
        for c in 0..=120u32 {
            for a in 1..=121u32 {
                let q = c as f64 / a as f64;
                let fl = libm::floor(q);
                let frac = q - fl;
                let expected = if frac > 0.5 || (frac == 0.5 && fl % 2.0 == 1.0) {
                    fl + 1.0
                } else {
                    fl
                };
                assert_eq!(round_ratio_half_even(c, a) as f64, expected, "{c}/{a}");
            }
        }
    }

    #[test]
    fn arrest_probability_values() {
        assert_eq!(arrest_probability(2.3, 0, 1), 0.0);
        assert_eq!(arrest_probability(2.3, 1, 3), 0.0);
        let p = arrest_probability(2.3, 1, 1);
        assert!((p - (1.0 - libm::exp(-2.3))).abs() < 1e-15 && p > 0.89 && p < 0.9);
    }

    #[test]
    fn draws_are_in_range() {
        let mut r = rng(1);
        for n in 1..50u32 {
            for _ in 0..50 {
                assert!(below(&mut r, n) < n);
            }
        }
        for _ in 0..1000 {
            let u = unit(&mut r);
            assert!((0.0..1.0).contains(&u));
        }
        let mut v: Vec<u32> = (0..100).collect();
        shuffle(&mut r, &mut v);
        let mut sorted = v.clone();
        sorted.sort();
        assert_eq!(sorted, (0..100).collect::<Vec<_>>());
        assert_ne!(v, sorted);
    }

    /// The cells the vision from `cell` covers, sorted; checks that none is listed twice.
    fn seen(w: u32, h: u32, radius: u32, cell: u32) -> Vec<u32> {
        let mut scratch = Vec::new();
        let vision = Vision::new(w, h, radius);
        let runs = vision.runs(cell, w, h, &mut scratch).to_vec();
        let mut cells: Vec<u32> = runs.iter().flat_map(|&(a, b)| a..b).collect();
        let n = cells.len();
        cells.sort();
        cells.dedup();
        assert_eq!(n, cells.len(), "a cell was seen twice");
        // Counting and selecting over the runs agree with the list.
        let mut layers = Layers::new((w * h) as usize);
        for c in 0..w * h {
            layers.set(EMPTY_LAYER, c, c % 3 == 0);
            layers.set(ACTIVE_LAYER, c, c % 5 == 1);
        }
        let marked = |m: u32, k: u32| -> Vec<u32> {
            runs.iter()
                .flat_map(|&(a, b)| a..b)
                .filter(|c| c % m == k)
                .collect()
        };
        let mut windows = Vec::new();
        let counts = layers.scan(&runs, &mut windows);
        for (layer, m, k) in [(EMPTY_LAYER, 3, 0), (ACTIVE_LAYER, 5, 1)] {
            let expected = marked(m, k);
            assert_eq!(counts[layer] as usize, expected.len());
            for (r, &c) in expected.iter().enumerate() {
                assert_eq!(select(&runs, &windows, layer, r as u32), c);
            }
        }
        assert_eq!(counts[COP_LAYER], 0);
        cells
    }

    /// The same set by brute force: every other cell within torus Manhattan distance `radius`.
    fn diamond(w: u32, h: u32, radius: u32, cell: u32) -> Vec<u32> {
        let (x, y) = (cell / h, cell % h);
        let d = |a: u32, b: u32, len: u32| {
            let o = a.abs_diff(b);
            o.min(len - o)
        };
        (0..w * h)
            .filter(|&c| c != cell && d(c / h, x, w) + d(c % h, y, h) <= radius)
            .collect()
    }

    #[test]
    fn vision_is_the_von_neumann_diamond() {
        assert_eq!(seen(40, 40, 7, 0).len(), 112);
        assert_eq!(seen(40, 40, 1, 0).len(), 4);
        for (w, h, r) in [
            (40, 40, 7),
            (15, 16, 7),
            (14, 40, 7),
            (9, 11, 3),
            (5, 5, 7),
            (1, 3, 2),
        ] {
            for cell in [0, 1, w * h / 2, w * h - 1] {
                assert_eq!(
                    seen(w, h, r, cell),
                    diamond(w, h, r, cell),
                    "{w}x{h} r{r} cell {cell}"
                );
            }
        }
        // On a 5×5 torus radius 7 reaches every other cell, each once.
        assert_eq!(Vision::new(5, 5, 7).offsets.len(), 24);
        // Radius 2 on a 4×4 torus: distance-1 cells (4) and distance-2 cells (6 distinct).
        assert_eq!(Vision::new(4, 4, 2).offsets.len(), 10);
        assert_eq!(Vision::new(1, 1, 3).offsets.len(), 0);
    }

    #[test]
    fn default_is_mesa_default() {
        let p = EpsteinParams::default();
        assert_eq!(
            (p.width, p.height, p.citizen_vision, p.cop_vision),
            (40, 40, 7, 7)
        );
        assert_eq!(
            (p.citizen_density, p.cop_density, p.legitimacy),
            (0.7, 0.074, 0.8)
        );
        assert_eq!(
            (p.max_jail_term, p.active_threshold, p.arrest_prob_constant),
            (1000, 0.1, 2.3)
        );
        assert!(p.movement);
        assert!(p.validate().is_ok());
    }

    #[test]
    fn bad_parameters_are_rejected_not_panicked_on() {
        let bad = [
            EpsteinParams {
                width: 0,
                ..Default::default()
            },
            EpsteinParams {
                citizen_density: f64::NAN,
                ..Default::default()
            },
            EpsteinParams {
                citizen_density: 0.9,
                cop_density: 0.2,
                ..Default::default()
            },
            EpsteinParams {
                citizen_vision: 0,
                ..Default::default()
            },
            EpsteinParams {
                legitimacy: 1.5,
                ..Default::default()
            },
            EpsteinParams {
                max_jail_term: u32::MAX,
                ..Default::default()
            },
            EpsteinParams {
                arrest_prob_constant: f64::INFINITY,
                ..Default::default()
            },
        ];
        for p in bad {
            assert!(EpsteinWorld::new(p, &mut rng(0)).is_err());
        }
        let mut w = EpsteinWorld::new(EpsteinParams::default(), &mut rng(0)).unwrap();
        assert!(w.set_legitimacy(f64::NAN).is_err());
        assert!(w.set_hardship(&[0.5]).is_err());
        let mut h = w.hardship().to_vec();
        h[0] = -0.1;
        assert!(w.set_hardship(&h).is_err());
        assert!(
            EpsteinWorld::with_population(EpsteinParams::default(), 1600, 1, &mut rng(0)).is_err()
        );
    }

    #[test]
    fn counts_always_sum_to_citizens_and_grid_stays_consistent() {
        let mut r = rng(3);
        let params = EpsteinParams {
            legitimacy: 0.6,
            max_jail_term: 30,
            ..Default::default()
        };
        let mut w = EpsteinWorld::new(params, &mut r).unwrap();
        let n = w.citizen_count() as u32;
        assert!(n > 1000 && n < 1250, "{n}");
        for _ in 0..60 {
            w.step(&mut r);
            let c = w.counts();
            assert_eq!(c.active + c.quiet + c.jailed, n);
            w.check_invariants().unwrap();
        }
    }

    #[test]
    fn full_legitimacy_means_nobody_is_ever_active() {
        let params = EpsteinParams {
            legitimacy: 1.0,
            ..Default::default()
        };
        for c in run(params, 5, 50) {
            assert_eq!((c.active, c.jailed), (0, 0));
        }
    }

    #[test]
    fn without_cops_nobody_is_jailed() {
        let params = EpsteinParams {
            cop_density: 0.0,
            legitimacy: 0.5,
            ..Default::default()
        };
        let counts = run(params, 6, 50);
        assert!(counts.iter().all(|c| c.jailed == 0));
        // With no cops P = 0, so exactly the citizens with H·(1 − L) > 0.1 are active.
        assert!(counts[1].active > 300);
    }

    #[test]
    fn low_legitimacy_brings_unrest_and_arrests() {
        let params = EpsteinParams {
            legitimacy: 0.5,
            ..Default::default()
        };
        let counts = run(params, 8, 30);
        assert!(counts.iter().any(|c| c.active > 0));
        assert!(counts.last().unwrap().jailed > 100);
    }

    #[test]
    fn same_seed_same_trajectory_other_seed_other_trajectory() {
        let p = EpsteinParams::default();
        let a = run(p.clone(), 11, 80);
        assert_eq!(a, run(p.clone(), 11, 80));
        assert_ne!(a, run(p, 12, 80));
    }

    #[test]
    fn without_movement_nobody_moves() {
        let mut r = rng(4);
        let params = EpsteinParams {
            movement: false,
            ..Default::default()
        };
        let mut w = EpsteinWorld::new(params, &mut r).unwrap();
        let before = (w.citizen_cells().to_vec(), w.cop_cells().to_vec());
        for _ in 0..5 {
            w.step(&mut r);
        }
        assert_eq!(before, (w.citizen_cells().to_vec(), w.cop_cells().to_vec()));
    }

    #[test]
    fn district_controls_take_effect() {
        let mut r = rng(9);
        let mut w =
            EpsteinWorld::with_population(EpsteinParams::default(), 500, 40, &mut r).unwrap();
        assert_eq!((w.citizen_count(), w.cop_count()), (500, 40));
        w.check_invariants().unwrap();
        // No hardship: nobody has a grievance, whatever the legitimacy.
        w.set_hardship(&vec![0.0; 500]).unwrap();
        w.set_legitimacy(0.0).unwrap();
        w.step(&mut r);
        assert_eq!(w.counts().active, 0);
        // Full hardship, no legitimacy, no cops: everybody not jailed turns active.
        w.set_hardship(&vec![1.0; 500]).unwrap();
        assert_eq!(w.set_cop_count(0, &mut r), 0);
        w.check_invariants().unwrap();
        w.step(&mut r);
        assert_eq!(w.counts().active, 500);
        // Cops come back on empty cells and start arresting.
        assert_eq!(w.set_cop_count(60, &mut r), 60);
        w.check_invariants().unwrap();
        w.step(&mut r);
        assert!(w.counts().jailed > 0);
        w.check_invariants().unwrap();
        // More cops than empty cells: as many as fit.
        let free = 1600 - 500 - 60;
        assert_eq!(w.set_cop_count(10_000, &mut r), 60 + free);
        w.check_invariants().unwrap();
    }

    #[test]
    fn jailed_citizens_keep_their_cell_and_serve_their_term() {
        let mut r = rng(10);
        let params = EpsteinParams {
            legitimacy: 0.4,
            max_jail_term: 5,
            ..Default::default()
        };
        let mut w = EpsteinWorld::new(params, &mut r).unwrap();
        w.step(&mut r);
        let jailed: Vec<usize> = (0..w.citizen_count())
            .filter(|&i| w.states()[i] == CitizenState::Jailed)
            .collect();
        assert!(!jailed.is_empty());
        let cells: Vec<u32> = jailed.iter().map(|&i| w.citizen_cells()[i]).collect();
        let terms: Vec<u32> = jailed.iter().map(|&i| w.jail_terms()[i]).collect();
        w.step(&mut r);
        for (k, &i) in jailed.iter().enumerate() {
            if terms[k] > 0 {
                assert_eq!(w.citizen_cells()[i], cells[k], "a jailed citizen moved");
                assert_eq!(w.jail_terms()[i], terms[k] - 1);
                assert_eq!(w.states()[i], CitizenState::Jailed);
            }
        }
        // Terms of at most 5 steps run out: some of them are free again after 7 more steps.
        for _ in 0..7 {
            w.step(&mut r);
        }
        assert!(
            jailed
                .iter()
                .any(|&i| w.states()[i] != CitizenState::Jailed)
        );
    }

    /// Mesa's citizen counts itself among the actives (`A = 1 + actives in vision`), and rounds
    /// `C / A` half to even. One citizen with `G = 0.5`, `R = 1` and other agents placed by hand.
    #[test]
    fn citizen_counts_itself_among_the_actives() {
        let decide = |cops: u32, other_actives: u32| -> CitizenState {
            let params = EpsteinParams {
                width: 20,
                height: 20,
                legitimacy: 0.0,
                movement: false,
                ..Default::default()
            };
            let mut w = EpsteinWorld::empty(params);
            w.add_citizen(0, 0.5, 1.0); // cell (0, 0)
            for k in 0..other_actives {
                let cell = 1 + k; // (0, 1), (0, 2), …: in vision
                w.add_citizen(cell, 0.0, 0.0);
                w.state[1 + k as usize] = CitizenState::Active;
                w.layers.set(ACTIVE_LAYER, cell, true);
            }
            for k in 0..cops {
                w.add_cop(20 * (1 + k)); // (1, 0), (2, 0), …: in vision
            }
            w.check_invariants().unwrap();
            w.citizen_step(0, &mut rng(0));
            w.states()[0]
        };
        use CitizenState::{Active, Quiet};
        // No cop: P = 0, G = 0.5 > 0.1.
        assert_eq!(decide(0, 0), Active);
        // One cop, alone: round(1/1) = 1, P = 0.90, 0.5 − 0.90 < 0.1.
        assert_eq!(decide(1, 0), Quiet);
        // One cop, one other active: A = 2 with itself, round(1/2) = 0, P = 0. (Without counting
        // itself it would be round(1/1) = 1 and quiet.)
        assert_eq!(decide(1, 1), Active);
        // Three cops, one other active: round(3/2) = 2 (half to even), P > 0.99.
        assert_eq!(decide(3, 1), Quiet);
        // One cop, three other actives: round(1/4) = 0.
        assert_eq!(decide(1, 3), Active);
    }

    /// Pins the draws: a change in draw order, sampling or rule shows up here first (and the
    /// debug and release builds must agree on it). If a change is meant, rerun
    /// `scripts/epstein_compare.py` and then update these numbers.
    #[test]
    fn pinned_trajectory() {
        let pick = |counts: &[EpsteinCounts], at: &[usize]| -> Vec<(u32, u32, u32)> {
            at.iter()
                .map(|&t| (counts[t].active, counts[t].quiet, counts[t].jailed))
                .collect()
        };
        let counts = run(EpsteinParams::default(), 20260101, 40);
        assert_eq!(
            pick(&counts, &[0, 1, 2, 40]),
            vec![(0, 1117, 0), (1, 1095, 21), (0, 1095, 22), (0, 1094, 23)]
        );
        let params = EpsteinParams {
            legitimacy: 0.7,
            ..Default::default()
        };
        let counts = run(params, 7, 60);
        assert_eq!(
            pick(&counts, &[1, 2, 30, 60]),
            vec![(16, 1033, 67), (0, 1033, 83), (0, 1032, 84), (0, 1028, 88)]
        );
        // A district-sized grid narrower than the vision, driven through the district controls.
        let mut r = rng(99);
        let params = EpsteinParams {
            width: 12,
            height: 11,
            ..Default::default()
        };
        let mut w = EpsteinWorld::with_population(params, 90, 0, &mut r).unwrap();
        let hardship: Vec<f64> = w.hardship().iter().map(|h| h * 0.9 + 0.1).collect();
        w.set_hardship(&hardship).unwrap();
        w.set_legitimacy(0.6).unwrap();
        assert_eq!(w.set_cop_count(6, &mut r), 6);
        let mut counts = vec![w.counts()];
        for step in 0..30 {
            if step == 15 {
                w.set_cop_count(2, &mut r);
            }
            w.step(&mut r);
            counts.push(w.counts());
        }
        assert_eq!(
            pick(&counts, &[1, 2, 15, 30]),
            vec![(4, 83, 3), (0, 82, 8), (0, 82, 8), (41, 11, 38)]
        );
    }
}
