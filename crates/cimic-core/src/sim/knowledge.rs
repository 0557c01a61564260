//! Turn phase (order in `turn_schedule`): the force's picture of the civil situation (fog of the civil picture). The force sees
//! a district as it was last assessed — by its own assessment, by a liaison visit to an actor
//! working there, or because an actor that trusts it shares what it sees — with the picture's age.
//! The truth stays in the simulation; the facilitator sees both.

use super::activities::ForceActivity;
use super::actors::ActorAccess;
use super::components::{
    Activity, Actor, ActorStatus, Attitudes, Needs, PopulationGroup, TurnFrame,
};
use super::report::{LogKind, TurnLog};
use crate::rules::SHARING_TRUST;
use bevy::ecs::system::SystemParam;
use bevy::prelude::{Query, Res, ResMut, Resource};

/// What the force last learnt of a district.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Snapshot {
    /// The turn the picture was taken.
    pub as_of: u32,
    pub people: u64,
    /// People-weighted needs satisfaction per sector.
    pub needs: [f32; 7],
    pub consent: f32,
    pub legitimacy: f32,
    pub grievance: f32,
}

/// The force's picture, per district (`None`: never assessed).
#[derive(Resource, Debug, Default, Clone)]
pub struct ForceKnowledge(pub Vec<Option<Snapshot>>);

/// What the force's briefing told it of each district before turn 1: the situation of turn 0,
/// which the scenario describes. The built-in policies plan from it in a district the force has
/// never pictured (docs/rules.md §16, §21.6). Set once when the game starts and never changed, so
/// it is not part of the state hash (it follows from the scenario alone).
#[derive(Resource, Debug, Default, Clone)]
pub struct Briefing(pub Vec<Option<Snapshot>>);

/// Why a district's picture was refreshed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Assessment,
    Liaison,
    Shared,
}

/// The true situation of every district now, people-weighted, from the groups in roster order.
pub fn true_picture<'a>(
    turn: u32,
    groups: impl Iterator<Item = (&'a PopulationGroup, &'a Needs, &'a Attitudes)>,
    n: usize,
) -> Vec<Option<Snapshot>> {
    let mut people = vec![0u64; n];
    let mut acc = vec![([0.0f32; 7], 0.0f32, 0.0f32, 0.0f32); n];
    for (g, needs, att) in groups {
        let d = g.district as usize;
        if d >= n {
            continue;
        }
        let w = g.size as f32;
        people[d] += u64::from(g.size);
        for (a, v) in acc[d].0.iter_mut().zip(needs.0) {
            *a += v * w;
        }
        acc[d].1 += att.consent * w;
        acc[d].2 += att.legitimacy * w;
        acc[d].3 += att.grievance * w;
    }
    (0..n)
        .map(|d| {
            let p = people[d] as f32;
            (people[d] > 0).then(|| Snapshot {
                as_of: turn,
                people: people[d],
                needs: acc[d].0.map(|x| x / p),
                consent: acc[d].1 / p,
                legitimacy: acc[d].2 / p,
                grievance: acc[d].3 / p,
            })
        })
        .collect()
}

/// What the force's picture is refreshed from: its activities and the actors it works with.
#[derive(SystemParam)]
pub struct KnowledgeInputs<'w> {
    frame: TurnFrame<'w>,
    activity: Res<'w, ForceActivity>,
    access: Res<'w, ActorAccess>,
}

/// Refreshes the districts the force learnt about this turn.
pub fn update_knowledge(
    inputs: KnowledgeInputs,
    mut knowledge: ResMut<ForceKnowledge>,
    mut log: ResMut<TurnLog>,
    actors: Query<&Actor>,
    groups: Query<(&PopulationGroup, &Needs, &Attitudes)>,
) {
    let KnowledgeInputs {
        frame:
            TurnFrame {
                clock,
                roster,
                districts,
                ..
            },
        activity,
        access,
    } = inputs;
    let n = knowledge.0.len();
    let mut refresh: Vec<Option<Source>> = vec![None; n];
    let mut mark = |d: usize, s: Source| {
        if let Some(x) = refresh.get_mut(d) {
            *x = Some(x.map_or(s, |y| y.min(s)));
        }
    };
    for done in activity.iter() {
        match done.activity {
            Activity::Assess { district } => mark(district as usize, Source::Assessment),
            Activity::Liaise { actor } => {
                for a in access
                    .0
                    .get(actor as usize)
                    .into_iter()
                    .flatten()
                    .filter(|a| a.access)
                {
                    mark(a.district as usize, Source::Liaison);
                }
            }
            _ => {}
        }
    }
    for (ai, &e) in roster.actors.iter().enumerate() {
        if let Ok(a) = actors.get(e)
            && a.status == ActorStatus::Active
            && a.trust >= SHARING_TRUST
        {
            for x in access.0.get(ai).into_iter().flatten().filter(|x| x.access) {
                mark(x.district as usize, Source::Shared);
            }
        }
    }
    if refresh.iter().all(Option::is_none) {
        return;
    }
    let truth = true_picture(
        clock.turn,
        roster.population.iter().filter_map(|&e| groups.get(e).ok()),
        n,
    );
    for (d, source) in refresh.iter().enumerate() {
        let Some(source) = source else { continue };
        knowledge.0[d] = truth[d];
        if *source == Source::Assessment {
            let id = &districts.ids[d];
            log.push(
                LogKind::Knowledge,
                id,
                format!("assessment of {id} brings the force's picture up to date"),
            );
        }
    }
}
