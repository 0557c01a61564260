//! The scenario file format, version 1: plain serde data that mirrors docs/scenario-format.md.
//!
//! Every struct denies unknown fields so that a misspelt field is an error with a location rather
//! than a silently ignored line. Every entity carries a stable string id; references between
//! entities use those ids and are checked by [`super::validate`].

use serde::{Deserialize, Serialize};

pub use super::lint_allow::{LintAllow, LintCode};

/// The only scenario format version this engine reads.
pub const FORMAT_VERSION: u32 = 1;

/// A position on the map as `(col, row)` in "odd-r" offset layout (pointy-top hexes, odd rows
/// shifted right): the layout authors draw on paper. The engine converts to axial coordinates.
pub type HexPos = (i32, i32);

/// A whole exercise: the world at turn 0, what happens in it, and what the force is asked to achieve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; must be [`FORMAT_VERSION`].
    pub format: u32,
    pub meta: Meta,
    pub map: MapSpec,
    pub sides: Vec<SideSpec>,
    #[serde(default)]
    pub units: Vec<UnitSpec>,
    #[serde(default)]
    pub population: Vec<PopulationSpec>,
    #[serde(default)]
    pub actors: Vec<ActorSpec>,
    #[serde(default)]
    pub infrastructure: Vec<InfraSpec>,
    #[serde(default)]
    pub events: Vec<EventSpec>,
    #[serde(default)]
    pub objectives: Vec<ObjectiveSpec>,
    #[serde(default)]
    pub decisions: Vec<DecisionSpec>,
    #[serde(default)]
    pub unrest: UnrestSpec,
    #[serde(default)]
    pub scoring: ScoringWeights,
    /// Lint warnings the author has answered as intended (`cimic lint`, docs/scenario-format.md):
    /// a warning is about a choice the author may have made on purpose, and an answered one is
    /// counted, not repeated, so that a shipped scenario lints clean without hiding new findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lint_allow: Vec<LintAllow>,
}

/// What the exercise is called, what trainees are told, and how long it lasts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub briefing: String,
    /// Hours of game time per turn (default 24: one day).
    #[serde(default = "default_turn_hours")]
    pub turn_hours: u32,
    /// Number of turns the exercise runs.
    pub turns: u32,
    /// Date of turn 1, `YYYY-MM-DD`.
    pub start_date: String,
}

fn default_turn_hours() -> u32 {
    24
}

/// The hex map: size, ground, districts, roads and rivers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MapSpec {
    pub width: u32,
    pub height: u32,
    pub terrain: TerrainSpec,
    pub districts: Vec<DistrictSpec>,
    #[serde(default)]
    pub roads: Vec<RoadSpec>,
    #[serde(default)]
    pub rivers: Vec<RiverSpec>,
}

/// Ground type of a hex; decides movement cost and collateral risk.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum Terrain {
    Urban,
    Rural,
    Forest,
    Hills,
    Mountain,
    Marsh,
    Water,
}

impl Terrain {
    /// The one-letter code used in `terrain.rows`.
    pub const CODES: [(char, Terrain); 7] = [
        ('U', Terrain::Urban),
        ('.', Terrain::Rural),
        ('F', Terrain::Forest),
        ('H', Terrain::Hills),
        ('M', Terrain::Mountain),
        ('S', Terrain::Marsh),
        ('W', Terrain::Water),
    ];

    /// Terrain for a row-string character, if it is one.
    pub fn from_code(c: char) -> Option<Terrain> {
        Self::CODES.iter().find(|(k, _)| *k == c).map(|(_, t)| *t)
    }
}

/// Terrain for every hex: a fill, optionally a grid of letters, then regions painted on top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TerrainSpec {
    #[serde(default = "default_fill")]
    pub fill: Terrain,
    /// One string per row, one letter per hex (see [`Terrain::CODES`]); spaces are ignored.
    #[serde(default)]
    pub rows: Vec<String>,
    #[serde(default)]
    pub regions: Vec<RegionSpec>,
}

fn default_fill() -> Terrain {
    Terrain::Rural
}

/// An area painted with one terrain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionSpec {
    pub terrain: Terrain,
    pub area: Area,
}

/// A set of hexes: listed one by one, or a rectangle in `(col, row)` including both corners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum Area {
    Hexes(Vec<HexPos>),
    Rect { min: HexPos, max: HexPos },
}

/// A named district: the area where civil factors (needs, consent) are aggregated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DistrictSpec {
    pub id: String,
    pub name: String,
    pub areas: Vec<Area>,
}

/// A road as a chain of adjacent hexes; moving along it is cheap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoadSpec {
    pub id: String,
    pub path: Vec<HexPos>,
}

/// A river: hexes that can be crossed only where a functioning bridge stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiverSpec {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub hexes: Vec<HexPos>,
}

/// A party with units on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SideSpec {
    pub id: String,
    pub name: String,
    pub role: SideRole,
}

/// Which sides the players command (`Force`) and which the engine or facilitator plays.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum SideRole {
    Force,
    HostNation,
    Adversary,
    Other,
}

/// Military unit types (docs/scenario-format.md); the type sets default capabilities and movement.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum UnitKind {
    Infantry,
    Mechanised,
    Engineer,
    Medical,
    Logistics,
    MilitaryPolice,
    CimicTeam,
    Aviation,
    InfoOps,
    Irregular,
}

/// What a unit can be ordered to do; checked when an order is submitted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum Capability {
    Move,
    Repair,
    Patrol,
    Secure,
    Engage,
    Aid,
    Escort,
    Liaise,
    Assess,
    Medical,
    InfoCampaign,
    SupportAuthority,
    CommunityProject,
    Handover,
}

/// A military unit at turn 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitSpec {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub side: String,
    pub kind: UnitKind,
    /// Combat/work strength in percent of establishment, 0–100.
    #[serde(default = "hundred")]
    pub strength: f32,
    /// Days of supplies in percent of a full load, 0–100.
    #[serde(default = "hundred")]
    pub supplies: f32,
    pub position: HexPos,
    /// Overrides the type's default capabilities when given.
    #[serde(default)]
    pub capabilities: Option<Vec<Capability>>,
    /// Overrides the type's movement points per turn when given.
    #[serde(default)]
    pub movement: Option<u32>,
}

fn hundred() -> f32 {
    100.0
}

/// The seven sectors of civil need (docs/rules.md §12; NATO baseline requirements).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum Sector {
    Water,
    Food,
    Health,
    Shelter,
    Energy,
    Security,
    Communications,
}

impl Sector {
    /// All sectors in their canonical order (the order of arrays indexed by sector).
    pub const ALL: [Sector; 7] = [
        Sector::Water,
        Sector::Food,
        Sector::Health,
        Sector::Shelter,
        Sector::Energy,
        Sector::Security,
        Sector::Communications,
    ];

    /// Index into per-sector arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Lower-case name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Sector::Water => "water",
            Sector::Food => "food",
            Sector::Health => "health",
            Sector::Shelter => "shelter",
            Sector::Energy => "energy",
            Sector::Security => "security",
            Sector::Communications => "communications",
        }
    }
}

/// One value per sector, each 0–1. A sector left out takes the default of the field it fills
/// (0.5 for `needs`, [`DEFAULT_COPING`] for `coping`), so authors write only what differs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectorLevels {
    #[serde(default)]
    pub water: Option<f32>,
    #[serde(default)]
    pub food: Option<f32>,
    #[serde(default)]
    pub health: Option<f32>,
    #[serde(default)]
    pub shelter: Option<f32>,
    #[serde(default)]
    pub energy: Option<f32>,
    #[serde(default)]
    pub security: Option<f32>,
    #[serde(default)]
    pub communications: Option<f32>,
}

/// What households manage without outside services (wells, stocks, neighbours), in
/// [`Sector::ALL`] order: the floor needs satisfaction falls back to when every service fails.
pub const DEFAULT_COPING: [f32; 7] = [0.2, 0.4, 0.2, 0.7, 0.1, 0.3, 0.2];

/// Initial needs satisfaction of a sector the scenario leaves out.
pub const DEFAULT_NEED: f32 = 0.5;

impl SectorLevels {
    /// The given values in [`Sector::ALL`] order (`None` where left out).
    pub fn to_options(&self) -> [Option<f32>; 7] {
        [
            self.water,
            self.food,
            self.health,
            self.shelter,
            self.energy,
            self.security,
            self.communications,
        ]
    }

    /// The values with left-out sectors filled from `defaults`.
    pub fn resolve(&self, defaults: [f32; 7]) -> [f32; 7] {
        let given = self.to_options();
        std::array::from_fn(|i| given[i].unwrap_or(defaults[i]))
    }
}

/// Consent toward the force, legitimacy of the host-nation government, grievance: each 0–1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attitudes {
    #[serde(default = "half")]
    pub consent: f32,
    #[serde(default = "half")]
    pub legitimacy: f32,
    #[serde(default)]
    pub grievance: f32,
}

impl Default for Attitudes {
    fn default() -> Self {
        Self {
            consent: 0.5,
            legitimacy: 0.5,
            grievance: 0.0,
        }
    }
}

/// A population group living in one district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PopulationSpec {
    pub id: String,
    pub district: String,
    /// Number of people.
    pub size: u32,
    /// Share of children, elderly and others at higher risk, 0–1.
    #[serde(default = "default_vulnerable")]
    pub vulnerable_share: f32,
    /// Community or affiliation, for inter-communal tension.
    #[serde(default)]
    pub community: String,
    /// Needs satisfaction at turn 0, per sector (default [`DEFAULT_NEED`]).
    #[serde(default)]
    pub needs: SectorLevels,
    /// Self-reliance per sector (default [`DEFAULT_COPING`]).
    #[serde(default)]
    pub coping: SectorLevels,
    #[serde(default)]
    pub attitudes: Attitudes,
}

fn default_vulnerable() -> f32 {
    0.3
}

/// Kinds of non-military actor (CIMIC handbook glossary; docs/scenario-format.md).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum ActorKind {
    Ngo,
    InternationalOrganisation,
    UnAgency,
    Icrc,
    HostNationMinistry,
    LocalAuthority,
    LocalLeader,
    LawEnforcement,
    Contractor,
}

/// Where an actor stands on the coexistence ↔ cooperation spectrum (CCOE CMI fact sheet).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum Stance {
    Coexistence,
    Coordination,
    Cooperation,
}

/// A non-military actor at turn 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActorSpec {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    /// Sectors the actor's mandate covers.
    pub mandate: Vec<Sector>,
    /// People the actor can serve per turn.
    pub capacity: u32,
    /// District ids where the actor operates.
    pub districts: Vec<String>,
    /// Minimum security satisfaction (0–1) the actor needs to work in a district.
    #[serde(default)]
    pub access_threshold: f32,
    /// Bound by humanity, neutrality, impartiality and independence.
    #[serde(default)]
    pub humanitarian: bool,
    #[serde(default = "half")]
    pub trust: f32,
    #[serde(default = "default_stance")]
    pub stance: Stance,
    /// Whether the actor is at work from turn 1 (default) or arrives through an event.
    #[serde(default = "yes")]
    pub present: bool,
    /// The community a local leader speaks for (docs/rules.md §13.2): key leader engagement moves
    /// the groups of this community in the leader's districts. Default (none): every group there.
    #[serde(default)]
    pub community: Option<String>,
    /// District the actor works from (default: the first of `districts`). By land it reaches
    /// only the districts joined to its base by ground passable now (docs/rules.md §11.1).
    #[serde(default)]
    pub base: Option<String>,
    /// How the actor travels (default `Ground`: rivers without a bridge and open water stop it).
    #[serde(default)]
    pub transport: Transport,
}

/// How a civilian actor reaches the districts it serves. Terrain binds everyone: an actor that
/// moves by road is cut off by a collapsed bridge as the force is, unless it has boats or
/// helicopters.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum Transport {
    /// By road and on foot: needs a land route from its base.
    #[default]
    Ground,
    /// Has boats: crosses rivers and open water, so reaches every district of its area.
    Boats,
    /// Has aircraft (helicopters): reaches every district of its area.
    Air,
}

fn yes() -> bool {
    true
}

fn default_stance() -> Stance {
    Stance::Coexistence
}

/// Infrastructure types; each serves at most one sector (see docs/rules.md).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum InfraKind {
    PowerPlant,
    WaterPlant,
    Hospital,
    Clinic,
    School,
    Bridge,
    Port,
    Market,
    Warehouse,
    Telecom,
    GovernmentOffice,
    PoliceStation,
    IdpCamp,
    CulturalSite,
    ReligiousSite,
}

/// Special protection under international humanitarian law, flagged in reports when hit.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum Protection {
    None,
    /// Medical facilities (Geneva Conventions).
    Medical,
    /// Cultural property under the 1954 Hague Convention.
    CulturalProperty,
}

/// A piece of infrastructure at turn 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InfraSpec {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub kind: InfraKind,
    pub hex: HexPos,
    /// Physical condition, 0 (destroyed) – 1 (intact).
    #[serde(default = "one")]
    pub condition: f32,
    /// People served per turn at full function (0 for kinds that serve no sector).
    #[serde(default)]
    pub capacity: u32,
    /// District ids the service reaches.
    #[serde(default)]
    pub serves: Vec<String>,
    /// Infrastructure ids this one needs to function (a water plant needs power).
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// Special protection; left out, it follows the kind ([`InfraSpec::protection`]), and
    /// `protected: None` removes it on purpose.
    #[serde(
        default,
        deserialize_with = "given_protection",
        serialize_with = "write_protection",
        skip_serializing_if = "Option::is_none"
    )]
    pub protected: Option<Protection>,
    /// Condition lost per turn without maintenance (default by kind).
    #[serde(default)]
    pub decay: Option<f32>,
}

fn one() -> f32 {
    1.0
}

/// A `protected:` the author wrote (the field is optional, but its values are plain variants).
fn given_protection<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Protection>, D::Error> {
    Protection::deserialize(d).map(Some)
}

fn write_protection<S: serde::Serializer>(p: &Option<Protection>, s: S) -> Result<S::Ok, S::Error> {
    p.unwrap_or(Protection::None).serialize(s)
}

impl InfraSpec {
    /// The site's protection: as written, or by kind when left out — medical facilities under
    /// the Geneva Conventions, religious and cultural sites as cultural property under the 1954
    /// Hague Convention (docs/rules.md §6). An author has to opt out, not in.
    pub fn protection(&self) -> Protection {
        self.protected.unwrap_or(match self.kind {
            InfraKind::Hospital | InfraKind::Clinic => Protection::Medical,
            InfraKind::ReligiousSite | InfraKind::CulturalSite => Protection::CulturalProperty,
            _ => Protection::None,
        })
    }
}

/// A scripted inject: when it fires and what it does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    pub id: String,
    #[serde(default)]
    pub title: String,
    pub trigger: Trigger,
    pub effects: Vec<Effect>,
    /// Whether the event may fire again on later turns (default: once).
    #[serde(default)]
    pub repeat: bool,
}

/// When an event fires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum Trigger {
    /// At the start of this turn.
    AtTurn(u32),
    /// At the start of any turn on which the condition holds.
    When(Condition),
    /// With this probability at the start of each turn in `from..=until`.
    Chance {
        per_turn: f32,
        from: u32,
        until: u32,
    },
}

/// What an event does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum Effect {
    /// Lowers an infrastructure's condition by `amount` (0–1).
    Damage { target: String, amount: f32 },
    /// Raises an infrastructure's condition by `amount` (0–1), e.g. a contractor's fix.
    Restore { target: String, amount: f32 },
    /// A message read to the room.
    Message(String),
    /// Drives `share` (0–1) of the district's people from their homes (see displacement rules).
    Displace { district: String, share: f32 },
    /// False stories about the force: consent in the district and actors' trust fall by up to
    /// `amount` (0–1); an information campaign running there halves it.
    Disinformation { district: String, amount: f32 },
    /// Disease outbreak: health satisfaction in the district falls by `severity` (0–1).
    Epidemic { district: String, severity: f32 },
    /// An actor that was not yet present (`present: false`) starts work.
    ActorArrives(String),
    /// An actor leaves the operation.
    ActorWithdraws(String),
    /// The host nation or an actor asks the force for help in a district and sector.
    RequestForAssistance {
        district: String,
        sector: Sector,
        text: String,
    },
    /// Puts a decision point in front of the players; it is resolved at the start of next turn.
    Decision(String),
}

/// A choice put to the players (matrix-game style): named options, each with its effects, and
/// the option taken if nobody decides by the next turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionSpec {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub briefing: String,
    pub options: Vec<DecisionOption>,
    /// Id of the option taken when the players do not decide.
    pub default: String,
}

/// One option of a decision point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionOption {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub effects: Vec<Effect>,
}

/// A test on the state, used by event triggers and objectives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum Condition {
    /// The current turn is at least this.
    TurnAtLeast(u32),
    /// Infrastructure functioning (0–1) is at least `value`.
    InfraAtLeast {
        infra: String,
        value: f32,
    },
    /// Infrastructure functioning (0–1) is below `value`.
    InfraBelow {
        infra: String,
        value: f32,
    },
    /// People-weighted needs satisfaction of a district in a sector is at least `value`.
    NeedAtLeast {
        district: String,
        sector: Sector,
        value: f32,
    },
    /// People-weighted needs satisfaction of a district in a sector is below `value`.
    NeedBelow {
        district: String,
        sector: Sector,
        value: f32,
    },
    /// Share (0–1) of the district's people in active unrest is above `value`.
    UnrestAbove {
        district: String,
        value: f32,
    },
    /// The unit stands in the district.
    UnitInDistrict {
        unit: String,
        district: String,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// Something the force is asked to achieve by a deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveSpec {
    pub id: String,
    pub title: String,
    pub condition: Condition,
    /// The last turn on which meeting the condition counts.
    pub deadline: u32,
    #[serde(default = "one")]
    pub weight: f32,
}

/// Scale and parameters of the civil-unrest model (Epstein 2002) run in every district.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct UnrestSpec {
    /// One citizen agent stands for this many people.
    pub people_per_citizen: u32,
    /// Most citizen agents in one district (bounds the cost of large districts).
    pub max_citizens: u32,
    /// Model steps played per turn.
    pub steps_per_turn: u32,
    /// Vision radius of citizens and cops, in grid cells.
    pub vision: u32,
    /// Longest jail term, in model steps.
    pub max_jail_term: u32,
    /// A citizen turns active when grievance − risk aversion × arrest probability exceeds this.
    pub active_threshold: f32,
    /// `k` in the estimated arrest probability 1 − exp(−k · round(cops / actives)).
    pub arrest_prob_constant: f32,
    /// Cop agents a force or host-nation unit at full strength puts in its district
    /// (only units that can patrol count; military police count double).
    pub cops_per_unit: f32,
    /// Cop agents per 1,000 people of capacity of a police station (at its functioning) or a
    /// law-enforcement actor, spread over the districts it serves.
    pub police_per_thousand: f32,
    /// Cop agents per 1,000 people the district's own social control puts in its model (elders,
    /// families, neighbours: a community restrains its members even where no police stand),
    /// counted on the people the model's citizens stand for, and up to twice that in the
    /// countryside, where everyone knows everyone (× (1 + the district's share of non-urban hexes)).
    pub informal_control_per_thousand: f32,
    /// Security satisfaction lost per unit share of active citizens.
    pub security_impact: f32,
}

impl Default for UnrestSpec {
    fn default() -> Self {
        Self {
            people_per_citizen: 200,
            max_citizens: 300,
            steps_per_turn: 3,
            vision: 4,
            max_jail_term: 3,
            active_threshold: 0.3,
            arrest_prob_constant: 2.3,
            cops_per_unit: 4.0,
            police_per_thousand: 2.0,
            informal_control_per_thousand: 0.6,
            security_impact: 0.3,
        }
    }
}

/// How the scores weigh their terms (docs/rules.md §21). The effectiveness weights are
/// normalised by their sum, so they need not add up to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ScoringWeights {
    /// Effectiveness share for scenario objectives.
    pub objectives: f32,
    /// Effectiveness share for needs met, weighted by people.
    pub needs: f32,
    /// Effectiveness share for security.
    pub security: f32,
    /// Effectiveness share for host-nation legitimacy and local ownership.
    pub legitimacy: f32,
    /// Effectiveness share for the seven baseline requirements for civil preparedness.
    pub resilience: f32,
    /// How much more harm the force causes itself weighs than harm it failed to prevent.
    pub own_harm_multiplier: f32,
    /// Civil harm points per unit of each kind of harm (docs/rules.md §21.4); optional, each
    /// field defaults to the engine's table.
    pub harm: HarmWeights,
}

/// Civil harm points per unit of quantity of each kind of harm: one documented table
/// (docs/rules.md §21.4), which a scenario may override field by field under `scoring.harm`.
/// Lives come first: a civilian death weighs 1, and no other term outweighs the lives its
/// consequences cost (those are counted as deaths already).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct HarmWeights {
    /// Per civilian killed.
    pub casualties: f32,
    /// Per person displaced.
    pub displacement: f32,
    /// Per unit of condition (0–1) a civilian site loses.
    pub infrastructure_damage: f32,
    /// Per unit of condition a medical facility or cultural property loses.
    pub protected_site_damage: f32,
    /// Per unit of acceptance (0–1) a humanitarian actor loses.
    pub humanitarian_space: f32,
    /// Per humanitarian actor that suspends its work.
    pub actor_suspended: f32,
    /// Per humanitarian actor that leaves the operation.
    pub actor_withdrew: f32,
    /// Per turn the force runs a service a civilian owner could have taken over, past the grace.
    pub dependency: f32,
    /// Per community project not finished when promised.
    pub broken_promise: f32,
    /// Per turn a community is seen to be neglected by the force's help, at full severity
    /// (docs/rules.md §13.1, impartiality).
    pub partiality: f32,
    /// Per person whose share of local water, food or fuel for a turn the force drew while
    /// they needed it (docs/rules.md §9, host-nation support). A fortieth of displacing them:
    /// the needs it leaves unmet are counted again in effectiveness and in deaths.
    pub host_nation_draw: f32,
}

impl Default for HarmWeights {
    fn default() -> Self {
        Self {
            casualties: 1.0,
            displacement: 0.02,
            infrastructure_damage: 10.0,
            protected_site_damage: 20.0,
            humanitarian_space: 10.0,
            actor_suspended: 2.0,
            actor_withdrew: 5.0,
            dependency: 0.2,
            broken_promise: 5.0,
            partiality: 1.0,
            host_nation_draw: 0.0005,
        }
    }
}

impl Default for ScoringWeights {
    fn default() -> Self {
        Self {
            objectives: 0.35,
            needs: 0.25,
            security: 0.15,
            legitimacy: 0.15,
            resilience: 0.1,
            own_harm_multiplier: 3.0,
            harm: HarmWeights::default(),
        }
    }
}

fn half() -> f32 {
    0.5
}
