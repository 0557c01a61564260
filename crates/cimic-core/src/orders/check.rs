//! Checks of an order against the present state, before it is accepted. A check that passes
//! returns the task the order becomes, with every id resolved, so the turn applies it as checked.

use super::order::Order;
use super::reason::Reason;
use crate::map::{DistrictIdx, distance};
use crate::rules::{
    AID_PEOPLE_PER_TURN, MEDICAL_PEOPLE_PER_TURN, MOVE_SUPPLY_COST, PROJECT_TURNS,
    REPAIR_SUPPLY_COST, activity_supply_cost, unit_move_class,
};
use crate::scenario::diag::did_you_mean;
use crate::scenario::format::{ActorKind, Capability, HexPos, Sector, SideRole};
use crate::sim::components::{
    Activity, Actor, ActorStatus, Clock, Crossings, Districts, Infrastructure, Map, Position,
    Roster, Task, Unit,
};
use bevy::prelude::{Entity, World};

/// What a check needs to read, gathered once.
struct Ctx<'w> {
    world: &'w World,
    /// The unit given the order, and its entity.
    unit: &'w Unit,
    entity: Entity,
    roster: &'w Roster,
    districts: &'w Districts,
    map: &'w crate::map::HexMap,
    clock: Clock,
    pos: (i32, i32),
}

/// Checks an order against the state between turns. Reads only. Returns the unit's new task.
pub fn check(world: &World, order: &Order) -> Result<Task, Reason> {
    let roster = world.resource::<Roster>();
    let clock = *world.resource::<Clock>();
    if clock.turn >= clock.turns {
        return Err(Reason::GameOver);
    }
    let Some(ui) = roster.unit_index(order.unit()) else {
        return Err(Reason::UnknownUnit {
            suggestion: did_you_mean(order.unit(), roster.unit_ids.iter().map(String::as_str)),
        });
    };
    let entity = roster.units[ui];
    let (Some(unit), Some(pos)) = (world.get::<Unit>(entity), world.get::<Position>(entity)) else {
        return Err(Reason::UnknownUnit { suggestion: None });
    };
    if unit.role != SideRole::Force {
        return Err(Reason::NotCommanded {
            side: unit.side.clone(),
        });
    }
    if matches!(order, Order::Hold { .. }) {
        return Ok(Task::Hold);
    }
    if unit.strength <= 0.0 {
        return Err(Reason::NoStrength);
    }
    let ctx = Ctx {
        world,
        unit,
        entity,
        roster,
        districts: world.resource::<Districts>(),
        map: &world.resource::<Map>().0,
        clock,
        pos: pos.0,
    };
    if let Some(c) = order.kind().capability() {
        need(unit, c)?;
    }
    ctx.task(order)
}

/// The order id of a checked task, filled in by `Simulation::submit`.
const ORDER_ID: u32 = 0;

impl Ctx<'_> {
    /// The task an order becomes, once its unit may take orders and has the capability.
    fn task(&self, order: &Order) -> Result<Task, Reason> {
        match order {
            Order::Hold { .. } => Ok(Task::Hold),
            Order::Move { to, .. } => self.movement(*to),
            Order::Repair { target, .. } => {
                let (ti, site) = self.site(target)?;
                let d = distance(self.pos, site.hex);
                if d > 1 {
                    return Err(Reason::TooFar { distance: d });
                }
                if site.condition >= 1.0 {
                    return Err(Reason::AlreadyIntact);
                }
                need_supplies(self.unit, REPAIR_SUPPLY_COST)?;
                Ok(Task::Repair {
                    order: ORDER_ID,
                    target: ti,
                })
            }
            Order::ProvideAid {
                district, sector, ..
            } => self.in_district(district, |district| Activity::Aid {
                district,
                sector: *sector,
            }),
            Order::MedicalSupport { district, .. } => {
                self.in_district(district, |district| Activity::Medical { district })
            }
            Order::Escort {
                actor, district, ..
            } => {
                let d = self.here(district)?;
                let (ai, a) = self.actor(actor)?;
                if !a.districts.contains(&d) {
                    return Err(Reason::ActorNotThere {
                        actor: actor.clone(),
                        district: district.clone(),
                    });
                }
                self.activity(Activity::Escort {
                    actor: ai,
                    district: d,
                })
            }
            Order::Liaise { actor, .. } => {
                let (ai, a) = self.actor(actor)?;
                self.actor_here(actor, a)?;
                self.activity(Activity::Liaise { actor: ai })
            }
            Order::CoordinationMeeting { district, .. } => {
                self.in_district(district, |district| Activity::Meeting { district })
            }
            Order::Assess { district, .. } => {
                self.in_district(district, |district| Activity::Assess { district })
            }
            Order::SupportAuthority { actor, .. } => {
                let (ai, a) = self.actor(actor)?;
                host_nation(actor, a)?;
                self.actor_here(actor, a)?;
                self.activity(Activity::SupportAuthority { actor: ai })
            }
            Order::SecureSite { target, .. } => {
                let (ti, site) = self.site(target)?;
                let d = distance(self.pos, site.hex);
                if d > 1 {
                    return Err(Reason::TooFar { distance: d });
                }
                self.activity(Activity::Secure { site: ti })
            }
            Order::Engage { target, .. } => self.engagement(target),
            Order::Patrol { district, .. } => {
                self.in_district(district, |district| Activity::Patrol { district })
            }
            Order::InformationCampaign { district, .. } => {
                self.in_district(district, |district| Activity::InfoCampaign { district })
            }
            Order::CommunityProject {
                district,
                sector,
                complete_by,
                ..
            } => self.project(district, *sector, *complete_by),
            Order::Handover { actor, .. } => self.handover(actor),
            Order::Resupply { district, .. } => {
                if self.unit.supplies >= 100.0 {
                    return Err(Reason::SuppliesFull);
                }
                self.in_district(district, |district| Activity::Resupply {
                    district,
                    drawn: 0.0,
                    arranged: false,
                })
            }
        }
    }

    /// The task of an activity in the district the unit stands in (which must be `district`).
    fn in_district(
        &self,
        district: &str,
        activity: impl FnOnce(DistrictIdx) -> Activity,
    ) -> Result<Task, Reason> {
        let district = self.here(district)?;
        self.activity(activity(district))
    }

    /// An activity's task, when the unit has the supplies for a turn of it.
    fn activity(&self, a: Activity) -> Result<Task, Reason> {
        need_supplies(self.unit, activity_supply_cost(&a))?;
        Ok(Task::Activity {
            order: ORDER_ID,
            activity: a,
        })
    }

    /// A move: supplies for the first step, a hex one can stand on, and a route there now.
    fn movement(&self, to: HexPos) -> Result<Task, Reason> {
        need_supplies(self.unit, MOVE_SUPPLY_COST)?;
        let map = self.map;
        let crossings = &self.world.resource::<Crossings>();
        if map.index(to).is_none() {
            return Err(Reason::OffMap(to));
        }
        let class = unit_move_class(self.unit.kind);
        if !map.passable(to, class, &crossings.open) {
            return Err(Reason::CannotStand(to));
        }
        let path = map
            .path(self.pos, to, class, &crossings.open)
            .ok_or(Reason::Unreachable(to))?;
        Ok(Task::Move {
            order: ORDER_ID,
            path: path.into_iter().skip(1).collect(),
            planned: crossings.version,
        })
    }

    /// An engagement: a live adversary unit on or next to the unit's hex.
    fn engagement(&self, target: &str) -> Result<Task, Reason> {
        let Some(ti) = self.roster.unit_index(target) else {
            return Err(Reason::UnknownUnit {
                suggestion: did_you_mean(target, self.roster.unit_ids.iter().map(String::as_str)),
            });
        };
        let e = self.roster.units[ti];
        let (Some(foe), Some(at)) = (self.world.get::<Unit>(e), self.world.get::<Position>(e))
        else {
            return Err(Reason::UnknownUnit { suggestion: None });
        };
        if foe.role != SideRole::Adversary || foe.strength <= 0.0 {
            return Err(Reason::NotHostile {
                unit: target.to_string(),
            });
        }
        let d = distance(self.pos, at.0);
        if d > 1 {
            return Err(Reason::OutOfReach { distance: d });
        }
        self.activity(Activity::Engage { target: ti as u32 })
    }

    /// A community project: promised for a turn its work can meet.
    fn project(&self, district: &str, sector: Sector, complete_by: u32) -> Result<Task, Reason> {
        let district = self.here(district)?;
        // Work starts on the coming turn and takes PROJECT_TURNS turns.
        let earliest = self.clock.turn + PROJECT_TURNS;
        if complete_by < earliest || complete_by > self.clock.turns {
            return Err(Reason::PromiseOutOfReach {
                earliest,
                latest: self.clock.turns,
            });
        }
        self.activity(Activity::CommunityProject {
            district,
            sector,
            complete_by,
            promise: u32::MAX, // registered when the order takes effect
        })
    }

    /// A handover: the aid or medical service the unit runs, to an actor working where it stands.
    fn handover(&self, actor: &str) -> Result<Task, Reason> {
        let (district, sector, people) = match self.world.get::<Task>(self.entity) {
            Some(Task::Activity {
                activity: Activity::Aid { district, sector },
                ..
            }) => (*district, *sector, AID_PEOPLE_PER_TURN),
            Some(Task::Activity {
                activity: Activity::Medical { district },
                ..
            }) => (*district, Sector::Health, MEDICAL_PEOPLE_PER_TURN),
            _ => return Err(Reason::NothingToHandOver),
        };
        let (ai, a) = self.actor(actor)?;
        self.actor_here(actor, a)?;
        if !crate::rules::can_receive(a.kind, &a.mandate, a.capacity, a.base_capacity, sector) {
            return Err(Reason::CannotReceive {
                actor: actor.to_string(),
                sector,
            });
        }
        self.activity(Activity::Handover {
            actor: ai,
            district,
            sector,
            people: people * self.unit.strength / 100.0,
        })
    }
}

impl Ctx<'_> {
    /// The district index of `id`, which must be the district the unit stands in.
    fn here(&self, id: &str) -> Result<DistrictIdx, Reason> {
        let Some(d) = self.districts.ids.iter().position(|x| x == id) else {
            return Err(Reason::UnknownDistrict {
                suggestion: did_you_mean(id, self.districts.ids.iter().map(String::as_str)),
            });
        };
        if self.map.district_at(self.pos) != Some(d as DistrictIdx) {
            return Err(Reason::NotInDistrict {
                district: id.to_string(),
            });
        }
        Ok(d as DistrictIdx)
    }

    fn actor(&self, id: &str) -> Result<(u32, &Actor), Reason> {
        let found = self
            .roster
            .actor_index(id)
            .and_then(|i| Some((i as u32, self.world.get::<Actor>(self.roster.actors[i])?)));
        match found {
            None => Err(Reason::UnknownActor {
                suggestion: did_you_mean(id, self.roster.actor_ids.iter().map(String::as_str)),
            }),
            Some((_, a)) if a.status == ActorStatus::Withdrawn => Err(Reason::ActorGone {
                actor: id.to_string(),
            }),
            Some((_, a)) if a.status == ActorStatus::Absent => Err(Reason::ActorAbsent {
                actor: id.to_string(),
            }),
            Some(x) => Ok(x),
        }
    }

    /// The actor must work in the district the unit stands in.
    fn actor_here(&self, id: &str, a: &Actor) -> Result<(), Reason> {
        match self.map.district_at(self.pos) {
            Some(d) if a.districts.contains(&d) => Ok(()),
            Some(d) => Err(Reason::ActorNotThere {
                actor: id.to_string(),
                district: self.districts.ids[d as usize].clone(),
            }),
            None => Err(Reason::ActorNotThere {
                actor: id.to_string(),
                district: "(no district)".to_string(),
            }),
        }
    }

    fn site(&self, id: &str) -> Result<(u32, &Infrastructure), Reason> {
        self.roster
            .infra_index(id)
            .and_then(|i| {
                Some((
                    i as u32,
                    self.world
                        .get::<Infrastructure>(self.roster.infrastructure[i])?,
                ))
            })
            .ok_or_else(|| Reason::UnknownTarget {
                suggestion: did_you_mean(id, self.roster.infra_ids.iter().map(String::as_str)),
            })
    }
}

fn host_nation(id: &str, a: &Actor) -> Result<(), Reason> {
    match a.kind {
        ActorKind::HostNationMinistry | ActorKind::LocalAuthority | ActorKind::LawEnforcement => {
            Ok(())
        }
        _ => Err(Reason::NotHostNation {
            actor: id.to_string(),
        }),
    }
}

fn need(unit: &Unit, c: Capability) -> Result<(), Reason> {
    if unit.capabilities.contains(&c) {
        Ok(())
    } else {
        Err(Reason::Incapable(c))
    }
}

fn need_supplies(unit: &Unit, cost: f32) -> Result<(), Reason> {
    if unit.supplies >= cost {
        Ok(())
    } else {
        Err(Reason::NoSupplies {
            has: unit.supplies,
            needs: cost,
        })
    }
}
