//! Hex geometry for drawing: where an author's `(col, row)` sits in the 2D world, which hex a
//! point falls in, and a small builder of vertex-coloured triangle meshes so that each map layer
//! (terrain, lines, sites, units) is one batched mesh.

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, Mesh, PrimitiveTopology};
use bevy::prelude::*;
use cimic_core::map::layout::MapLayout;
use cimic_core::scenario::format::HexPos;
use std::sync::LazyLock;

/// Distance from a hex's centre to a corner, in world units.
pub const HEX_SIZE: f32 = 50.0;

/// The map's layout in the GUI's world: the core's, y pointing up, row 0 at the top.
pub static LAYOUT: LazyLock<MapLayout> = LazyLock::new(|| MapLayout::y_up(HEX_SIZE));

/// World position of a hex's centre.
pub fn center(pos: HexPos) -> Vec2 {
    LAYOUT.center(pos)
}

/// The hex under a world point.
pub fn hex_at(p: Vec2) -> HexPos {
    LAYOUT.hex_at(p)
}

/// Triangles with a colour per vertex, collected and turned into one mesh.
#[derive(Default)]
pub struct MeshBuilder {
    positions: Vec<[f32; 3]>,
    colors: Vec<[f32; 4]>,
    indices: Vec<u32>,
}

impl MeshBuilder {
    fn vertex(&mut self, p: Vec2, color: Color) -> u32 {
        let i = self.positions.len() as u32;
        self.positions.push([p.x, p.y, 0.0]);
        self.colors.push(color.to_linear().to_f32_array());
        i
    }

    /// A filled convex polygon.
    pub fn polygon(&mut self, points: &[Vec2], color: Color) {
        if points.len() < 3 {
            return;
        }
        let first = self.vertex(points[0], color);
        for w in 1..points.len() - 1 {
            let b = self.vertex(points[w], color);
            let c = self.vertex(points[w + 1], color);
            self.indices.extend([first, b, c]);
        }
    }

    /// A filled hexagon.
    pub fn hexagon(&mut self, c: Vec2, r: f32, color: Color) {
        self.polygon(&LAYOUT.corners_around(c, r), color);
    }

    /// A filled circle.
    pub fn circle(&mut self, c: Vec2, r: f32, color: Color) {
        let pts: Vec<Vec2> = (0..20)
            .map(|i| {
                let a = std::f32::consts::TAU * i as f32 / 20.0;
                c + Vec2::new(r * a.cos(), r * a.sin())
            })
            .collect();
        self.polygon(&pts, color);
    }

    /// A straight line of some width, as a quad.
    pub fn line(&mut self, a: Vec2, b: Vec2, width: f32, color: Color) {
        let d = b - a;
        if d.length_squared() < 1e-6 {
            return;
        }
        let n = Vec2::new(-d.y, d.x).normalize() * (width / 2.0);
        self.polygon(&[a + n, b + n, b - n, a - n], color);
    }

    /// The outline of a closed polygon.
    pub fn outline(&mut self, points: &[Vec2], width: f32, color: Color) {
        for i in 0..points.len() {
            let (a, b) = (points[i], points[(i + 1) % points.len()]);
            self.line(a, b, width, color);
            self.circle_small(a, width / 2.0, color);
        }
    }

    fn circle_small(&mut self, c: Vec2, r: f32, color: Color) {
        let pts: Vec<Vec2> = (0..8)
            .map(|i| {
                let a = std::f32::consts::TAU * i as f32 / 8.0;
                c + Vec2::new(r * a.cos(), r * a.sin())
            })
            .collect();
        self.polygon(&pts, color);
    }

    /// An axis-aligned rectangle from its centre and size.
    pub fn rect(&mut self, c: Vec2, size: Vec2, color: Color) {
        let h = size / 2.0;
        self.polygon(
            &[
                c + Vec2::new(-h.x, -h.y),
                c + Vec2::new(h.x, -h.y),
                c + Vec2::new(h.x, h.y),
                c + Vec2::new(-h.x, h.y),
            ],
            color,
        );
    }

    /// The mesh of everything added so far.
    pub fn build(self) -> Mesh {
        Mesh::new(
            PrimitiveTopology::TriangleList,
            RenderAssetUsages::default(),
        )
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, self.positions)
        .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, self.colors)
        .with_inserted_indices(Indices::U32(self.indices))
    }
}
