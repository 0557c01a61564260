//! The map, drawn by Bevy's 2D renderer: one batched, vertex-coloured mesh per layer (hexes,
//! lines, sites, units, highlights); labels are painted over it by [`super::maplabels`]. Layers
//! are rebuilt only when the shown state, the overlay, the selection or the zoom's level of detail
//! changes, so an idle projector (or a pan) costs almost nothing.

use super::composer::{Composer, OrderKind, Target};
use super::hexgeo::{HEX_SIZE, LAYOUT, MeshBuilder, center};
use super::input::MapCamera;
use super::overlays::{Overlay, ramp, status_color, terrain_color};
use super::scene::{self, Lod, Stack};
use super::session::Session;
use bevy::camera::Projection;
use bevy::prelude::*;
use cimic_core::map::NO_DISTRICT;
use cimic_core::orders::Order;

/// One map layer's entity; its mesh is replaced on redraw.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapLayer {
    Hexes,
    Lines,
    Sites,
    Units,
    Highlight,
}

impl MapLayer {
    const ALL: [MapLayer; 5] = [
        MapLayer::Hexes,
        MapLayer::Lines,
        MapLayer::Sites,
        MapLayer::Units,
        MapLayer::Highlight,
    ];

    fn z(self) -> f32 {
        match self {
            MapLayer::Hexes => 0.0,
            MapLayer::Lines => 1.0,
            MapLayer::Sites => 2.0,
            MapLayer::Units => 3.0,
            MapLayer::Highlight => 4.0,
        }
    }
}

/// The labels the map would like to write and the stacks a hover can list, from the last
/// redraw; [`super::maplabels::paint`] places them every frame for the camera of that frame.
#[derive(Resource, Debug, Default)]
pub struct MapLabels {
    pub groups: Vec<super::layout::Group>,
    pub stacks: Vec<Stack>,
}

/// What the projector shows, chosen by keys and buttons.
#[derive(Resource, Debug, Clone)]
pub struct View {
    pub overlay: Overlay,
    /// Show the true state instead of the force's picture (facilitator and AAR only).
    pub truth: bool,
    /// egui's zoom factor for readability from the back of the room.
    pub ui_scale: f32,
    pub help: bool,
    pub legend: bool,
    /// The facilitator console window is open.
    pub facilitator: bool,
    /// The "exercise over" debrief is shown (once the last turn is played, until closed).
    pub debrief: bool,
    /// The side panels are collapsed: the map has the window's whole width (C).
    pub map_only: bool,
}

impl Default for View {
    fn default() -> Self {
        View {
            overlay: Overlay::Terrain,
            truth: false,
            ui_scale: 1.25,
            help: false,
            legend: true,
            facilitator: false,
            debrief: true,
            map_only: false,
        }
    }
}

/// Spawns the layer entities (empty meshes until the first redraw).
pub fn spawn_layers(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    let white = materials.add(ColorMaterial::from_color(Color::WHITE));
    for layer in MapLayer::ALL {
        commands.spawn((
            layer,
            Mesh2d(meshes.add(placeholder())),
            MeshMaterial2d(white.clone()),
            Transform::from_xyz(0.0, 0.0, layer.z()),
        ));
    }
}

/// A single invisible triangle: layers start with it until the first redraw (an empty mesh
/// upsets the renderer's allocator).
fn placeholder() -> Mesh {
    let mut b = MeshBuilder::default();
    b.polygon(&[Vec2::ZERO, Vec2::X, Vec2::Y], Color::NONE);
    b.build()
}

/// How many times the map's meshes were rebuilt (printed with the frame times on exit).
#[derive(Resource, Debug, Default)]
pub struct Rebuilds(pub u64);

/// What the last redraw showed; a change of any part triggers the next.
#[derive(Default, PartialEq, Clone)]
pub struct Drawn {
    version: u64,
    overlay: Option<Overlay>,
    truth: bool,
    unit: Option<String>,
    kind: Option<OrderKind>,
    inspected: Option<(i32, i32)>,
    level: i32,
}

/// Rebuilds every layer when what is shown has changed; counts the rebuilds in [`Rebuilds`].
#[allow(clippy::too_many_arguments)]
pub fn redraw(
    session: Res<Session>,
    view: Res<View>,
    composer: Res<Composer>,
    mut drawn: Local<Drawn>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut layers: Query<(&MapLayer, &mut Mesh2d)>,
    mut labels: ResMut<MapLabels>,
    mut rebuilds: ResMut<Rebuilds>,
    camera: Query<&Projection, With<MapCamera>>,
) {
    let scale = match camera.single() {
        Ok(Projection::Orthographic(o)) => o.scale,
        _ => 1.0,
    };
    let now = Drawn {
        version: session.version,
        overlay: Some(view.overlay),
        truth: view.truth,
        unit: composer.unit.clone(),
        kind: composer.kind,
        inspected: composer.inspected,
        level: Lod::of(scale).level,
    };
    if *drawn == now {
        return;
    }
    if session.sim().is_none() {
        return; // a turn is being played: keep the last picture
    }
    *drawn = now;
    rebuilds.0 += 1;
    let scene = scene::build(&session, &view, scale);
    let mut built = [
        hexes(&session, &view),
        lines(&session),
        scene.sites,
        scene.units,
        highlight(&session, &composer),
    ];
    labels.groups = scene.labels;
    labels.stacks = scene.stacks;
    // A fresh mesh asset per redraw; the old one is dropped with its handle.
    for (layer, mut mesh) in &mut layers {
        let i = MapLayer::ALL.iter().position(|l| l == layer).unwrap_or(0);
        mesh.0 = meshes.add(std::mem::take(&mut built[i]).build());
    }
}

fn hexes(session: &Session, view: &View) -> MeshBuilder {
    let mut b = MeshBuilder::default();
    let Some(sim) = session.sim() else { return b };
    let map = sim.map();
    let values = view.overlay.district_values(sim, view.truth);
    let site_status: Vec<((i32, i32), f32)> = sim
        .infrastructure()
        .iter()
        .map(|s| (s.hex, s.functioning))
        .collect();
    for i in 0..map.len() {
        let pos = map.pos_of(i);
        let terrain = terrain_color(map.terrain[i]);
        let d = map.district[i];
        let color = match view.overlay {
            Overlay::Terrain => terrain,
            Overlay::Infrastructure => match site_status.iter().find(|(h, _)| *h == pos) {
                Some((_, f)) => status_color(*f),
                None => terrain.mix(&Color::srgb(0.3, 0.3, 0.3), 0.6),
            },
            o => {
                let v = (d != NO_DISTRICT)
                    .then(|| values.get(d as usize).copied().flatten())
                    .flatten();
                match v {
                    Some(v) => ramp(o.goodness(v)).mix(&terrain, 0.15),
                    // Unknown to the force: hatched grey.
                    None => Color::srgb(0.35, 0.35, 0.38),
                }
            }
        };
        b.hexagon(center(pos), HEX_SIZE * 0.97, color);
    }
    b
}

fn lines(session: &Session) -> MeshBuilder {
    let mut b = MeshBuilder::default();
    let Some(sim) = session.sim() else { return b };
    let map = sim.map();
    // Rivers: a band through the river's hexes, in the order the author listed them.
    let river = Color::srgb_u8(0x1f, 0x5f, 0xb0);
    for r in &session.scenario.map.rivers {
        for w in r.hexes.windows(2) {
            b.line(center(w[0]), center(w[1]), 16.0, river);
        }
        for &h in &r.hexes {
            b.circle(center(h), 8.0, river);
        }
    }
    // Roads: dark casing with a light core, from hex centre to linked neighbour.
    for i in 0..map.len() {
        let pos = map.pos_of(i);
        for n in LAYOUT.sides(pos).map(|side| side.neighbour) {
            if map.index(n).is_some() && map.road_between(pos, n) && pos < n {
                b.line(
                    center(pos),
                    center(n),
                    9.0,
                    Color::srgb_u8(0x3a, 0x2a, 0x1a),
                );
                b.line(
                    center(pos),
                    center(n),
                    4.0,
                    Color::srgb_u8(0xf0, 0xc0, 0x60),
                );
            }
        }
    }
    // District borders: every edge between hexes of different districts (or the map's edge).
    for i in 0..map.len() {
        let pos = map.pos_of(i);
        let d = map.district[i];
        if d == NO_DISTRICT {
            continue;
        }
        for side in LAYOUT.sides(pos) {
            let other = map.index(side.neighbour).map(|j| map.district[j]);
            if other != Some(d) {
                let [a, z] = side.edge;
                b.line(a, z, 6.0, Color::srgb(0.08, 0.08, 0.1));
                b.line(a, z, 2.0, Color::WHITE);
            }
        }
    }
    b
}

fn highlight(session: &Session, composer: &Composer) -> MeshBuilder {
    let mut b = MeshBuilder::default();
    let Some(sim) = session.sim() else { return b };
    let units = sim.units();
    let yellow = Color::srgb(1.0, 0.85, 0.0);
    // Staged moves: an arrow from the unit to its destination.
    for o in &session.staged {
        if let Order::Move { unit, to } = o
            && let Some(u) = units.iter().find(|u| &u.id == unit)
        {
            let (a, z) = (center(u.position), center(*to));
            b.line(a, z, 5.0, yellow);
            b.circle(z, 9.0, yellow);
        }
    }
    if let Some(pos) = composer.inspected {
        b.outline(&LAYOUT.corners(pos), 3.0, Color::WHITE);
    }
    let Some(unit) = composer
        .unit
        .as_ref()
        .and_then(|id| units.iter().find(|u| &u.id == id))
    else {
        return b;
    };
    let pts = LAYOUT.corners_around(center(unit.position), HEX_SIZE * 0.95);
    b.outline(&pts, 6.0, yellow);
    // While picking a destination, mark every hex the unit can reach now.
    if composer.kind.map(OrderKind::target) == Some(Target::Hex) {
        let map = sim.map();
        for i in 0..map.len() {
            let pos = map.pos_of(i);
            if pos != unit.position && sim.reachable(unit.position, pos) {
                b.circle(center(pos), 6.0, yellow);
            }
        }
    }
    b
}

/// Where each district's name is written (`.0`: the hex of its top row nearest its centroid) and
/// where its actors' tags start (`.1`: the same in its bottom row), so that labels keep to the
/// district's own ground and away from the roads and towns in its middle. `None` for a district
/// with no hexes.
pub fn district_anchors(session: &Session) -> Vec<Option<(Vec2, Vec2)>> {
    let Some(sim) = session.sim() else {
        return Vec::new();
    };
    let map = sim.map();
    (0..session.scenario.map.districts.len())
        .map(|d| {
            let hexes: Vec<(i32, i32)> = (0..map.len())
                .filter(|&i| map.district[i] as usize == d)
                .map(|i| map.pos_of(i))
                .collect();
            if hexes.is_empty() {
                return None;
            }
            let mid = hexes.iter().map(|&p| center(p)).sum::<Vec2>() / hexes.len() as f32;
            let (top, bottom) = (
                hexes.iter().map(|p| p.1).min()?,
                hexes.iter().map(|p| p.1).max()?,
            );
            let nearest = |row: i32| {
                hexes
                    .iter()
                    .filter(|p| p.1 == row)
                    .map(|&p| center(p))
                    .min_by(|a, b| (a.x - mid.x).abs().total_cmp(&(b.x - mid.x).abs()))
            };
            Some((nearest(top)?, nearest(bottom)?))
        })
        .collect()
}
