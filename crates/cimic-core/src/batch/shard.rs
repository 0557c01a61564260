//! Shards: a deterministic slice of a design's rows, so that any scheduler (a Slurm job array, a
//! Kubernetes Indexed Job, a shell loop) can spread one design over machines, each running
//! `cimic batch --shard I/N`, and `cimic batch merge` can join the outputs. Shard I of N takes
//! the rows whose position p has p mod N = I − 1: costly rows that sit together in a design
//! (one policy, one scenario) are dealt out evenly.

/// Environment variables a scheduler sets for a job array's task: Slurm's pair, then
/// Kubernetes' Indexed Job index with our count variable (a Job's `completions` is not exposed
/// to the pod).
pub const SLURM_ID: &str = "SLURM_ARRAY_TASK_ID";
/// Slurm's count of tasks in the array.
pub const SLURM_COUNT: &str = "SLURM_ARRAY_TASK_COUNT";
/// Kubernetes' index of an Indexed Job's pod (0-based).
pub const K8S_INDEX: &str = "JOB_COMPLETION_INDEX";
/// The count to go with [`K8S_INDEX`]: set it to the Job's `completions`.
pub const K8S_COUNT: &str = "CIMIC_SHARD_COUNT";

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// The whole design.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Reads `I/N` (1 ≤ I ≤ N).
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("--shard {text}: write I/N with 1 ≤ I ≤ N, e.g. 2/8");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        Shard::new(index, count).ok_or_else(bad)
    }

    /// Shard `index` of `count`, when 1 ≤ index ≤ count.
    pub fn new(index: usize, count: usize) -> Option<Shard> {
        (index >= 1 && index <= count).then_some(Shard { index, count })
    }

    /// The shard a scheduler's environment names: Slurm's array task (its ID is the index,
    /// counted from the array's lowest ID, which must be 0 or 1 with `--array=1-N` or `0-(N-1)`),
    /// or Kubernetes' completion index with [`K8S_COUNT`]. `None` when neither is set; an error
    /// when one is set but unusable. `get` reads a variable (the process environment in the CLI).
    pub fn from_env(get: &dyn Fn(&str) -> Option<String>) -> Result<Option<Shard>, String> {
        let num = |name: &str| -> Result<Option<usize>, String> {
            match get(name) {
                None => Ok(None),
                Some(v) => v
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{name}={v} is not a whole number")),
            }
        };
        if let Some(id) = num(SLURM_ID)? {
            let count = num(SLURM_COUNT)?
                .ok_or_else(|| format!("{SLURM_ID} is set but {SLURM_COUNT} is not"))?;
            let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(1);
            let index = if min == 0 {
                id + 1
            } else {
                id + 1 - min.min(id + 1)
            };
            return Shard::new(index, count)
                .map(Some)
                .ok_or_else(|| format!("{SLURM_ID}={id} is outside an array of {count} tasks: use --array=1-{count} or 0-{}", count.saturating_sub(1)));
        }
        if let Some(index) = num(K8S_INDEX)? {
            let count = num(K8S_COUNT)?.ok_or_else(|| {
                format!(
                    "{K8S_INDEX} is set but {K8S_COUNT} is not: set it to the Job's completions"
                )
            })?;
            return Shard::new(index + 1, count)
                .map(Some)
                .ok_or_else(|| format!("{K8S_INDEX}={index} is outside {K8S_COUNT}={count}"));
        }
        Ok(None)
    }

    /// The positions of this shard's rows in a design of `rows` rows, in order.
    pub fn rows(self, rows: usize) -> Vec<usize> {
        (self.index - 1..rows).step_by(self.count).collect()
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_deal_every_row_out_exactly_once() {
        for count in 1..6 {
            let mut all: Vec<usize> = (1..=count)
                .flat_map(|i| Shard { index: i, count }.rows(11))
                .collect();
            all.sort_unstable();
            assert_eq!(all, (0..11).collect::<Vec<_>>());
        }
        assert_eq!(Shard::parse("2/3").expect("ok").rows(7), vec![1, 4]);
        for bad in ["0/3", "4/3", "1", "a/b", "1/0"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_shard_is_read_from_slurm_or_kubernetes() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Shard::from_env(&env(&[])), Ok(None));
        let slurm = env(&[
            (SLURM_ID, "2"),
            (SLURM_COUNT, "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
        ]);
        assert_eq!(Shard::from_env(&slurm), Ok(Shard::new(2, 4)));
        let slurm0 = env(&[
            (SLURM_ID, "0"),
            (SLURM_COUNT, "4"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
        ]);
        assert_eq!(Shard::from_env(&slurm0), Ok(Shard::new(1, 4)));
        let k8s = env(&[(K8S_INDEX, "3"), (K8S_COUNT, "4")]);
        assert_eq!(Shard::from_env(&k8s), Ok(Shard::new(4, 4)));
        assert!(Shard::from_env(&env(&[(K8S_INDEX, "4"), (K8S_COUNT, "4")])).is_err());
        assert!(Shard::from_env(&env(&[(K8S_INDEX, "1")])).is_err());
        assert!(Shard::from_env(&env(&[(SLURM_ID, "x"), (SLURM_COUNT, "4")])).is_err());
    }
}
