//! The editor's map: the scenario as written (terrain, district membership, rivers, roads,
//! sites, units, actors) drawn with egui's painter, and the pointer turned into edits by the
//! current tool. Screen ↔ hex goes through the core's [`MapLayout`], the one layout the game's
//! map and the report's SVG also use.

use super::{EditorState, Stroke, Tool};
use bevy_egui::egui::{self, Color32, Pos2, Sense, Shape};
use cimic_core::map::layout::{MapLayout, Vec2};
use cimic_core::map::{HexMap, NO_DISTRICT, distance};
use cimic_core::scenario::edit::{EditOp, EntityKind};
use cimic_core::scenario::format::{HexPos, Scenario, SideRole, Terrain};

/// The layout in world units (hex size 1, y down); the view scales and shifts it.
fn layout() -> MapLayout {
    MapLayout::y_down(1.0)
}

/// Screen point of a world point.
fn to_screen(state: &EditorState, p: Vec2) -> Pos2 {
    state.view.origin + egui::vec2(p.x, p.y) * state.view.zoom
}

/// Screen position of a hex's centre (for tests that click on a hex).
pub fn hex_center(state: &EditorState, pos: HexPos) -> Pos2 {
    to_screen(state, layout().center(pos))
}

/// The hex under a screen point, if it is on the map.
pub fn hex_under(state: &EditorState, p: Pos2) -> Option<HexPos> {
    let w = (p - state.view.origin) / state.view.zoom;
    let pos = layout().hex_at(Vec2::new(w.x, w.y));
    let m = &state.editor.scenario().map;
    (pos.0 >= 0 && pos.1 >= 0 && (pos.0 as u32) < m.width && (pos.1 as u32) < m.height)
        .then_some(pos)
}

/// Fills `canvas` with the whole map.
fn fit(state: &mut EditorState, canvas: egui::Rect) {
    let m = &state.editor.scenario().map;
    let l = layout();
    let (w, h) = (m.width.max(1) as i32, m.height.max(1) as i32);
    let corners = [
        (0, 0),
        (w - 1, 0),
        (0, h - 1),
        (w - 1, h - 1),
        (w - 1, 1.min(h - 1)),
    ];
    let (mut lo, mut hi) = (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN));
    for c in corners {
        let p = l.center(c);
        lo = lo.min(p - Vec2::splat(1.0));
        hi = hi.max(p + Vec2::splat(1.0));
    }
    let size = hi - lo;
    let zoom = (canvas.width() / size.x).min(canvas.height() / size.y) * 0.97;
    state.view.zoom = zoom.clamp(2.0, 200.0);
    let mid = (lo + hi) / 2.0;
    state.view.origin = canvas.center() - egui::vec2(mid.x, mid.y) * state.view.zoom;
}

/// Colour of a terrain.
pub fn terrain_color(t: Terrain) -> Color32 {
    match t {
        Terrain::Urban => Color32::from_rgb(0x9a, 0x9a, 0xa0),
        Terrain::Rural => Color32::from_rgb(0xc8, 0xd4, 0x8c),
        Terrain::Forest => Color32::from_rgb(0x3f, 0x7a, 0x3a),
        Terrain::Hills => Color32::from_rgb(0xb8, 0x9c, 0x6a),
        Terrain::Mountain => Color32::from_rgb(0x7d, 0x6b, 0x5a),
        Terrain::Marsh => Color32::from_rgb(0x6f, 0xa3, 0x8f),
        Terrain::Water => Color32::from_rgb(0x3b, 0x73, 0xc4),
    }
}

/// Colour of district `i` (a qualitative palette, repeating after eight).
pub fn district_color(i: usize) -> Color32 {
    const P: [(u8, u8, u8); 8] = [
        (0xe6, 0x9f, 0x00),
        (0xcc, 0x79, 0xa7),
        (0x00, 0x9e, 0x73),
        (0xd5, 0x5e, 0x00),
        (0x56, 0xb4, 0xe9),
        (0xf0, 0xe4, 0x42),
        (0xff, 0xff, 0xff),
        (0x00, 0x72, 0xb2),
    ];
    let (r, g, b) = P[i % P.len()];
    Color32::from_rgb(r, g, b)
}

/// Where an actor is drawn: the hex nearest the middle of its base district (or its first).
pub fn actor_anchor(s: &Scenario, map: &HexMap, actor: usize) -> Option<HexPos> {
    let a = s.actors.get(actor)?;
    let district = a.base.as_ref().or(a.districts.first())?;
    let d = s.map.districts.iter().position(|x| &x.id == district)?;
    let hexes: Vec<HexPos> = (0..map.len())
        .filter(|&i| map.district[i] as usize == d && map.district[i] != NO_DISTRICT)
        .map(|i| map.pos_of(i))
        .collect();
    let n = hexes.len().max(1) as f32;
    let l = layout();
    let mid = hexes.iter().map(|&p| l.center(p)).sum::<Vec2>() / n;
    hexes.into_iter().min_by(|&a, &b| {
        l.center(a)
            .distance(mid)
            .total_cmp(&l.center(b).distance(mid))
    })
}

/// The entity drawn on top at a hex: a unit, else a site, else an actor.
pub fn entity_at(s: &Scenario, pos: HexPos) -> Option<(EntityKind, String)> {
    if let Some(u) = s.units.iter().rev().find(|u| u.position == pos) {
        return Some((EntityKind::Unit, u.id.clone()));
    }
    if let Some(x) = s.infrastructure.iter().rev().find(|x| x.hex == pos) {
        return Some((EntityKind::Site, x.id.clone()));
    }
    let map = HexMap::from_spec(&s.map);
    (0..s.actors.len())
        .rev()
        .find(|&i| actor_anchor(s, &map, i) == Some(pos))
        .map(|i| (EntityKind::Actor, s.actors[i].id.clone()))
}

/// Every hex within the brush of `center`, on the map.
fn brush(state: &EditorState, center: HexPos) -> Vec<HexPos> {
    let r = state.brush as i32;
    let m = &state.editor.scenario().map;
    let mut out = Vec::new();
    for row in center.1 - r..=center.1 + r {
        for col in center.0 - r - 1..=center.0 + r + 1 {
            let p = (col, row);
            let inside = col >= 0 && row >= 0 && (col as u32) < m.width && (row as u32) < m.height;
            if inside && distance(center, p) <= state.brush {
                out.push(p);
            }
        }
    }
    out
}

/// The paint op of the current tool at `hexes` (`erase`: the right button).
fn paint_op(state: &EditorState, at: HexPos, erase: bool) -> Option<EditOp> {
    let hexes = brush(state, at);
    Some(match state.tool {
        Tool::Terrain(terrain) => EditOp::PaintTerrain { hexes, terrain },
        Tool::District => EditOp::PaintDistrict {
            hexes,
            district: if erase { None } else { state.district.clone() },
        },
        Tool::River => EditOp::PaintRiver {
            hexes,
            river: state.river.clone(),
            on: !erase,
        },
        Tool::Road => EditOp::PaintRoad {
            hexes: vec![at],
            road: state.road.clone(),
            on: !erase,
        },
        _ => return None,
    })
}

/// A press on hex `at`: paint, place, pick, delete or start moving.
fn press(state: &mut EditorState, at: HexPos, erase: bool) {
    match state.tool {
        Tool::Select => {
            let pick = entity_at(state.editor.scenario(), at);
            state.stroke = Some(match &pick {
                Some((kind, id)) => Stroke::Move {
                    kind: *kind,
                    id: id.clone(),
                },
                None => Stroke::Pan,
            });
            state.select(pick);
        }
        Tool::Delete => {
            if let Some((kind, id)) = entity_at(state.editor.scenario(), at) {
                state.apply(&EditOp::Delete { kind, id }, false);
            }
        }
        Tool::Place(kind) => {
            let subtype = match kind {
                EntityKind::Unit => state.unit_kind.clone(),
                EntityKind::Site => state.site_kind.clone(),
                _ => state.actor_kind.clone(),
            };
            let before = kind.ids(state.editor.scenario()).len();
            state.apply(&EditOp::Place { kind, at, subtype }, false);
            let ids = kind.ids(state.editor.scenario());
            if ids.len() > before {
                let id = ids[ids.len() - 1].to_string();
                state.select(Some((kind, id)));
            }
        }
        _ => {
            // A stroke continues only from a first stamp that was applied: otherwise its hexes
            // would join the previous, unrelated undo step.
            if let Some(op) = paint_op(state, at, erase)
                && state.apply(&op, false)
            {
                state.stroke = Some(Stroke::Paint { last: at, erase });
            }
        }
    }
}

/// The pointer moved to hex `at` with a button held.
fn drag_to(state: &mut EditorState, at: HexPos) {
    if let Some(Stroke::Paint { last, erase }) = state.stroke.clone()
        && last != at
        && let Some(op) = paint_op(state, at, erase)
    {
        state.apply(&op, true);
        state.stroke = Some(Stroke::Paint { last: at, erase });
    }
}

/// The button was let go over hex `at` (or off the map).
fn release(state: &mut EditorState, at: Option<HexPos>) {
    if let (Some(Stroke::Move { kind, id }), Some(to)) = (state.stroke.take(), at) {
        let moved = match kind {
            EntityKind::Unit => state
                .editor
                .scenario()
                .units
                .iter()
                .any(|u| u.id == id && u.position != to),
            EntityKind::Site => state
                .editor
                .scenario()
                .infrastructure
                .iter()
                .any(|x| x.id == id && x.hex != to),
            _ => entity_at(state.editor.scenario(), to).is_none_or(|(_, i)| i != id),
        };
        if moved {
            state.apply(&EditOp::Move { kind, id, to }, false);
        }
    }
    state.stroke = None;
}

/// Draws the map in the rest of the window and turns the pointer into edits.
pub fn map(ui: &mut egui::Ui, state: &mut EditorState) {
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let canvas = response.rect;
    if state.view.fit || state.view.canvas != canvas {
        if state.view.fit || state.view.canvas == egui::Rect::NOTHING {
            fit(state, canvas);
        }
        state.view.fit = false;
        state.view.canvas = canvas;
    }
    pointer(ui, &response, state);
    draw(&painter, state);
}

fn pointer(ui: &egui::Ui, response: &egui::Response, state: &mut EditorState) {
    let hover = response.hover_pos();
    let (primary_pressed, secondary_pressed, any_down, released, scroll, middle) = ui.input(|i| {
        (
            i.pointer.primary_pressed(),
            i.pointer.secondary_pressed(),
            i.pointer.any_down(),
            i.pointer.any_released(),
            i.smooth_scroll_delta.y,
            i.pointer.middle_down(),
        )
    });
    if let Some(p) = hover
        && scroll != 0.0
    {
        let old = state.view.zoom;
        let zoom = (old * (1.0 + scroll * 0.002)).clamp(2.0, 200.0);
        state.view.origin = p + (state.view.origin - p) * (zoom / old);
        state.view.zoom = zoom;
    }
    if middle || state.stroke == Some(Stroke::Pan) {
        state.view.origin += response.drag_delta();
    }
    let at = hover.and_then(|p| hex_under(state, p));
    if let Some(h) = at
        && (primary_pressed || secondary_pressed)
        && !middle
    {
        press(state, h, secondary_pressed && !primary_pressed);
    } else if any_down && let Some(h) = at {
        drag_to(state, h);
    }
    if released {
        release(state, at);
    }
}

fn draw(painter: &egui::Painter, state: &EditorState) {
    let s = state.editor.scenario();
    let map = HexMap::from_spec(&s.map);
    let l = layout();
    let z = state.view.zoom;
    let corners = |p: HexPos, k: f32| -> Vec<Pos2> {
        let c = l.center(p);
        l.corners(p)
            .iter()
            .map(|&q| to_screen(state, c + (q - c) * k))
            .collect()
    };
    for i in 0..map.len() {
        let p = map.pos_of(i);
        let edge = egui::Stroke::new(1.0, Color32::from_black_alpha(60));
        painter.add(Shape::convex_polygon(
            corners(p, 1.0),
            terrain_color(map.terrain[i]),
            edge,
        ));
        if map.district[i] != NO_DISTRICT {
            let stroke = egui::Stroke::new(
                (0.14 * z).max(1.5),
                district_color(map.district[i] as usize),
            );
            painter.add(Shape::closed_line(corners(p, 0.82), stroke));
        }
    }
    let water = egui::Stroke::new((0.3 * z).max(2.0), Color32::from_rgb(0x1f, 0x4e, 0xa8));
    for r in &s.map.rivers {
        for (k, &a) in r.hexes.iter().enumerate() {
            painter.circle_filled(to_screen(state, l.center(a)), 0.18 * z, water.color);
            for &b in &r.hexes[k + 1..] {
                if distance(a, b) == 1 {
                    let seg = [l.center(a), l.center(b)].map(|v| to_screen(state, v));
                    painter.line_segment(seg, water);
                }
            }
        }
    }
    let road = egui::Stroke::new((0.16 * z).max(2.0), Color32::from_rgb(0x5a, 0x3a, 0x1a));
    for r in &s.map.roads {
        for w in r.path.windows(2) {
            let seg = [l.center(w[0]), l.center(w[1])].map(|v| to_screen(state, v));
            painter.line_segment(seg, road);
        }
    }
    entities(painter, state, &map);
}

fn entities(painter: &egui::Painter, state: &EditorState, map: &HexMap) {
    let s = state.editor.scenario();
    let l = layout();
    let z = state.view.zoom;
    let font = egui::FontId::proportional((0.42 * z).clamp(8.0, 22.0));
    let selected = |kind: EntityKind, id: &str| {
        state
            .selected
            .as_ref()
            .is_some_and(|(k, i)| *k == kind && i == id)
    };
    let ring = egui::Stroke::new(3.0, Color32::YELLOW);
    let thin = egui::Stroke::new(1.0, Color32::BLACK);
    for x in &s.infrastructure {
        let c = to_screen(state, l.center(x.hex) + Vec2::new(0.0, 0.35));
        let r = egui::Rect::from_center_size(c, egui::vec2(0.55, 0.45) * z);
        let stroke = if selected(EntityKind::Site, &x.id) {
            ring
        } else {
            thin
        };
        painter.rect(
            r,
            2.0,
            Color32::from_rgb(0xf2, 0xf2, 0xe8),
            stroke,
            egui::StrokeKind::Outside,
        );
        let tag = format!("{:?}", x.kind).chars().take(2).collect::<String>();
        painter.text(
            c,
            egui::Align2::CENTER_CENTER,
            tag,
            font.clone(),
            Color32::BLACK,
        );
    }
    for u in &s.units {
        let role = s.sides.iter().find(|x| x.id == u.side).map(|x| x.role);
        let fill = match role {
            Some(SideRole::Force) => Color32::from_rgb(0x80, 0xb0, 0xff),
            Some(SideRole::HostNation) => Color32::from_rgb(0x8c, 0xd9, 0x8c),
            Some(SideRole::Adversary) => Color32::from_rgb(0xff, 0x80, 0x80),
            _ => Color32::from_rgb(0xe0, 0xe0, 0x90),
        };
        let c = to_screen(state, l.center(u.position) - Vec2::new(0.0, 0.25));
        let r = egui::Rect::from_center_size(c, egui::vec2(0.8, 0.5) * z);
        let stroke = if selected(EntityKind::Unit, &u.id) {
            ring
        } else {
            thin
        };
        painter.rect(r, 0.0, fill, stroke, egui::StrokeKind::Outside);
        let tag = format!("{:?}", u.kind).chars().take(3).collect::<String>();
        painter.text(
            c,
            egui::Align2::CENTER_CENTER,
            tag,
            font.clone(),
            Color32::BLACK,
        );
    }
    for (i, a) in s.actors.iter().enumerate() {
        let Some(at) = actor_anchor(s, map, i) else {
            continue;
        };
        let c = to_screen(state, l.center(at) + Vec2::new(0.45, 0.0));
        let d = 0.3 * z;
        let pts = vec![
            c + egui::vec2(0.0, -d),
            c + egui::vec2(d, 0.0),
            c + egui::vec2(0.0, d),
            c + egui::vec2(-d, 0.0),
        ];
        let stroke = if selected(EntityKind::Actor, &a.id) {
            ring
        } else {
            thin
        };
        painter.add(Shape::convex_polygon(
            pts,
            Color32::from_rgb(0xd0, 0x90, 0xf0),
            stroke,
        ));
        if z >= 28.0 {
            painter.text(
                c + egui::vec2(d + 2.0, 0.0),
                egui::Align2::LEFT_CENTER,
                &a.id,
                font.clone(),
                Color32::WHITE,
            );
        }
    }
}
