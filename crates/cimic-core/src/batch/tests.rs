use super::design::{self, Design};
use super::shard::Shard;
use super::table::{Column, Data, Table, merge};
use super::*;
use crate::record::Source;
use crate::record::game::Game;

fn scenario(name: &str) -> String {
    format!("{}/../../scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A small design over the tutorial: policies, an orders file, overrides, a shortened game.
fn design_text() -> String {
    let (t, o) = (scenario("tutorial.ron"), scenario("tutorial.orders.ron"));
    format!(
        "scenario,seed,policy,orders,turns,scoring.harm.casualties,units[0].strength\n\
         {t},1,passive,,,,\n\
         {t},2,kinetic,,3,2.5,\n\
         {t},3,cimic-first,,,,60\n\
         {t},4,,{o},,4,80\n\
         {t},5,,,2,,\n\
         {t},6,cimic-first,,4,1,50\n"
    )
}

fn plan() -> Plan {
    Plan::new(design::parse("design.csv", &design_text()).expect("design")).expect("plan")
}

#[test]
fn results_are_the_same_whatever_the_number_of_threads() {
    let p = plan();
    let one = p.run_all(1, true, &|| {}).expect("1 thread");
    let two = p.run_all(2, true, &|| {}).expect("2 threads");
    let four = p.run_all(4, true, &|| {}).expect("4 threads");
    assert_eq!(one, two);
    assert_eq!(one, four);
    assert_eq!(
        one.iter().map(|r| r.row).collect::<Vec<_>>(),
        (0..6).collect::<Vec<_>>()
    );
    assert_eq!(one[1].turns, 3);
    assert_eq!(one[1].series.len(), 4, "turns 0 to 3");
    assert_eq!(one[1].series[3].state_hash, one[1].state_hash);
    // Different seeds and policies give different games.
    assert_ne!(one[0].state_hash, one[2].state_hash);
}

/// The final state hash of `cimic run` on the tutorial with a policy (the CLI's path: a recorded
/// game and the shared driver).
fn run_hash(seed: u64, policy: &str) -> String {
    let path = scenario("tutorial.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    let source = Source::Policy(policy.into());
    let mut game = Game::new(&path, &text, seed, source.clone()).expect("game");
    let scenario = game.record().scenario().expect("scenario");
    let mut driver = Driver::from_source(&source, &scenario).expect("driver");
    while !game.sim().finished() {
        driver.command(&mut game);
        game.advance().expect("turn");
    }
    game.sim().state_hash()
}

#[test]
fn a_row_ends_where_cimic_run_ends() {
    let p = plan();
    // Row 0: passive, seed 1, no override: the game `cimic run --policy passive --seed 1` plays.
    assert_eq!(
        p.play(0, false).expect("row 0").state_hash,
        run_hash(1, "passive")
    );
    // Row 2: cimic-first, seed 3, with units[0].strength = 60: another game than the file's.
    assert_ne!(
        p.play(2, false).expect("row 2").state_hash,
        run_hash(3, "cimic-first")
    );
    let t = scenario("tutorial.ron");
    let plain = format!("scenario,seed,policy\n{t},3,cimic-first\n");
    let plain = Plan::new(design::parse("p.csv", &plain).expect("design")).expect("plan");
    assert_eq!(
        plain.play(0, false).expect("row").state_hash,
        run_hash(3, "cimic-first")
    );
}

#[test]
fn a_record_row_plays_the_recorded_inputs_as_luck_does() {
    let path = scenario("tutorial.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    let source = Source::Policy("cimic-first".into());
    let mut game = Game::new(&path, &text, 9, source.clone()).expect("game");
    let mut driver =
        Driver::from_source(&source, &game.record().scenario().expect("s")).expect("driver");
    while !game.sim().finished() {
        driver.command(&mut game);
        game.advance().expect("turn");
    }
    let dir = tempfile::tempdir().expect("dir");
    let record = dir.path().join("game.record");
    std::fs::write(&record, game.record().to_text()).expect("write");
    let csv = format!(
        "scenario,seed,record\n,9,{r}\n,10,{r}\n",
        r = record.display()
    );
    let p = Plan::new(design::parse("d.csv", &csv).expect("design")).expect("plan");
    let rows = p.run_all(2, false, &|| {}).expect("rows");
    // Under its own seed the record replays its own game; under another, the game luck plays.
    assert_eq!(rows[0].state_hash, game.sim().state_hash());
    let luck = crate::aar::luck::luck(game.record(), 1, &|| {}).expect("luck");
    assert_eq!(luck.runs[0].seed, 10);
    assert_eq!(rows[1].state_hash, luck.runs[0].state_hash);
}

#[test]
fn bad_rows_are_refused_before_any_game_with_located_messages() {
    let t = scenario("tutorial.ron");
    let csv = format!(
        "scenario,seed,policy,units[0].strenght,units[0].strength\n\
         {t},1,passive,50,\n\
         {t},3,nobody,,\n\
         {t},4,passive,,150\n\
         missing.ron,5,passive,,\n"
    );
    let err = Plan::new(design::parse("design.csv", &csv).expect("cells are fine"))
        .err()
        .expect("refused")
        .0;
    for want in [
        "design.csv:2:",
        "override `units[0].strenght`",
        "did you mean `strength`?",
        "design.csv:3:",
        "no policy \"nobody\"",
        "with this row's overrides the scenario is not valid",
        "cannot use missing.ron",
    ] {
        assert!(err.contains(want), "{want:?} not in:\n{err}");
    }
    let err = design::parse("d.csv", "scenario,seed\ns.ron,x\n")
        .expect_err("seed")
        .render(false);
    assert!(
        err.contains("d.csv:2:") && err.contains("`x` is not a seed"),
        "{err}"
    );
    let ron = "(rows: [(scenario: \"s.ron\", seed: 1, policy: \"passive\", orders: \"o.ron\")])";
    let err = design::parse("d.ron", ron)
        .expect_err("two sources")
        .render(false);
    assert!(
        err.contains("d.ron:1:") && err.contains("more than one source"),
        "{err}"
    );
    let err = design::parse("d.csv", "scenario,seed\n\"open,1\n")
        .expect_err("quote")
        .render(false);
    assert!(err.contains("not closed"), "{err}");
}

#[test]
fn shards_merged_equal_the_whole_run_and_a_missing_or_repeated_shard_is_refused() {
    let p = plan();
    let d = p.design();
    let all = p.run_all(2, true, &|| {}).expect("all");
    let whole = Table::games(d, &all);
    let whole_series = Table::series(d, &all);
    let mut games = Vec::new();
    let mut series = Vec::new();
    for i in 1..=3 {
        let rows = Shard { index: i, count: 3 }.rows(d.rows.len());
        let results = in_pool(1, || p.run(&rows, true, &|| {}))
            .expect("pool")
            .expect("shard");
        // Through CSV and back, as `merge` reads shard files.
        let g = Table::games(d, &results).to_csv();
        games.push((
            format!("shard{i}.csv"),
            Table::from_csv("shard.csv", &g).expect("csv"),
        ));
        series.push((format!("series{i}.csv"), Table::series(d, &results)));
    }
    let merged = merge(&games).expect("merged");
    assert_eq!(merged.to_csv(), whole.to_csv());
    assert_eq!(merge(&series).expect("series"), whole_series);
    let missing = merge(&games[..2]).expect_err("missing").0;
    assert!(
        missing.contains("2 of the design's 6 rows are in no output (rows 2, 5)"),
        "{missing}"
    );
    let twice = [
        games[0].clone(),
        games[0].clone(),
        games[1].clone(),
        games[2].clone(),
    ];
    let err = merge(&twice).expect_err("twice").0;
    assert!(
        err.contains("row 0 is in both shard1.csv and shard1.csv"),
        "{err}"
    );
    let mixed = [games[0].clone(), series[1].clone()];
    assert!(merge(&mixed).is_err());
}

#[test]
fn a_design_written_as_csv_reads_back_the_same() {
    let p = plan();
    let text = design::to_csv(&p.design().rows);
    let back = design::parse("again.csv", &text).expect("reads");
    assert_eq!(Design::from_rows("x", back.rows).hash(), p.design().hash());
}

#[test]
fn a_table_whose_columns_differ_in_length_is_refused_not_read_across() {
    // A hand-made file can hold fewer cells in one column than in another.
    let ragged = Table {
        columns: vec![
            Column {
                name: "design".into(),
                data: Data::Text(vec![Some("d".into()), Some("d".into())]),
            },
            Column {
                name: "design_rows".into(),
                data: Data::Int(vec![2]),
            },
            Column {
                name: "row".into(),
                data: Data::Int(vec![0, 1]),
            },
        ],
    };
    let err = merge(&[("ragged.parquet".to_string(), ragged)]).expect_err("refused");
    assert!(
        err.0.contains("column `design_rows` has 1 cells"),
        "{}",
        err.0
    );
}
