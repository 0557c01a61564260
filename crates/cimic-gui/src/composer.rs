//! The order composer: a selected unit offers only the orders its capabilities allow; the
//! trainee picks one, sees its cost and expected effect, and picks the target on the map (a hex,
//! a site, a district or an adversary unit) or from a list (actors). Every candidate is checked
//! against the state before it is offered, so a refusal is explained before anything is sent.

use super::session::{Session, UiCommand};
use cimic_core::orders::Order;
use cimic_core::scenario::format::{Capability, HexPos, Sector, SideRole};
use bevy::prelude::*;
use bevy_egui::egui;

/// The kinds of order, one button each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderKind {
    Move,
    Repair,
    ProvideAid,
    MedicalSupport,
    Escort,
    Liaise,
    CoordinationMeeting,
    Assess,
    SupportAuthority,
    Patrol,
    InformationCampaign,
    CommunityProject,
    Handover,
    SecureSite,
    Engage,
    Hold,
}

/// What an order's target is and how it is picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A hex, clicked on the map.
    Hex,
    /// An infrastructure site, clicked on the map.
    Site,
    /// A district, clicked on the map (defaults to the unit's own).
    District,
    /// A non-military actor, chosen from the list of those in the unit's district.
    Actor,
    /// An adversary unit, clicked on the map.
    Unit,
    /// Nothing to pick.
    None,
}

impl OrderKind {
    /// Every kind, in button order.
    pub const ALL: [OrderKind; 16] = [
        OrderKind::Move,
        OrderKind::Repair,
        OrderKind::Assess,
        OrderKind::Liaise,
        OrderKind::CoordinationMeeting,
        OrderKind::SupportAuthority,
        OrderKind::Patrol,
        OrderKind::SecureSite,
        OrderKind::ProvideAid,
        OrderKind::MedicalSupport,
        OrderKind::Escort,
        OrderKind::InformationCampaign,
        OrderKind::CommunityProject,
        OrderKind::Handover,
        OrderKind::Engage,
        OrderKind::Hold,
    ];

    /// The capability the order needs (`None`: every unit may).
    pub fn capability(self) -> Option<Capability> {
        use OrderKind::*;
        Some(match self {
            Move => Capability::Move,
            Repair => Capability::Repair,
            ProvideAid => Capability::Aid,
            MedicalSupport => Capability::Medical,
            Escort => Capability::Escort,
            Liaise | CoordinationMeeting => Capability::Liaise,
            Assess => Capability::Assess,
            SupportAuthority => Capability::SupportAuthority,
            Patrol => Capability::Patrol,
            InformationCampaign => Capability::InfoCampaign,
            CommunityProject => Capability::CommunityProject,
            Handover => Capability::Handover,
            SecureSite => Capability::Secure,
            Engage => Capability::Engage,
            Hold => return None,
        })
    }

    /// How its target is picked.
    pub fn target(self) -> Target {
        use OrderKind::*;
        match self {
            Move => Target::Hex,
            Repair | SecureSite => Target::Site,
            ProvideAid | MedicalSupport | CoordinationMeeting | Assess | Patrol
            | InformationCampaign | CommunityProject => Target::District,
            Escort | Liaise | SupportAuthority | Handover => Target::Actor,
            Engage => Target::Unit,
            Hold => Target::None,
        }
    }

    /// Button label.
    pub fn label(self) -> &'static str {
        use OrderKind::*;
        match self {
            Move => "Move",
            Repair => "Repair",
            ProvideAid => "Provide aid",
            MedicalSupport => "Medical support",
            Escort => "Escort",
            Liaise => "Liaise",
            CoordinationMeeting => "Coordination meeting",
            Assess => "Assess",
            SupportAuthority => "Support authority",
            Patrol => "Patrol",
            InformationCampaign => "Information campaign",
            CommunityProject => "Community project",
            Handover => "Hand over",
            SecureSite => "Secure site",
            Engage => "Engage",
            Hold => "Hold",
        }
    }

    /// Supplies, duration and expected effect (docs/orders-format.md, docs/rules.md).
    pub fn cost_and_effect(self) -> (&'static str, &'static str) {
        use OrderKind::*;
        match self {
            Move => (
                "1 supply per turn moving; until it arrives",
                "goes by the cheapest route; rivers only at working bridges",
            ),
            Repair => (
                "4 supplies per turn; until intact",
                "+0.25 condition a turn; a bridge opens at 0.5",
            ),
            ProvideAid => (
                "5 supplies per turn; until replaced",
                "needs met in one sector for up to 3,000 people; duplicating a civilian actor costs efficiency and humanitarian acceptance",
            ),
            MedicalSupport => (
                "4 supplies per turn; until replaced",
                "health for up to 2,500 people, fewer deaths; must be a last resort",
            ),
            Escort => (
                "2 supplies per turn; until replaced",
                "+0.3 security for the actor's access; costs acceptance unless a last resort",
            ),
            Liaise => (
                "1 supply; one turn",
                "+0.1 trust; the actor shares what it knows",
            ),
            CoordinationMeeting => (
                "1 supply; one turn",
                "+0.05 trust for every actor in the district; less duplication",
            ),
            Assess => (
                "1 supply; one turn",
                "refreshes the force's picture of the district",
            ),
            SupportAuthority => (
                "2 supplies per turn; until replaced",
                "raises the authority's capacity and legitimacy",
            ),
            Patrol => (
                "2 supplies per turn; until replaced",
                "security for up to 4,000 people; a visible presence",
            ),
            InformationCampaign => (
                "1 supply per turn; until replaced",
                "consent; counters disinformation",
            ),
            CommunityProject => (
                "4 supplies per turn; 3 turns of work",
                "lasting +0.1 coping in the sector; a promise: late is harm",
            ),
            Handover => (
                "1 supply; one turn",
                "a civilian actor takes the service over (local ownership)",
            ),
            SecureSite => (
                "2 supplies per turn; until replaced",
                "guards the site against sabotage",
            ),
            Engage => (
                "6 supplies per turn; until the target is neutralised",
                "fights the adversary; collateral harm grows with density and urban ground",
            ),
            Hold => ("none", "stops the current task"),
        }
    }
}

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

/// One line saying what an order does, for lists and logs.
pub fn order_text(order: &Order) -> String {
    match order {
        Order::Move { to, .. } => format!("move to ({}, {})", to.0, to.1),
        Order::Repair { target, .. } => format!("repair {target}"),
        Order::ProvideAid {
            district, sector, ..
        } => format!("provide {} aid in {district}", sector.name()),
        Order::MedicalSupport { district, .. } => format!("medical support in {district}"),
        Order::Escort {
            actor, district, ..
        } => format!("escort {actor} in {district}"),
        Order::Liaise { actor, .. } => format!("liaise with {actor}"),
        Order::CoordinationMeeting { district, .. } => {
            format!("coordination meeting in {district}")
        }
        Order::Assess { district, .. } => format!("assess {district}"),
        Order::SupportAuthority { actor, .. } => format!("support {actor}"),
        Order::Patrol { district, .. } => format!("patrol {district}"),
        Order::InformationCampaign { district, .. } => {
            format!("information campaign in {district}")
        }
        Order::CommunityProject {
            district,
            sector,
            complete_by,
            ..
        } => format!(
            "community project ({}) in {district}, done by turn {complete_by}",
            sector.name()
        ),
        Order::Handover { actor, .. } => format!("hand over to {actor}"),
        Order::SecureSite { target, .. } => format!("secure {target}"),
        Order::Engage { target, .. } => format!("engage {target}"),
        Order::Hold { .. } => "hold".into(),
    }
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
            ui.add(egui::Label::new(format!("Staged: {}", order_text(o))).wrap());
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
    let (cost, effect) = kind.cost_and_effect();
    ui.label(egui::RichText::new(kind.label()).strong());
    ui.label(format!("Cost: {cost}"));
    ui.label(format!("Effect: {effect}"));
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
                let check = cimic_core::orders::check(sim.world(), &order);
                let b = ui.add_enabled(
                    check.is_ok(),
                    egui::Button::new(format!("{} in {d}", kind.label())),
                );
                if let Err(r) = &check {
                    ui.colored_label(egui::Color32::from_rgb(0xd5, 0x5e, 0x00), r.to_string());
                }
                if b.clicked() {
                    out.push(UiCommand::Submit(order));
                    composer.kind = None;
                }
            }
        }
        Target::Hex => {
            ui.label("Click the destination hex on the map.");
        }
        Target::Site => {
            ui.label("Click the site on the map (on or next to the unit). Sites in reach:");
            for s in sim.infrastructure() {
                if super::hexgeo::distance(s.hex, unit.position) <= 1 {
                    offer(ui, session, &unit.id, kind, s.hex, &s.id, composer, out);
                }
            }
        }
        Target::Unit => {
            ui.label("Click the adversary unit (red diamond) on the map.");
        }
    }
}

/// A button for an order at `pos`, greyed out with the reason when the check fails.
#[allow(clippy::too_many_arguments)]
fn offer(
    ui: &mut egui::Ui,
    session: &Session,
    unit: &str,
    kind: OrderKind,
    pos: HexPos,
    what: &str,
    composer: &mut Composer,
    out: &mut Vec<UiCommand>,
) {
    let Some(sim) = session.sim() else { return };
    let Some(order) = order_at(session, composer, unit, kind, pos) else {
        return;
    };
    let check = cimic_core::orders::check(sim.world(), &order);
    let r = ui.add_enabled(
        check.is_ok(),
        egui::Button::new(format!("{} {what}", kind.label())),
    );
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
        let name = session
            .scenario
            .actors
            .iter()
            .find(|x| x.id == a.id)
            .map_or(a.id.clone(), |x| x.name.clone());
        let Some(order) = actor_order(kind, unit, &a.id, &district) else {
            continue;
        };
        let check = cimic_core::orders::check(sim.world(), &order);
        let r = ui.add_enabled(
            check.is_ok(),
            egui::Button::new(format!("{} {name} (trust {:.2})", kind.label(), a.trust)),
        );
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
}
