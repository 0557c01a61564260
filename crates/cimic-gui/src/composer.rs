//! The order composer: a selected unit offers only the orders its capabilities allow; the
//! trainee picks one, sees its cost and expected effect, and picks the target on the map (a hex,
//! a site, a district or an adversary unit) or from a list (actors). Every candidate is checked
//! against the state before it is offered, so a refusal is explained before anything is sent.

use super::session::{Session, UiCommand};
use bevy::prelude::*;
use bevy_egui::egui;
use cimic_core::orders::Order;
use cimic_core::scenario::format::{HexPos, Sector, SideRole};
use cimic_core::sim::Simulation;

/// The kinds of order (one button each) and what their targets are: the core's table of rule
/// facts, which also gives each button's help text.
pub use cimic_core::orders::{OrderKind, Target};

/// The composer's state: the selected unit, the order being composed and its parameters.
#[derive(Resource, Debug, Clone)]
pub struct Composer {
    pub unit: Option<String>,
    pub kind: Option<OrderKind>,
    pub sector: Sector,
    pub complete_by: u32,
    /// District the actor list is drawn from (the unit's own unless one is clicked).
    pub actor_district: Option<String>,
    /// The hex last clicked (for the hex inspector).
    pub inspected: Option<HexPos>,
}

impl Default for Composer {
    fn default() -> Self {
        Composer {
            unit: None,
            kind: None,
            sector: Sector::Water,
            complete_by: 0,
            actor_district: None,
            inspected: None,
        }
    }
}

/// The district id of a hex, if it has one.
pub fn district_at(session: &Session, pos: HexPos) -> Option<String> {
    let sim = session.sim()?;
    let d = sim.map().district_at(pos)?;
    session
        .scenario
        .map
        .districts
        .get(d as usize)
        .map(|d| d.id.clone())
}

/// Builds the order of `kind` for `unit` aimed at what stands on `pos` (`None` when nothing
/// fitting is there).
pub fn order_at(
    session: &Session,
    composer: &Composer,
    unit: &str,
    kind: OrderKind,
    pos: HexPos,
) -> Option<Order> {
    let sim = session.sim()?;
    let unit = unit.to_string();
    let site = || {
        sim.infrastructure()
            .into_iter()
            .find(|s| s.hex == pos)
            .map(|s| s.id)
    };
    let district = || district_at(session, pos);
    use OrderKind::*;
    Some(match kind {
        Move => Order::Move { unit, to: pos },
        Repair => Order::Repair {
            unit,
            target: site()?,
        },
        SecureSite => Order::SecureSite {
            unit,
            target: site()?,
        },
        Engage => Order::Engage {
            unit,
            target: sim
                .units()
                .into_iter()
                .find(|u| u.position == pos && u.role == SideRole::Adversary)?
                .id,
        },
        ProvideAid => Order::ProvideAid {
            unit,
            district: district()?,
            sector: composer.sector,
        },
        MedicalSupport => Order::MedicalSupport {
            unit,
            district: district()?,
        },
        CoordinationMeeting => Order::CoordinationMeeting {
            unit,
            district: district()?,
        },
        Assess => Order::Assess {
            unit,
            district: district()?,
        },
        Patrol => Order::Patrol {
            unit,
            district: district()?,
        },
        InformationCampaign => Order::InformationCampaign {
            unit,
            district: district()?,
        },
        CommunityProject => Order::CommunityProject {
            unit,
            district: district()?,
            sector: composer.sector,
            complete_by: composer
                .complete_by
                .max(sim.turn() + cimic_core::rules::PROJECT_TURNS),
        },
        Resupply => Order::Resupply {
            unit,
            district: district()?,
        },
        Hold => Order::Hold { unit },
        Escort | Liaise | SupportAuthority | Handover => return None,
    })
}

/// The actor order of `kind` for `unit` with `actor` (Escort in the actor list's district).
pub fn actor_order(kind: OrderKind, unit: &str, actor: &str, district: &str) -> Option<Order> {
    let (unit, actor) = (unit.to_string(), actor.to_string());
    Some(match kind {
        OrderKind::Escort => Order::Escort {
            unit,
            actor,
            district: district.to_string(),
        },
        OrderKind::Liaise => Order::Liaise { unit, actor },
        OrderKind::SupportAuthority => Order::SupportAuthority { unit, actor },
        OrderKind::Handover => Order::Handover { unit, actor },
        _ => return None,
    })
}

/// What a map click means while composing: the order to submit, if the click completes one.
pub fn on_map_click(session: &Session, composer: &mut Composer, pos: HexPos) -> Option<UiCommand> {
    let (Some(unit), Some(kind)) = (composer.unit.clone(), composer.kind) else {
        return None;
    };
    if kind.target() == Target::Actor {
        composer.actor_district = district_at(session, pos);
        return None;
    }
    let order = order_at(session, composer, &unit, kind, pos)?;
    composer.kind = None;
    Some(UiCommand::Submit(order))
}

/// The composer panel for the selected unit.
pub fn composer_ui(
    ui: &mut egui::Ui,
    session: &Session,
    composer: &mut Composer,
    out: &mut Vec<UiCommand>,
) {
    let Some(sim) = session.sim() else {
        ui.label("Playing the turn…");
        return;
    };
    let Some(unit_id) = composer.unit.clone() else {
        ui.label(if session.reviewing() {
            "After-action review: click a unit to see it. Fork from here (F5) to play on."
        } else {
            "Click one of your units (blue frame) on the map to give it an order."
        });
        return;
    };
    let Some(unit) = sim.units().into_iter().find(|u| u.id == unit_id) else {
        composer.unit = None;
        return;
    };
    ui.heading(session.unit_name(&unit.id));
    ui.label(format!(
        "{:?} · strength {:.0} · supplies {:.0} · at ({}, {}) · now: {}",
        unit.kind, unit.strength, unit.supplies, unit.position.0, unit.position.1, unit.task
    ));
    if unit.role != SideRole::Force {
        ui.label("Not under the players' command.");
        return;
    }
    if session.reviewing() {
        ui.label("After-action review: fork to give orders.");
        return;
    }
    if sim.finished() {
        ui.label("The exercise is over: no more orders.");
        return;
    }
    if let Some(o) = session.staged_for(&unit.id) {
        ui.horizontal(|ui| {
            ui.add(egui::Label::new(format!("Staged: {}", o.summary())).wrap());
            if ui.button("Cancel").clicked() {
                out.push(UiCommand::Cancel(unit.id.clone()));
            }
        });
    }
    ui.separator();
    let own_district = district_at(session, unit.position);
    ui.horizontal_wrapped(|ui| {
        for kind in OrderKind::ALL {
            if kind
                .capability()
                .is_some_and(|c| !unit.capabilities.contains(&c))
            {
                continue;
            }
            let selected = composer.kind == Some(kind);
            if ui.selectable_label(selected, kind.label()).clicked() {
                composer.kind = if selected { None } else { Some(kind) };
                composer.actor_district = own_district.clone();
                composer.complete_by = sim.turn() + cimic_core::rules::PROJECT_TURNS;
            }
        }
    });
    let Some(kind) = composer.kind else {
        return;
    };
    ui.separator();
    ui.label(egui::RichText::new(kind.label()).strong());
    ui.label(format!("Cost: {}", kind.cost_text()));
    ui.label(format!("Effect: {}", kind.effect_text()));
    if matches!(kind, OrderKind::ProvideAid | OrderKind::CommunityProject) {
        egui::ComboBox::from_label("Sector")
            .selected_text(composer.sector.name())
            .show_ui(ui, |ui| {
                for s in Sector::ALL {
                    ui.selectable_value(&mut composer.sector, s, s.name());
                }
            });
    }
    if kind == OrderKind::CommunityProject {
        let min = sim.turn() + cimic_core::rules::PROJECT_TURNS;
        ui.add(
            egui::Slider::new(&mut composer.complete_by, min..=sim.turns().max(min))
                .text("done by turn"),
        );
    }
    match kind.target() {
        Target::None => {
            if ui.button("Give the order").clicked() {
                out.push(UiCommand::Submit(Order::Hold {
                    unit: unit.id.clone(),
                }));
                composer.kind = None;
            }
        }
        Target::Actor => {
            if composer.actor_district.is_none() {
                composer.actor_district = own_district.clone();
            }
            actor_list(ui, session, composer, &unit.id, kind, out)
        }
        Target::District => {
            ui.label("Click a district on the map, or:");
            if let Some(d) = &own_district
                && let Some(order) = order_at(session, composer, &unit.id, kind, unit.position)
            {
                let text = format!("{} in {d}", kind.label());
                offer(ui, sim, order, &text, composer, out);
            }
        }
        Target::Hex => {
            ui.label("Click the destination hex on the map.");
        }
        Target::Site => {
            ui.label("Click the site on the map (on or next to the unit). Sites in reach:");
            for s in sim.infrastructure() {
                if cimic_core::map::distance(s.hex, unit.position) <= 1
                    && let Some(order) = order_at(session, composer, &unit.id, kind, s.hex)
                {
                    let text = format!("{} {}", kind.label(), s.id);
                    offer(ui, sim, order, &text, composer, out);
                }
            }
        }
        Target::Unit => {
            ui.label("Click the adversary unit (red diamond) on the map.");
        }
    }
}

/// A button giving `order`, greyed out with the reason when the check against the state fails:
/// a refusal is explained before anything is sent.
fn offer(
    ui: &mut egui::Ui,
    sim: &Simulation,
    order: Order,
    text: &str,
    composer: &mut Composer,
    out: &mut Vec<UiCommand>,
) {
    let check = cimic_core::orders::check(sim.world(), &order);
    let r = ui.add_enabled(check.is_ok(), egui::Button::new(text));
    if let Err(reason) = &check {
        ui.colored_label(
            egui::Color32::from_rgb(0xd5, 0x5e, 0x00),
            reason.to_string(),
        );
    }
    if r.clicked() {
        out.push(UiCommand::Submit(order));
        composer.kind = None;
    }
}

fn actor_list(
    ui: &mut egui::Ui,
    session: &Session,
    composer: &mut Composer,
    unit: &str,
    kind: OrderKind,
    out: &mut Vec<UiCommand>,
) {
    let Some(sim) = session.sim() else { return };
    let district = composer.actor_district.clone().unwrap_or_default();
    ui.label(format!(
        "Actors working in {district} (click another district on the map to list its actors):"
    ));
    for a in sim.actors() {
        if !a.districts.contains(&district) {
            continue;
        }
        let name = session.actor_name(&a.id);
        let Some(order) = actor_order(kind, unit, &a.id, &district) else {
            continue;
        };
        let text = format!("{} {name} (trust {:.2})", kind.label(), a.trust);
        offer(ui, sim, order, &text, composer, out);
    }
}
