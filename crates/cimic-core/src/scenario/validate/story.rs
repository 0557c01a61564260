//! Checks of what happens and what is asked: events, conditions, objectives (including the
//! ones that can never be met).

use super::*;

impl<'a> Validator<'a> {
    pub(super) fn events(&mut self) {
        let s = self.s;
        let turns = s.meta.turns;
        for (i, e) in s.events.iter().enumerate() {
            let path = format!("events[{i}].trigger");
            match &e.trigger {
                Trigger::AtTurn(t) => {
                    if *t == 0 || *t > turns {
                        self.push(
                            Problem::at(path, format!("turn {t} is not in the exercise"))
                                .hint(format!("use a turn from 1 to {turns}")),
                        );
                    }
                }
                Trigger::When(c) => self.condition(format!("{path}.When"), c),
                Trigger::Chance {
                    per_turn,
                    from,
                    until,
                } => {
                    self.range(format!("{path}.per_turn"), *per_turn, 0.0, 1.0);
                    if *from == 0 || from > until || *until > turns {
                        self.push(
                            Problem::at(
                                path,
                                format!(
                                    "turns {from} to {until} are not a window inside the exercise"
                                ),
                            )
                            .hint(format!(
                                "use turns from 1 to {turns}, `from` no later than `until`"
                            )),
                        );
                    }
                }
            }
            if e.effects.is_empty() {
                self.push(
                    Problem::at(format!("events[{i}].effects"), "the event has no effects")
                        .hint("add at least one effect"),
                );
            }
            self.effects(&format!("events[{i}].effects"), &e.effects);
        }
    }

    /// Checks a list of effects (of an event or of a decision option).
    pub(super) fn effects(&mut self, path: &str, effects: &[Effect]) {
        for (j, fx) in effects.iter().enumerate() {
            let p = format!("{path}[{j}]");
            match fx {
                Effect::Damage { target, amount } | Effect::Restore { target, amount } => {
                    self.reference(format!("{p}.target"), target, Kind::Infra);
                    self.range(format!("{p}.amount"), *amount, 0.0, 1.0);
                }
                Effect::Message(text) => {
                    if text.trim().is_empty() {
                        self.push(
                            Problem::at(p, "the message is empty")
                                .hint("write what the room is told"),
                        );
                    }
                }
                Effect::RequestForAssistance { district, text, .. } => {
                    self.reference(format!("{p}.district"), district, Kind::District);
                    if text.trim().is_empty() {
                        self.push(
                            Problem::at(format!("{p}.text"), "the request is empty")
                                .hint("write what is asked for, and by whom"),
                        );
                    }
                }
                Effect::Displace { district, share: v }
                | Effect::Disinformation {
                    district,
                    amount: v,
                }
                | Effect::Epidemic {
                    district,
                    severity: v,
                } => {
                    self.reference(format!("{p}.district"), district, Kind::District);
                    let field = match fx {
                        Effect::Displace { .. } => "share",
                        Effect::Disinformation { .. } => "amount",
                        _ => "severity",
                    };
                    self.range(format!("{p}.{field}"), *v, 0.0, 1.0);
                }
                Effect::ActorArrives(actor) | Effect::ActorWithdraws(actor) => {
                    let name = if matches!(fx, Effect::ActorArrives(_)) {
                        "ActorArrives"
                    } else {
                        "ActorWithdraws"
                    };
                    self.reference(format!("{p}.{name}"), actor, Kind::Actor);
                }
                Effect::Decision(id) => {
                    self.reference(format!("{p}.Decision"), id, Kind::Decision);
                }
            }
        }
    }

    /// Decision points: options with unique ids, a default that is one of them, valid effects.
    pub(super) fn decisions(&mut self) {
        let s = self.s;
        for (i, d) in s.decisions.iter().enumerate() {
            if d.title.trim().is_empty() {
                self.push(
                    Problem::at(format!("decisions[{i}].title"), "the title is empty")
                        .hint("say what the players must decide"),
                );
            }
            if d.options.is_empty() {
                self.push(
                    Problem::at(
                        format!("decisions[{i}].options"),
                        "a decision with no options",
                    )
                    .hint("give the players at least two options"),
                );
            }
            let mut seen = BTreeSet::new();
            for (k, o) in d.options.iter().enumerate() {
                self.check_id(&format!("decisions[{i}].options[{k}].id"), &o.id);
                if !seen.insert(o.id.as_str()) {
                    self.push(
                        Problem::at(
                            format!("decisions[{i}].options[{k}].id"),
                            format!("option `{}` is listed twice", o.id),
                        )
                        .hint("give each option its own id"),
                    );
                }
                self.effects(&format!("decisions[{i}].options[{k}].effects"), &o.effects);
            }
            if !d.options.iter().any(|o| o.id == d.default) {
                let hint = match did_you_mean(&d.default, d.options.iter().map(|o| o.id.as_str())) {
                    Some(x) => format!("did you mean `{x}`?"),
                    // The options to choose from, without those whose id is itself invalid
                    // (reported where they are declared): none is recommended back.
                    None => d
                        .options
                        .iter()
                        .filter(|o| is_valid_id(&o.id))
                        .map(|o| format!("`{}`", o.id))
                        .reduce(|a, b| format!("{a}, {b}"))
                        .map_or("name one of the decision's options".to_string(), |list| {
                            format!("name one of the decision's options: {list}")
                        }),
                };
                self.push(
                    Problem::at(
                        format!("decisions[{i}].default"),
                        format!("`{}` is not one of the options", d.default),
                    )
                    .hint(hint),
                );
            }
        }
    }

    pub(super) fn condition(&mut self, path: String, c: &Condition) {
        match c {
            Condition::TurnAtLeast(_) => {}
            Condition::InfraAtLeast { infra, value } | Condition::InfraBelow { infra, value } => {
                self.reference(format!("{path}.infra"), infra, Kind::Infra);
                self.range(format!("{path}.value"), *value, 0.0, 1.0);
            }
            Condition::NeedAtLeast {
                district, value, ..
            }
            | Condition::NeedBelow {
                district, value, ..
            } => {
                self.reference(format!("{path}.district"), district, Kind::District);
                self.range(format!("{path}.value"), *value, 0.0, 1.0);
            }
            Condition::UnrestAbove { district, value } => {
                self.reference(format!("{path}.district"), district, Kind::District);
                self.range(format!("{path}.value"), *value, 0.0, 1.0);
            }
            Condition::UnitInDistrict { unit, district } => {
                self.reference(format!("{path}.unit"), unit, Kind::Unit);
                self.reference(format!("{path}.district"), district, Kind::District);
            }
            Condition::All(list) | Condition::Any(list) => {
                if list.is_empty() {
                    self.push(
                        Problem::at(path.clone(), "an empty list of conditions")
                            .hint("give at least one condition"),
                    );
                }
                let name = if matches!(c, Condition::All(_)) {
                    "All"
                } else {
                    "Any"
                };
                for (k, sub) in list.iter().enumerate() {
                    self.condition(format!("{path}.{name}[{k}]"), sub);
                }
            }
            Condition::Not(inner) => self.condition(format!("{path}.Not"), inner),
        }
    }

    pub(super) fn objectives(&mut self) {
        let s = self.s;
        let turns = s.meta.turns;
        for (i, o) in s.objectives.iter().enumerate() {
            if o.deadline == 0 || o.deadline > turns {
                self.push(
                    Problem::at(
                        format!("objectives[{i}].deadline"),
                        format!(
                            "impossible objective: deadline turn {} is outside the exercise",
                            o.deadline
                        ),
                    )
                    .hint(format!("use a deadline from 1 to {turns}")),
                );
            }
            if o.title.trim().is_empty() {
                self.push(
                    Problem::at(format!("objectives[{i}].title"), "the title is empty")
                        .hint("say what the force must achieve; trainees read it"),
                );
            }
            if !(o.weight > 0.0 && o.weight <= 1000.0) {
                self.push(
                    Problem::at(
                        format!("objectives[{i}].weight"),
                        format!("weight {} is out of range", o.weight),
                    )
                    .hint("use a weight above 0 and at most 1000"),
                );
            }
            let before = self.problems.len();
            self.condition(format!("objectives[{i}].condition"), &o.condition);
            if self.problems.len() == before
                && let Some(why) = self.impossible(&o.condition, o.deadline)
            {
                self.push(
                    Problem::at(
                        format!("objectives[{i}].condition"),
                        format!("impossible objective: {why}"),
                    )
                    .hint("change the condition, or give the force the means to meet it"),
                );
            }
        }
    }

    /// Why a (reference-valid) condition can never hold by `deadline`, if it cannot.
    pub(super) fn impossible(&self, c: &Condition, deadline: u32) -> Option<String> {
        let s = self.s;
        match c {
            Condition::TurnAtLeast(t) if *t > deadline => {
                Some(format!("turn {t} comes after the deadline {deadline}"))
            }
            Condition::InfraBelow { value, .. } if *value <= 0.0 => {
                Some("functioning can never be below 0".into())
            }
            Condition::UnrestAbove { value, .. } if *value >= 1.0 => {
                Some("the share of people in unrest can never be above 1".into())
            }
            Condition::NeedBelow { value, .. } if *value <= 0.0 => {
                Some("satisfaction can never be below 0".into())
            }
            // Without a force side nothing can be done by the force: that one problem is
            // reported at `sides`, not again at every objective that needs the force.
            Condition::InfraAtLeast { .. } | Condition::UnitInDistrict { .. }
                if !self.has_force_side() =>
            {
                None
            }
            Condition::InfraAtLeast { infra, value } if *value > 0.0 => {
                let inf = match self.ids.get(infra.as_str()) {
                    Some(&(super::Kind::Infra, i)) => s.infrastructure.get(i)?,
                    _ => s.infrastructure.iter().find(|x| &x.id == infra)?,
                };
                let (repairable, restored) = self.repair_facts();
                let restored = restored.contains(infra.as_str());
                (inf.condition < *value && !repairable && !restored).then(|| {
                    format!(
                        "`{infra}` is at condition {} and no force unit can repair it",
                        inf.condition
                    )
                })
            }
            Condition::UnitInDistrict { unit, district } => {
                let u = s.units.iter().find(|x| &x.id == unit)?;
                let map = self.map.as_ref()?;
                let d = s.map.districts.iter().position(|x| &x.id == district)?;
                map.index(u.position)?; // off the map: reported at the unit already
                if map.district_at(u.position) == Some(d as u16) {
                    return None;
                }
                if !self.force_units().any(|f| f.id == u.id) {
                    return Some(format!(
                        "`{unit}` is not a force unit, so it cannot be ordered into `{district}`"
                    ));
                }
                let open = self.best_crossings(map);
                let class = unit_move_class(u.kind);
                let reachable =
                    map.reaches(u.position, class, &open, |h| map.district[h] == d as u16);
                (!reachable).then(|| {
                    format!("`{unit}` cannot reach `{district}` even with every bridge intact")
                })
            }
            Condition::All(list) => list.iter().find_map(|x| self.impossible(x, deadline)),
            Condition::Any(list) => {
                let reasons: Vec<String> = list
                    .iter()
                    .filter_map(|x| self.impossible(x, deadline))
                    .collect();
                (!list.is_empty() && reasons.len() == list.len()).then(|| reasons.join("; and "))
            }
            _ => None,
        }
    }

    /// Whether a force unit can repair, and the sites some event restores (computed once).
    fn repair_facts(&self) -> (bool, &BTreeSet<&'a str>) {
        let s = self.s;
        let (repairable, restored) = self.repair_facts.get_or_init(|| {
            let repairable = self
                .force_units()
                .any(|u| unit_capabilities(u).contains(&Capability::Repair));
            let restored = s
                .events
                .iter()
                .flat_map(|e| &e.effects)
                .filter_map(|fx| match fx {
                    Effect::Restore { target, .. } => Some(target.as_str()),
                    _ => None,
                })
                .collect();
            (repairable, restored)
        });
        (*repairable, restored)
    }

    /// Whether some side has `role: Force` (the players' side).
    pub(super) fn has_force_side(&self) -> bool {
        self.s.sides.iter().any(|x| x.role == SideRole::Force)
    }

    pub(super) fn force_units(&self) -> impl Iterator<Item = &'a UnitSpec> + '_ {
        let s = self.s;
        s.units.iter().filter(move |u| {
            s.sides
                .iter()
                .any(|x| x.id == u.side && x.role == SideRole::Force)
        })
    }
}
