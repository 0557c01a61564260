//! `cimic design`, `cimic batch` and `cimic batch merge` through the built binary: a generated
//! design runs; the results do not depend on the threads; shards 1/3, 2/3 and 3/3 merged are the
//! unsharded results, in CSV and in Parquet; a missing or repeated shard is refused; the shard
//! comes from Slurm's environment; a bad override is a located error and nothing is written.

mod common;

use common::{TUTORIAL, cimic, code, command, dump, ok, s, stderr};
use std::path::Path;

fn design(dir: &Path) -> String {
    let d = s(&dir.join("design.csv"));
    ok(&cimic(&[
        "design",
        "--scenario",
        TUTORIAL,
        "--policy",
        "passive",
        "--policy",
        "cimic-first",
        "--seeds",
        "1..2",
        "--factor",
        "scoring.harm.casualties=1,3",
        "--turns",
        "4",
        "--out",
        &d,
    ]));
    d
}

#[test]
fn shards_merged_equal_the_whole_run_whatever_the_threads() {
    let dir = tempfile::tempdir().expect("dir");
    let d = design(dir.path());
    let out = |name: &str| s(&dir.path().join(name));
    ok(&cimic(&[
        "batch",
        &d,
        "--out",
        &out("all.csv"),
        "--threads",
        "1",
    ]));
    ok(&cimic(&[
        "batch",
        &d,
        "--out",
        &out("all2.csv"),
        "--threads",
        "2",
    ]));
    let all = std::fs::read_to_string(out("all.csv")).expect("all");
    assert_eq!(all, std::fs::read_to_string(out("all2.csv")).expect("all2"));
    assert_eq!(all.lines().count(), 1 + 8);
    for i in 1..=3 {
        ok(&cimic(&[
            "batch",
            &d,
            "--out",
            &out(&format!("s{i}.csv")),
            "--shard",
            &format!("{i}/3"),
        ]));
        ok(&cimic(&[
            "batch",
            &d,
            "--out",
            &out(&format!("s{i}.parquet")),
            "--shard",
            &format!("{i}/3"),
        ]));
    }
    ok(&cimic(&[
        "batch",
        "merge",
        &out("s1.csv"),
        &out("s2.csv"),
        &out("s3.csv"),
        "--out",
        &out("m.csv"),
    ]));
    assert_eq!(std::fs::read_to_string(out("m.csv")).expect("merged"), all);
    ok(&cimic(&[
        "batch",
        "merge",
        &out("s3.parquet"),
        &out("s1.parquet"),
        &out("s2.parquet"),
        "--out",
        &out("m2.csv"),
    ]));
    assert_eq!(std::fs::read_to_string(out("m2.csv")).expect("merged"), all);
    let missing = cimic(&[
        "batch",
        "merge",
        &out("s1.csv"),
        &out("s3.csv"),
        "--out",
        &out("x.csv"),
    ]);
    assert_eq!(code(&missing), 1, "{}", dump(&missing));
    assert!(
        stderr(&missing).contains("are in no output (rows 1, 4, 7)"),
        "{}",
        dump(&missing)
    );
    let twice = cimic(&[
        "batch",
        "merge",
        &out("s1.csv"),
        &out("s2.csv"),
        &out("s2.parquet"),
        &out("s3.csv"),
        "--out",
        &out("x.csv"),
    ]);
    assert_eq!(code(&twice), 1, "{}", dump(&twice));
    assert!(
        stderr(&twice).contains("row 1 is in both"),
        "{}",
        dump(&twice)
    );
    assert!(!dir.path().join("x.csv").exists());
    // Slurm's array task 2 of 3 is --shard 2/3.
    let slurm = command(&["batch", &d, "--out", &out("slurm.csv")])
        .env("SLURM_ARRAY_TASK_ID", "2")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .output()
        .expect("runs");
    ok(&slurm);
    assert_eq!(
        std::fs::read_to_string(out("slurm.csv")).expect("slurm"),
        std::fs::read_to_string(out("s2.csv")).expect("s2")
    );
}

#[test]
fn a_bad_override_is_located_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path().join("bad.csv");
    std::fs::write(
        &d,
        format!("scenario,seed,policy,units[0].strenght\n{TUTORIAL},1,passive,50\n"),
    )
    .expect("write");
    let out = dir.path().join("r.parquet");
    let run = cimic(&["batch", &s(&d), "--out", &s(&out)]);
    assert_eq!(code(&run), 1, "{}", dump(&run));
    let err = stderr(&run);
    assert!(
        err.contains("bad.csv:2:") && err.contains("did you mean `strength`?"),
        "{}",
        dump(&run)
    );
    assert!(!out.exists());
    let usage = cimic(&["batch", &s(&d), "--out", &s(&dir.path().join("r.txt"))]);
    assert_eq!(code(&usage), 2, "{}", dump(&usage));
}
