//! The CIMIC-first line's staff log: what it remembers between turns, shared by the plan
//! (`cimic_first.rs`), the last-resort services (`care.rs`) and the CIMIC teams (`liaison.rs`).

use crate::scenario::format::Sector;
use std::collections::BTreeMap;

/// Things a staff would write in its log and look up later.
#[derive(Debug, Default, Clone)]
pub(crate) struct Memory {
    /// Turn each district was last assessed (by order of this policy).
    pub assessed: BTreeMap<usize, u32>,
    /// Turn each actor was last visited.
    pub liaised: BTreeMap<String, u32>,
    /// Turn of the last coordination meeting in each district.
    pub met: BTreeMap<usize, u32>,
    /// (district, sector) services handed over to civilian owners.
    pub handed: Vec<(usize, Sector)>,
    /// Turn each unit started its current service.
    pub serving_since: BTreeMap<String, u32>,
    /// Turn by which a unit promised to finish its community project; until then it is left
    /// to work on it (a promise broken costs consent).
    pub promised: BTreeMap<String, u32>,
    /// Districts where a community project was promised: one is enough, since each further
    /// project in a district buys less (docs/rules.md §9) and is worth less of the effort.
    pub projects: Vec<usize>,
    /// District each security unit was posted to, and since when.
    pub posted: BTreeMap<String, (usize, u32)>,
    /// What the force's own services delivered: (turn, district, sector, people-worth). The
    /// force knows what it handed out since its picture was taken (`known::estimate`).
    pub delivered: Vec<(u32, usize, Sector, f32)>,
}
