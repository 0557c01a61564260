//! Hex geometry for drawing: where an author's `(col, row)` sits in the 2D world, which hex a
//! point falls in, and a small builder of vertex-coloured triangle meshes so that each map layer
//! (terrain, lines, sites, units) is one batched mesh.

use cimic_core::map::{to_hex, to_pos};
use cimic_core::scenario::format::HexPos;
use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, Mesh, PrimitiveTopology};
use bevy::prelude::*;
use hexx::Hex;

/// Distance from a hex's centre to a corner, in world units.
pub const HEX_SIZE: f32 = 50.0;

const SQRT3: f32 = 1.732_050_8;

/// World position of a hex's centre (pointy-top, odd rows shifted right, row 0 at the top).
pub fn center(pos: HexPos) -> Vec2 {
    let (col, row) = pos;
    let shift = if row & 1 == 1 { 0.5 } else { 0.0 };
    Vec2::new(
        HEX_SIZE * SQRT3 * (col as f32 + shift),
        -HEX_SIZE * 1.5 * row as f32,
    )
}

/// The `i`-th corner (0–5) of a hex of circumradius `r` around `c`, pointy-top.
pub fn corner(c: Vec2, r: f32, i: usize) -> Vec2 {
    let angle = std::f32::consts::PI / 180.0 * (60.0 * i as f32 - 30.0);
    c + Vec2::new(r * angle.cos(), r * angle.sin())
}

/// The hex under a world point.
pub fn hex_at(p: Vec2) -> HexPos {
    let (x, y) = (p.x / HEX_SIZE, -p.y / HEX_SIZE);
    let q = SQRT3 / 3.0 * x - y / 3.0;
    let r = 2.0 / 3.0 * y;
    let s = -q - r;
    let (mut rq, mut rr, rs) = (q.round(), r.round(), s.round());
    let (dq, dr, ds) = ((rq - q).abs(), (rr - r).abs(), (rs - s).abs());
    if dq > dr && dq > ds {
        rq = -rr - rs;
    } else if dr > ds {
        rr = -rq - rs;
    }
    to_pos(Hex::new(rq as i32, rr as i32))
}

/// The six neighbours of a hex as `(col, row)`, in an order where neighbour `i` shares the edge
/// between corners `i` and `i + 1` (see [`corner`]).
pub fn neighbours(pos: HexPos) -> [HexPos; 6] {
    let c = center(pos);
    let mut out = [(0, 0); 6];
    for (i, slot) in out.iter_mut().enumerate() {
        let mid = (corner(c, HEX_SIZE, i) + corner(c, HEX_SIZE, (i + 1) % 6)) / 2.0;
        *slot = hex_at(c + (mid - c) * 2.0);
    }
    out
}

/// Hex distance, as the rules count it.
pub fn distance(a: HexPos, b: HexPos) -> u32 {
    to_hex(a).unsigned_distance_to(to_hex(b))
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
        let pts: Vec<Vec2> = (0..6).map(|i| corner(c, r, i)).collect();
        self.polygon(&pts, color);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hex_centre_picks_its_own_hex() {
        for row in -3..12 {
            for col in -3..12 {
                assert_eq!(hex_at(center((col, row))), (col, row));
                let near = center((col, row)) + Vec2::new(HEX_SIZE * 0.7, -HEX_SIZE * 0.3);
                assert_eq!(hex_at(near), (col, row));
            }
        }
    }

    #[test]
    fn neighbours_are_one_step_away() {
        for pos in [(0, 0), (3, 3), (4, 4), (7, 2)] {
            for n in neighbours(pos) {
                assert_eq!(distance(pos, n), 1, "{pos:?} → {n:?}");
            }
        }
    }
}
