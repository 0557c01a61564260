//! `cimic new NAME --template KIND`: a commented, valid starting scenario and its orders file,
//! so that an author starts from something that plays and changes it a step at a time. The
//! templates are files in `assets/templates/`, built into the binary; tests check that each
//! validates and that its orders play without a refusal. `cimic schema` prints the JSON Schema
//! of the format that editors complete fields from.

use super::error::{CliError, CliResult};
use super::output::{refuse_existing, write_atomically};
use std::path::{Path, PathBuf};

/// The kinds of exercise a template exists for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateKind {
    /// Natural disaster relief: a damaged bridge and power plant, an NGO and a town council.
    DisasterRelief,
    /// Stabilisation with an adversary: an armed band, grievance, police and a municipality.
    Stabilisation,
    /// Host-nation support and civil resilience: allied forces in an allied country in a crisis.
    Resilience,
}

impl TemplateKind {
    /// Every kind, for the tests.
    #[cfg(test)]
    pub const ALL: [TemplateKind; 3] = [
        TemplateKind::DisasterRelief,
        TemplateKind::Stabilisation,
        TemplateKind::Resilience,
    ];

    /// The scenario and orders texts of the template, with `template_id` and `template_title`
    /// to be replaced.
    pub fn texts(self) -> (&'static str, &'static str) {
        match self {
            TemplateKind::DisasterRelief => (
                include_str!("../../assets/templates/disaster_relief.ron"),
                include_str!("../../assets/templates/disaster_relief.orders.ron"),
            ),
            TemplateKind::Stabilisation => (
                include_str!("../../assets/templates/stabilisation.ron"),
                include_str!("../../assets/templates/stabilisation.orders.ron"),
            ),
            TemplateKind::Resilience => (
                include_str!("../../assets/templates/resilience.ron"),
                include_str!("../../assets/templates/resilience.orders.ron"),
            ),
        }
    }
}

/// `cimic new`'s arguments.
#[derive(clap::Args)]
pub struct NewArgs {
    /// The scenario's name: its id, and the files NAME.ron and NAME.orders.ron.
    pub name: String,
    /// The kind of exercise to start from.
    #[arg(long, value_enum)]
    pub template: TemplateKind,
    /// The folder to write the two files in (default: the current folder).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

/// A name usable as a scenario id and a file name: lower-case letters, digits and `_`, starting
/// with a letter.
fn check_name(name: &str) -> CliResult {
    let mut chars = name.chars();
    let good = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 64;
    if good {
        Ok(())
    } else {
        Err(CliError::usage(format!("the name {name:?} cannot be a scenario id"))
            .hint("use lower-case letters, digits and `_`, starting with a letter, e.g. `river_flood`"))
    }
}

/// The template's texts for a scenario called `name`.
pub fn instantiate(kind: TemplateKind, name: &str) -> (String, String) {
    let (scenario, orders) = kind.texts();
    let title = name.replace('_', " ");
    (
        scenario
            .replacen("\"template_id\"", &format!("{name:?}"), 1)
            .replacen("\"template_title\"", &format!("{title:?}"), 1),
        orders.to_string(),
    )
}

/// `cimic new NAME --template KIND [--dir DIR]`: writes NAME.ron and NAME.orders.ron, refusing
/// to replace either.
pub fn new_cmd(args: &NewArgs) -> CliResult {
    check_name(&args.name)?;
    let scenario_path = args.dir.join(format!("{}.ron", args.name));
    let orders_path = args.dir.join(format!("{}.orders.ron", args.name));
    for p in [&scenario_path, &orders_path] {
        refuse_existing(p, false)?;
    }
    let (scenario, orders) = instantiate(args.template, &args.name);
    write_atomically(&scenario_path, &scenario, false)?;
    write_atomically(&orders_path, &orders, false)?;
    let shown = |p: &Path| p.display().to_string();
    println!(
        "{}: new scenario, and its orders {}; next: cimic validate {} && cimic lint {}",
        shown(&scenario_path),
        shown(&orders_path),
        shown(&scenario_path),
        shown(&scenario_path)
    );
    Ok(())
}

/// `cimic schema`'s arguments.
#[derive(clap::Args)]
pub struct SchemaArgs {
    /// Write the schema to this file (atomically; a new file unless --force) instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `cimic schema [--out FILE] [--force]`: the JSON Schema of the scenario format, derived from
/// its types (`assets/scenario.schema.json` is this output).
pub fn schema_cmd(args: &SchemaArgs) -> CliResult {
    let text = cimic_core::scenario::schema::scenario_schema();
    match &args.out {
        None => {
            print!("{text}");
            Ok(())
        }
        Some(path) => {
            write_atomically(path, &text, args.force)?;
            println!("{}: JSON Schema of the scenario format", path.display());
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_validates_under_a_new_name_and_its_orders_load() {
        for kind in TemplateKind::ALL {
            let (scenario, orders) = instantiate(kind, "my_exercise");
            let s = cimic_core::scenario::load_str("t.ron", &scenario)
                .unwrap_or_else(|e| panic!("{kind:?}: {}", e.render(false)));
            assert_eq!(s.meta.id, "my_exercise");
            assert_eq!(s.meta.title, "my exercise");
            cimic_core::orders::parse_orders("t.orders.ron", &orders, &s)
                .unwrap_or_else(|e| panic!("{kind:?}: {}", e.render(false)));
        }
    }

    #[test]
    fn a_name_that_cannot_be_an_id_is_refused() {
        for bad in ["", "My Exercise", "9lives", "a/b", "x-y"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_name("river_flood_2").is_ok());
    }
}
