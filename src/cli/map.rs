//! `cimic map SCENARIO --svg OUT [--turn N --seed S]`: the map as the after-action report draws
//! it (`cimic_core::aar::map`, with its legend), without playing a game by hand: at turn 0, or
//! after the game is played to turn N by the scenario's orders file (if there is one beside it)
//! or a named policy, as `cimic run` would play it.

use super::error::{CliError, CliResult};
use super::lines::{Line, orders_beside, play};
use super::output::{refuse_existing, write_atomically};
use super::play::{PolicyName, source};
use cimic_core::aar::map::{map_svg, standalone_svg};
use cimic_core::aar::timeline::MapSnapshot;
use cimic_core::scenario::load::read_text;
use std::path::PathBuf;

/// `cimic map`'s arguments.
#[derive(clap::Args)]
pub struct MapArgs {
    /// Scenario file (.ron).
    pub scenario: PathBuf,
    /// The SVG file to write (a new file unless --force).
    #[arg(long)]
    pub svg: PathBuf,
    /// Draw the map after this turn (default 0: the starting situation).
    #[arg(long, default_value_t = 0)]
    pub turn: u32,
    /// Seed of the game played to --turn.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Orders that play to --turn (default: NAME.orders.ron beside the scenario, if any).
    #[arg(long, conflicts_with = "policy")]
    pub orders: Option<PathBuf>,
    /// A built-in policy that plays to --turn (default when there is no orders file: passive).
    #[arg(long, value_enum)]
    pub policy: Option<PolicyName>,
    /// Also write the map as a PNG picture (built with the cargo feature `png`).
    #[cfg(feature = "png")]
    #[arg(long)]
    pub png: Option<PathBuf>,
    /// Replace the SVG (and PNG) file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The SVG rasterised at its own size, with the system's fonts for its text.
#[cfg(feature = "png")]
fn png(svg: &str) -> CliResult<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_system_fonts();
    // The map asks for `sans-serif`; fontdb's default for it (Arial) is often missing: take
    // the first sans-serif face the system has, else any face.
    let family = fonts
        .faces()
        .flat_map(|f| f.families.iter().map(|(name, _)| name.clone()))
        .find(|n| n.contains("Sans") && !n.contains("Mono"))
        .or_else(|| {
            fonts
                .faces()
                .flat_map(|f| f.families.first())
                .map(|(n, _)| n.clone())
                .next()
        });
    if let Some(family) = family {
        fonts.set_sans_serif_family(family.clone());
        options.font_family = family;
    }
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| CliError::invalid(format!("cannot draw the map as a picture: {e}")))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| CliError::invalid("cannot draw the map as a picture: it has no size"))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| CliError::invalid(format!("cannot encode the picture: {e}")))
}

/// The line that plays to the turn asked for: `--policy`, `--orders`, the orders file beside
/// the scenario, or the passive policy.
fn line(args: &MapArgs) -> CliResult<Line> {
    if let Some(p) = args.policy {
        return Ok(Line {
            label: p.name().to_string(),
            source: source(None, Some(p))?,
        });
    }
    match args
        .orders
        .clone()
        .or_else(|| orders_beside(&args.scenario))
    {
        Some(path) => Ok(Line {
            label: path.display().to_string(),
            source: source(Some(&path), None)?,
        }),
        None => Ok(Line {
            label: PolicyName::Passive.name().to_string(),
            source: source(None, Some(PolicyName::Passive))?,
        }),
    }
}

/// `cimic map`.
pub fn map_cmd(args: &MapArgs) -> CliResult {
    refuse_existing(&args.svg, args.force)?;
    #[cfg(feature = "png")]
    if let Some(p) = &args.png {
        refuse_existing(p, args.force)?;
    }
    let name = args.scenario.display().to_string();
    let text = read_text(&args.scenario)?;
    let scenario = cimic_core::scenario::load_str(&name, &text)?;
    if args.turn > scenario.meta.turns {
        return Err(CliError::usage(format!(
            "--turn {} is after the scenario's last turn ({})",
            args.turn, scenario.meta.turns
        ))
        .hint(format!("choose a turn from 0 to {}", scenario.meta.turns)));
    }
    let line = line(args)?;
    let (game, played) = play(
        &name,
        &text,
        args.seed,
        &line,
        Some(args.turn),
        &mut |_, _| {},
    )?;
    let sim = game.sim();
    let snap = MapSnapshot {
        turn: sim.turn(),
        units: sim.units(),
        sites: sim.infrastructure(),
        unrest: sim.unrest().iter().map(|u| u.1).collect(),
    };
    let districts: Vec<(String, String)> = scenario
        .map
        .districts
        .iter()
        .map(|d| (d.id.clone(), d.name.clone()))
        .collect();
    let svg = standalone_svg(&map_svg(sim.map(), &snap, &districts));
    write_atomically(&args.svg, &svg, args.force)?;

    let how = if args.turn == 0 {
        "the starting situation".to_string()
    } else {
        format!(
            "after turn {} (seed {}, {}{})",
            args.turn,
            args.seed,
            line.label,
            if played.refused > 0 {
                format!(", {} orders refused", played.refused)
            } else {
                String::new()
            }
        )
    };
    println!(
        "{}: map of {name}, {how}, {} KB",
        args.svg.display(),
        svg.len().div_ceil(1024)
    );
    #[cfg(feature = "png")]
    if let Some(p) = &args.png {
        super::output::write_bytes_atomically(p, &png(&svg)?, args.force)?;
        println!("{}: the same map as a PNG picture", p.display());
    }
    Ok(())
}
