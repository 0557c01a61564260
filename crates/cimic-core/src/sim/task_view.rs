//! What a unit is doing, as players, policies and reports name it: ids instead of roster indices,
//! and one variant per kind of order, so that code outside the simulation can ask "is it still
//! patrolling?" without parsing text, and the GUI can say it in words.

use super::components::{Activity, Districts, Roster, Task};
use crate::orders::Order;
use crate::scenario::format::Sector;
use serde::{Serialize, Serializer};
use std::fmt;

/// A unit's current task with every reference resolved to its scenario id.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskView {
    Hold,
    /// On the way to `to` (`None` when the route has just run out).
    Move {
        to: Option<(i32, i32)>,
    },
    Repair {
        site: String,
    },
    Aid {
        district: String,
        sector: Sector,
    },
    Medical {
        district: String,
    },
    Escort {
        actor: String,
        district: String,
    },
    Secure {
        site: String,
    },
    Engage {
        target: String,
    },
    Liaise {
        actor: String,
    },
    Meeting {
        district: String,
    },
    Assess {
        district: String,
    },
    SupportAuthority {
        actor: String,
    },
    Patrol {
        district: String,
    },
    InfoCampaign {
        district: String,
    },
    CommunityProject {
        district: String,
        sector: Sector,
    },
    Handover {
        actor: String,
        district: String,
        sector: Sector,
    },
    /// Drawing supplies from the district's resources this turn (host-nation support).
    Resupply {
        district: String,
    },
}

impl TaskView {
    /// Whether the task ends with the turn (a hold, or a one-turn act: an assessment, a liaison,
    /// a meeting, a hand-over), so a unit on it is free for the next turn's plan.
    pub fn ends_this_turn(&self) -> bool {
        matches!(
            self,
            TaskView::Hold
                | TaskView::Assess { .. }
                | TaskView::Liaise { .. }
                | TaskView::Meeting { .. }
                | TaskView::Handover { .. }
        )
    }

    /// Resolves a task's roster and district indices to ids.
    pub(crate) fn of(task: &Task, roster: &Roster, districts: &Districts) -> TaskView {
        let district = |d: &crate::map::DistrictIdx| districts.ids[*d as usize].clone();
        let actor = |a: &u32| roster.actor_ids[*a as usize].clone();
        let site = |s: &u32| roster.infra_ids[*s as usize].clone();
        match task {
            Task::Hold => TaskView::Hold,
            Task::Move { path, .. } => TaskView::Move {
                to: path.last().copied(),
            },
            Task::Repair { target, .. } => TaskView::Repair { site: site(target) },
            Task::Activity { activity, .. } => match activity {
                Activity::Aid {
                    district: d,
                    sector,
                } => TaskView::Aid {
                    district: district(d),
                    sector: *sector,
                },
                Activity::Medical { district: d } => TaskView::Medical {
                    district: district(d),
                },
                Activity::Escort {
                    actor: a,
                    district: d,
                } => TaskView::Escort {
                    actor: actor(a),
                    district: district(d),
                },
                Activity::Secure { site: s } => TaskView::Secure { site: site(s) },
                Activity::Engage { target } => TaskView::Engage {
                    target: roster.unit_ids[*target as usize].clone(),
                },
                Activity::Liaise { actor: a } => TaskView::Liaise { actor: actor(a) },
                Activity::Meeting { district: d } => TaskView::Meeting {
                    district: district(d),
                },
                Activity::Assess { district: d } => TaskView::Assess {
                    district: district(d),
                },
                Activity::SupportAuthority { actor: a } => {
                    TaskView::SupportAuthority { actor: actor(a) }
                }
                Activity::Patrol { district: d } => TaskView::Patrol {
                    district: district(d),
                },
                Activity::InfoCampaign { district: d } => TaskView::InfoCampaign {
                    district: district(d),
                },
                Activity::CommunityProject {
                    district: d,
                    sector,
                    ..
                } => TaskView::CommunityProject {
                    district: district(d),
                    sector: *sector,
                },
                Activity::Handover {
                    actor: a,
                    district: d,
                    sector,
                    ..
                } => TaskView::Handover {
                    actor: actor(a),
                    district: district(d),
                    sector: *sector,
                },
                Activity::Resupply { district: d, .. } => TaskView::Resupply {
                    district: district(d),
                },
            },
        }
    }

    /// Whether this is the kind of task `order` sets (targets aside): a policy uses it to tell
    /// an order still being carried out from one that has ended.
    pub fn is_from(&self, order: &Order) -> bool {
        matches!(
            (self, order),
            (TaskView::Hold, Order::Hold { .. })
                | (TaskView::Move { .. }, Order::Move { .. })
                | (TaskView::Repair { .. }, Order::Repair { .. })
                | (TaskView::Aid { .. }, Order::ProvideAid { .. })
                | (TaskView::Medical { .. }, Order::MedicalSupport { .. })
                | (TaskView::Escort { .. }, Order::Escort { .. })
                | (TaskView::Secure { .. }, Order::SecureSite { .. })
                | (TaskView::Engage { .. }, Order::Engage { .. })
                | (TaskView::Liaise { .. }, Order::Liaise { .. })
                | (TaskView::Meeting { .. }, Order::CoordinationMeeting { .. })
                | (TaskView::Assess { .. }, Order::Assess { .. })
                | (
                    TaskView::SupportAuthority { .. },
                    Order::SupportAuthority { .. }
                )
                | (TaskView::Patrol { .. }, Order::Patrol { .. })
                | (
                    TaskView::InfoCampaign { .. },
                    Order::InformationCampaign { .. }
                )
                | (
                    TaskView::CommunityProject { .. },
                    Order::CommunityProject { .. }
                )
                | (TaskView::Handover { .. }, Order::Handover { .. })
                | (TaskView::Resupply { .. }, Order::Resupply { .. })
        )
    }
}

/// In words, for the order panel, the HTML report and JSON: "patrol westfield".
impl fmt::Display for TaskView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskView::Hold => write!(f, "hold"),
            TaskView::Move { to: Some((c, r)) } => write!(f, "move to ({c}, {r})"),
            TaskView::Move { to: None } => write!(f, "move (arriving)"),
            TaskView::Repair { site } => write!(f, "repair {site}"),
            TaskView::Aid { district, sector } => {
                write!(f, "provide {} aid in {district}", sector.name())
            }
            TaskView::Medical { district } => write!(f, "medical support in {district}"),
            TaskView::Escort { actor, district } => write!(f, "escort {actor} in {district}"),
            TaskView::Secure { site } => write!(f, "secure {site}"),
            TaskView::Engage { target } => write!(f, "engage {target}"),
            TaskView::Liaise { actor } => write!(f, "liaise with {actor}"),
            TaskView::Meeting { district } => write!(f, "coordination meeting in {district}"),
            TaskView::Assess { district } => write!(f, "assess {district}"),
            TaskView::SupportAuthority { actor } => write!(f, "support {actor}"),
            TaskView::Patrol { district } => write!(f, "patrol {district}"),
            TaskView::InfoCampaign { district } => {
                write!(f, "information campaign in {district}")
            }
            TaskView::CommunityProject { district, sector } => {
                write!(f, "community project ({}) in {district}", sector.name())
            }
            TaskView::Handover {
                actor,
                district,
                sector,
            } => write!(f, "hand {} in {district} over to {actor}", sector.name()),
            TaskView::Resupply { district } => {
                write!(f, "draw on host-nation support in {district}")
            }
        }
    }
}

/// Serialized as its words, the same text the panels show.
impl Serialize for TaskView {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
