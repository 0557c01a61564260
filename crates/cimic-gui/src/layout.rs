//! Where the map's labels and symbols go on the screen: a pure function of the map geometry, the
//! camera, the viewport and the candidate labels, so that a test can check on real scenarios what
//! the projector draws (no two labels overlap, no text below [`MIN_TEXT_PX`]) without a window.
//!
//! Labels come in [`Group`]s placed in priority order: a group places all its members or, when one
//! of them finds no free spot, its summary instead (a district's actors become "5 actors"); a
//! label that finds no free spot at any of its tries, or falls outside the map's part of the
//! window, is dropped. Symbols sharing a hex, or too close at this zoom, are merged into one
//! stacked symbol ([`cluster`]).

use bevy::math::{Rect, Vec2};

/// The smallest text drawn on the map, in screen pixels, at any zoom: readable from the back of a
/// room on a projector.
pub const MIN_TEXT_PX: f32 = 14.0;
/// Width of one character as a fraction of the font size: an upper bound for the monospace font
/// the labels are painted in (egui's Hack), so a label's rectangle holds its text.
pub const CHAR_W: f32 = 0.62;
/// Height of one line as a fraction of the font size.
pub const LINE_H: f32 = 1.3;
/// Space kept around a label's text, in pixels (the box behind it).
pub const PAD: f32 = 3.0;

/// The camera over the map: what world point is at the window's centre, how many world units a
/// screen pixel covers, the window's size and the part of it the panels leave to the map (all in
/// screen pixels, y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    pub center: Vec2,
    pub scale: f32,
    pub window: Vec2,
    pub free: Rect,
}

impl MapView {
    /// Screen pixel of a world point.
    pub fn to_screen(&self, w: Vec2) -> Vec2 {
        let d = (w - self.center) / self.scale;
        Vec2::new(self.window.x / 2.0 + d.x, self.window.y / 2.0 - d.y)
    }

    /// World point under a screen pixel.
    pub fn to_world(&self, s: Vec2) -> Vec2 {
        let d = s - self.window / 2.0;
        self.center + Vec2::new(d.x, -d.y) * self.scale
    }

    /// The view that shows the world rectangle `bounds` as large as fits in the free part of the
    /// window, centred in it (Fit, and the start of a game).
    pub fn fit(bounds: Rect, window: Vec2, free: Rect) -> MapView {
        let size = free.size().max(Vec2::splat(100.0));
        let scale = (bounds.size() / size).max_element() * 1.02;
        let offset = free.center() - window / 2.0;
        let mid = bounds.center();
        MapView {
            center: Vec2::new(mid.x - offset.x * scale, mid.y + offset.y * scale),
            scale,
            window,
            free,
        }
    }
}

/// Size in pixels of a text's box at a font size: the longest line by the number of lines.
pub fn text_size(text: &str, px: f32) -> Vec2 {
    let lines = text.lines().count().max(1) as f32;
    let chars = text.lines().map(|l| l.chars().count()).max().unwrap_or(0) as f32;
    Vec2::new(
        chars * CHAR_W * px + 2.0 * PAD,
        lines * LINE_H * px + 2.0 * PAD,
    )
}

/// One place to try for a label: a world point plus a direction in screen space (x right, y
/// down) in which the label is pushed off it by `gap` pixels plus half its own size, so it sits
/// beside a symbol whatever the zoom. `dir` zero centres the label on the point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    pub at: Vec2,
    pub dir: Vec2,
    pub gap: f32,
}

impl Spot {
    /// A label centred on a world point.
    pub fn centre(at: Vec2) -> Spot {
        Spot {
            at,
            dir: Vec2::ZERO,
            gap: 0.0,
        }
    }
}

/// A label the map would like to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub text: String,
    /// Font size in screen pixels (never below [`MIN_TEXT_PX`]).
    pub px: f32,
    /// Places to try, best first.
    pub spots: Vec<Spot>,
    /// Background of the label's box (sRGB with alpha); `None`: a dark translucent box.
    pub fill: Option<[u8; 4]>,
}

/// Labels that are shown together or not at all, with a shorter stand-in.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Lower goes first (and so wins a contested spot).
    pub priority: u8,
    pub members: Vec<Label>,
    pub summary: Option<Label>,
}

/// A label placed on the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Index of its group in the input.
    pub group: usize,
    pub text: String,
    pub px: f32,
    /// Its box in screen pixels.
    pub rect: Rect,
    pub fill: Option<[u8; 4]>,
}

fn rect_at(view: &MapView, spot: &Spot, size: Vec2) -> Rect {
    let p = view.to_screen(spot.at) + spot.dir * (spot.gap + size / 2.0);
    Rect::from_center_size(p, size)
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y
}

fn inside(r: &Rect, outer: &Rect) -> bool {
    r.min.x >= outer.min.x
        && r.min.y >= outer.min.y
        && r.max.x <= outer.max.x
        && r.max.y <= outer.max.y
}

/// The first spot where `label` fits: inside the free rectangle and clear of what is placed.
fn try_place(view: &MapView, label: &Label, taken: &[Rect]) -> Option<Rect> {
    let size = text_size(&label.text, label.px);
    label
        .spots
        .iter()
        .map(|s| rect_at(view, s, size))
        .find(|r| inside(r, &view.free) && !taken.iter().any(|t| overlaps(r, t)))
}

/// Places the groups' labels in priority order (stable for equal priorities): every member of a
/// group where all fit, else its summary, else nothing. No two placed rectangles overlap, each lies
/// within `view.free`, and none is smaller than [`MIN_TEXT_PX`] (smaller requests are raised).
pub fn place(groups: &[Group], view: &MapView) -> Vec<Placed> {
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&i| groups[i].priority);
    let mut taken: Vec<Rect> = Vec::new();
    let mut out = Vec::new();
    let raise = |l: &Label| Label {
        px: l.px.max(MIN_TEXT_PX),
        ..l.clone()
    };
    for g in order {
        let group = &groups[g];
        let mark = taken.len();
        let mut mine = Vec::new();
        for m in group.members.iter().map(raise) {
            match try_place(view, &m, &taken) {
                Some(r) => {
                    taken.push(r);
                    mine.push((m, r));
                }
                None => {
                    taken.truncate(mark);
                    mine.clear();
                    break;
                }
            }
        }
        if mine.is_empty()
            && let Some(s) = group.summary.as_ref().map(raise)
            && let Some(r) = try_place(view, &s, &taken)
        {
            taken.push(r);
            mine.push((s, r));
        }
        out.extend(mine.into_iter().map(|(l, rect)| Placed {
            group: g,
            text: l.text,
            px: l.px,
            rect,
            fill: l.fill,
        }));
    }
    out
}

/// The first pair of placed labels whose boxes overlap, if any (what the tests assert is `None`).
pub fn first_overlap(placed: &[Placed]) -> Option<(usize, usize)> {
    placed.iter().enumerate().find_map(|(i, a)| {
        placed[i + 1..]
            .iter()
            .position(|b| overlaps(&a.rect, &b.rect))
            .map(|k| (i, i + 1 + k))
    })
}

/// Symbols merged into one: where the stack is drawn (world) and which inputs it holds, in input
/// order.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub at: Vec2,
    pub members: Vec<usize>,
}

/// Merges symbols (world points, one per unit or site) so that no two stacks are nearer than
/// `min_dist` world units on either axis: points at the same place always merge; a point within
/// reach of an earlier stack joins it. Greedy in input order, so deterministic and independent of
/// the camera's position (only the zoom sets `min_dist`).
pub fn cluster(points: &[Vec2], min_dist: Vec2) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::new();
    for (i, &p) in points.iter().enumerate() {
        let near = out.iter_mut().find(|c| {
            let d = (c.at - p).abs();
            d.x < min_dist.x && d.y < min_dist.y
        });
        match near {
            Some(c) => c.members.push(i),
            None => out.push(Cluster {
                at: p,
                members: vec![i],
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> MapView {
        MapView {
            center: Vec2::ZERO,
            scale: 2.0,
            window: Vec2::new(800.0, 600.0),
            free: Rect::new(100.0, 50.0, 700.0, 550.0),
        }
    }

    fn label(text: &str, at: Vec2) -> Label {
        Label {
            text: text.into(),
            px: 10.0,
            spots: vec![Spot::centre(at)],
            fill: None,
        }
    }

    #[test]
    fn screen_and_world_are_inverse_and_fit_centres_the_map_in_the_free_part() {
        let v = view();
        let p = Vec2::new(37.0, -12.5);
        assert!((v.to_world(v.to_screen(p)) - p).length() < 1e-3);
        let bounds = Rect::new(-500.0, -200.0, 1500.0, 800.0);
        let f = MapView::fit(bounds, v.window, v.free);
        let (a, b) = (f.to_screen(bounds.min), f.to_screen(bounds.max));
        let mid = (a + b) / 2.0;
        assert!((mid - v.free.center()).length() < 1e-2, "{mid}");
        // The map fills the free width (the limiting side) up to the 2% margin.
        assert!(((b.x - a.x) - v.free.width() / 1.02).abs() < 0.5);
    }

    #[test]
    fn overlapping_labels_lose_to_higher_priority_and_small_text_is_raised() {
        let v = view();
        let groups = vec![
            Group {
                priority: 5,
                members: vec![label("low", Vec2::ZERO)],
                summary: None,
            },
            Group {
                priority: 1,
                members: vec![label("high", Vec2::ZERO)],
                summary: None,
            },
        ];
        let placed = place(&groups, &v);
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].text, "high");
        assert_eq!(placed[0].px, MIN_TEXT_PX);
        assert_eq!(first_overlap(&placed), None);
    }

    #[test]
    fn a_group_that_does_not_fit_whole_shows_its_summary() {
        let v = view();
        let blocker = Group {
            priority: 0,
            members: vec![label("XXXXXXXX", Vec2::new(0.0, -40.0))],
            summary: None,
        };
        let actors = Group {
            priority: 1,
            members: vec![
                label("NGO one", Vec2::ZERO),
                label("NGO two", Vec2::new(0.0, -40.0)),
            ],
            summary: Some(label("2 actors", Vec2::new(0.0, 60.0))),
        };
        let placed = place(&[blocker, actors], &v);
        let texts: Vec<&str> = placed.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["XXXXXXXX", "2 actors"]);
    }

    #[test]
    fn labels_outside_the_free_part_are_dropped() {
        let v = view();
        let far = v.to_world(Vec2::new(50.0, 300.0)); // under the left panel
        let placed = place(
            &[Group {
                priority: 0,
                members: vec![label("hidden", far)],
                summary: None,
            }],
            &v,
        );
        assert!(placed.is_empty());
    }

    #[test]
    fn symbols_at_one_place_or_near_stack_and_far_ones_do_not() {
        let pts = [
            Vec2::ZERO,
            Vec2::ZERO,
            Vec2::new(10.0, 0.0),
            Vec2::new(100.0, 0.0),
        ];
        let c = cluster(&pts, Vec2::splat(30.0));
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].members, [0, 1, 2]);
        assert_eq!(c[1].members, [3]);
    }
}
