//! Where a hex sits on a flat picture: the one hex layout of the GUI's map (drawing and picking)
//! and the report's SVG maps. Hexes are pointy-topped, as the engine's "odd-r" rows are, with row
//! 0 at the top; the picture's y axis points up (the GUI's world) or down (SVG).

use super::{to_hex, to_pos};
use crate::scenario::format::HexPos;
use hexx::HexLayout;
pub use hexx::Vec2;

/// A hex layout: hex size and which way y points.
#[derive(Debug, Clone)]
pub struct MapLayout {
    hexx: HexLayout,
}

impl MapLayout {
    /// Hexes of `size` (centre to corner) in a world whose y axis points up: row 0 at y = 0 and
    /// later rows below it (negative y), as the GUI draws.
    pub fn y_up(size: f32) -> MapLayout {
        MapLayout::with_rows_going(size, -1.0)
    }

    /// Hexes of `size` (centre to corner) in a picture whose y axis points down, as SVG: row 0 at
    /// y = 0 and later rows below it (positive y).
    pub fn y_down(size: f32) -> MapLayout {
        MapLayout::with_rows_going(size, 1.0)
    }

    /// A pointy layout whose row 1 lies on the side of row 0 that `sign` gives.
    fn with_rows_going(size: f32, sign: f32) -> MapLayout {
        let mut hexx = HexLayout::pointy().with_hex_size(size);
        let down =
            hexx.hex_to_world_pos(to_hex((0, 1))).y - hexx.hex_to_world_pos(to_hex((0, 0))).y;
        if down * sign < 0.0 {
            hexx.invert_y();
        }
        MapLayout { hexx }
    }

    /// Distance from a hex's centre to a corner.
    pub fn size(&self) -> f32 {
        self.hexx.scale.x.abs()
    }

    /// The centre of a hex.
    pub fn center(&self, pos: HexPos) -> Vec2 {
        self.hexx.hex_to_world_pos(to_hex(pos))
    }

    /// The hex a point falls in.
    pub fn hex_at(&self, p: Vec2) -> HexPos {
        to_pos(self.hexx.world_pos_to_hex(p))
    }

    /// A hex's six corners.
    pub fn corners(&self, pos: HexPos) -> [Vec2; 6] {
        self.hexx.hex_corners(to_hex(pos))
    }

    /// The corners of a hexagon of circumradius `r` around `c`, turned as the map's hexes (for
    /// outlines and symbols drawn larger or smaller than a hex).
    pub fn corners_around(&self, c: Vec2, r: f32) -> [Vec2; 6] {
        let o = self.center((0, 0));
        self.corners((0, 0))
            .map(|k| c + (k - o) * (r / self.size()))
    }

    /// A hex's six sides: each neighbour with the edge shared with it, in order of angle in the
    /// picture's own coordinates, starting from the neighbour along +x (so a picture drawn side
    /// by side, border by border, overlaps the same way whichever way its y points).
    pub fn sides(&self, pos: HexPos) -> [Side; 6] {
        let hex = to_hex(pos);
        let edges = self.hexx.hex_edge_corners(hex);
        let c = self.center(pos);
        let mut sides: [Side; 6] = std::array::from_fn(|k| {
            let n = hex.neighbor(hexx::EdgeDirection::ALL_DIRECTIONS[k]);
            Side {
                neighbour: to_pos(n),
                edge: edges[k],
            }
        });
        let angle = |s: &Side| {
            let d = self.center(s.neighbour) - c;
            d.y.atan2(d.x).rem_euclid(std::f32::consts::TAU)
        };
        sides.sort_by(|a, b| angle(a).total_cmp(&angle(b)));
        sides
    }
}

/// One side of a hex: the neighbour across it and the edge (two corners) between them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Side {
    pub neighbour: HexPos,
    pub edge: [Vec2; 2],
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQRT3: f32 = 1.732_050_8;

    fn close(a: Vec2, b: Vec2) -> bool {
        (a - b).length() < 1e-3
    }

    /// The numbers the GUI drew by hand before the layout was shared: pointy-top hexes of size
    /// 50, odd rows shifted right by half a hex, rows 1.5 sizes apart going down the screen.
    #[test]
    fn centres_are_where_the_gui_drew_them() {
        let l = MapLayout::y_up(50.0);
        for (pos, x, y) in [
            ((0, 0), 0.0, 0.0),
            ((1, 0), 50.0 * SQRT3, 0.0),
            ((0, 1), 25.0 * SQRT3, -75.0),
            ((2, 3), 125.0 * SQRT3, -225.0),
            ((-1, -2), -50.0 * SQRT3, 150.0),
        ] {
            assert!(
                close(l.center(pos), Vec2::new(x, y)),
                "{pos:?}: {}",
                l.center(pos)
            );
        }
        // SVG: the same picture upside down.
        let svg = MapLayout::y_down(24.0);
        assert!(close(svg.center((2, 3)), Vec2::new(60.0 * SQRT3, 108.0)));
        assert_eq!(svg.size(), 24.0);
        // Pointy top: a corner straight above the centre, one straight below.
        let cs = l.corners((0, 0));
        assert!(cs.iter().any(|c| close(*c, Vec2::new(0.0, 50.0))));
        assert!(cs.iter().any(|c| close(*c, Vec2::new(0.0, -50.0))));
    }

    #[test]
    fn every_point_picks_the_hex_it_is_in() {
        for l in [MapLayout::y_up(50.0), MapLayout::y_down(24.0)] {
            let s = l.size();
            for row in -3..12 {
                for col in -3..12 {
                    let c = l.center((col, row));
                    assert_eq!(l.hex_at(c), (col, row));
                    assert_eq!(l.hex_at(c + Vec2::new(s * 0.7, -s * 0.3)), (col, row));
                    assert_eq!(l.hex_at(c + Vec2::new(-s * 0.3, s * 0.8)), (col, row));
                }
            }
        }
    }

    #[test]
    fn sides_face_their_neighbours_in_angle_order() {
        for l in [MapLayout::y_up(50.0), MapLayout::y_down(24.0)] {
            for pos in [(0, 0), (3, 3), (4, 4), (7, 2)] {
                let c = l.center(pos);
                let sides = l.sides(pos);
                assert_eq!(sides[0].neighbour, (pos.0 + 1, pos.1), "east first");
                for (k, side) in sides.iter().enumerate() {
                    assert_eq!(super::super::distance(pos, side.neighbour), 1);
                    let mid = (side.edge[0] + side.edge[1]) / 2.0;
                    assert_eq!(l.hex_at(c + (mid - c) * 2.0), side.neighbour, "{pos:?} {k}");
                }
            }
        }
        // In the GUI's world (y up) the second side is up-right on the screen: row - 1; in SVG
        // (y down) it is down-right: row + 1.
        assert_eq!(MapLayout::y_up(50.0).sides((4, 4))[1].neighbour.1, 3);
        assert_eq!(MapLayout::y_down(24.0).sides((4, 4))[1].neighbour.1, 5);
    }
}
