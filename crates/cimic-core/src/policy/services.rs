//! The search behind cimic-first's care plan (`care.rs`): which of each unit's shortlisted
//! services to run so that together they do most good, exactly (branch and bound) within a
//! budget of nodes, then by local improvement. Apart from the care plan, so that each stays
//! readable; it knows options only by their values and a (district, sector) key.

/// Nodes the exact search may visit: far more than any shipped scenario needs (a few thousand),
/// small enough that one turn's planning stays well under the turn it plans.
const SEARCH_BUDGET: usize = 200_000;

/// The bound's margin for rounding beside a best value: a branch must fall short of the best
/// by more than this to be skipped.
fn margin(best: f32) -> f32 {
    1e-3 * (1.0 + best.abs())
}

/// The search for the best combination of services.
pub(super) struct Search {
    /// Most any unit from `i` on can add: the branch-and-bound's optimistic rest, by `i`.
    rest: Vec<f32>,
    /// What each unit's options add, by unit and option, packed close together: the search
    /// reads them at every node.
    opts: Vec<Vec<Opt>>,
    /// How many of the units chosen so far on the search's path serve each (district, sector):
    /// whether an option counts in full or at its shared value, without looking back.
    taken: Vec<u32>,
    /// Nodes visited so far.
    nodes: usize,
    /// The best plan found: its value and each unit's choice.
    pub best: (f32, Vec<Option<usize>>),
    /// The rounding margin of the bound, `1e-3 × (1 + |best value|)`, kept with the best.
    margin: f32,
}

/// An option as the search sees it: its value alone and beside another unit doing the same,
/// and its (district, sector) as one dense number.
#[derive(Clone, Copy)]
pub(super) struct Opt {
    pub solo: f32,
    pub shared: f32,
    pub key: usize,
}

impl Search {
    /// The search over each unit's options (by unit, best first).
    pub fn new(opts: Vec<Vec<Opt>>) -> Self {
        let mut rest = vec![0.0f32; opts.len() + 1];
        for i in (0..opts.len()).rev() {
            let top = opts[i]
                .iter()
                .map(|c| c.solo.max(c.shared))
                .fold(0.0f32, f32::max);
            rest[i] = rest[i + 1] + top;
        }
        let size = opts.iter().flatten().map(|o| o.key + 1).max().unwrap_or(0);
        let units = opts.len();
        Search {
            opts,
            rest,
            taken: vec![0; size],
            nodes: 0,
            best: (0.0, vec![None; units]),
            margin: margin(0.0),
        }
    }

    /// Depth-first over every unit's choice (each option in turn, then none), keeping the first
    /// best plan found; a branch that cannot beat the best even if every later unit did its best
    /// is skipped (with a margin for rounding, so the plan is the one the full search finds).
    /// Returns false when the budget ran out before the search was complete. A loop over an
    /// explicit path rather than recursion: the budget's nodes are visited in the same order,
    /// each for a few instructions.
    pub fn exact(&mut self) -> bool {
        let n = self.opts.len();
        let mut choice: Vec<Option<usize>> = vec![None; n];
        // The plan's value on entering each depth, and the next branch to take there (an
        // option's index, its count for none, past it: done).
        let mut value = vec![0.0f32; n + 1];
        let mut next = vec![0usize; n];
        let mut i = 0;
        loop {
            self.nodes += 1;
            if self.nodes > SEARCH_BUDGET {
                return false;
            }
            if i == n && value[n] > self.best.0 {
                self.best = (value[n], choice.clone());
                self.margin = margin(value[n]);
            }
            let skip = i == n || value[i] + self.rest[i] + self.margin < self.best.0;
            if !skip {
                next[i] = 0;
            } else {
                // A leaf or a skipped branch: back to the nearest depth with a branch left,
                // giving back the (district, sector) of each option left behind.
                loop {
                    if i == 0 {
                        return true;
                    }
                    i -= 1;
                    if let Some(c) = self.opts[i].get(next[i] - 1) {
                        self.taken[c.key] -= 1;
                    }
                    if next[i] <= self.opts[i].len() {
                        break;
                    }
                }
            }
            let k = next[i];
            if let Some(&c) = self.opts[i].get(k) {
                choice[i] = Some(k);
                let add = if self.taken[c.key] > 0 {
                    c.shared
                } else {
                    c.solo
                };
                self.taken[c.key] += 1;
                value[i + 1] = value[i] + add;
            } else {
                choice[i] = None;
                value[i + 1] = value[i];
            }
            next[i] = k + 1;
            i += 1;
        }
    }

    /// Value of a whole plan: each service in full for the first unit in its district and
    /// sector, shared for the others.
    fn value(&self, choice: &[Option<usize>]) -> f32 {
        let mut seen: std::collections::BTreeSet<usize> = Default::default();
        let mut v = 0.0;
        for (i, c) in choice.iter().enumerate() {
            let Some(k) = *c else { continue };
            let c = &self.opts[i][k];
            v += if seen.insert(c.key) { c.solo } else { c.shared };
        }
        v
    }

    /// Local improvement of the best plan: each unit in turn takes the option (or none) that
    /// most raises the plan's value, until a whole pass changes nothing (at most a few passes).
    pub fn improve(&mut self) {
        let mut choice = self.best.1.clone();
        let mut value = self.value(&choice);
        for _ in 0..8 {
            let mut changed = false;
            for i in 0..self.opts.len() {
                let keep = choice[i];
                let mut pick = (value, keep);
                for k in std::iter::once(None).chain((0..self.opts[i].len()).map(Some)) {
                    choice[i] = k;
                    let v = self.value(&choice);
                    if v > pick.0 + 1e-3 * (1.0 + pick.0.abs()) {
                        pick = (v, k);
                    }
                }
                choice[i] = pick.1;
                if pick.1 != keep {
                    value = pick.0;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        if value > self.best.0 {
            self.best = (value, choice);
        }
    }
}
