//! Paints the map's labels every frame: the candidates of the last redraw
//! ([`super::mapview::MapLabels`]) placed for this frame's camera by [`super::layout::place`], in
//! screen pixels (so text keeps its size at every zoom), clipped to the map's part of the window;
//! and, under the pointer, the list of what a stacked symbol holds.

use super::input::{FreeRect, MapCamera};
use super::layout::{self, LINE_H, MapView, PAD, Placed};
use super::mapview::MapLabels;
use bevy::camera::Projection;
use bevy::math::Rect;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, egui};

/// The camera of this frame as a [`MapView`] (`None` before the window and camera exist).
pub fn current_view(
    free: &FreeRect,
    window: &Window,
    camera: (&Transform, &Projection),
) -> Option<MapView> {
    let Projection::Orthographic(o) = camera.1 else {
        return None;
    };
    Some(MapView {
        center: camera.0.translation.truncate(),
        scale: o.scale,
        window: Vec2::new(window.width(), window.height()),
        free: Rect::from_corners(free.min, free.max),
    })
}

/// Placed labels of the last frame painted (kept for the frame statistics and for debugging).
#[derive(Resource, Debug, Default)]
pub struct LastPlaced(pub Vec<Placed>);

/// Places and paints the labels, then the hover list of a stack.
pub fn paint(
    mut contexts: EguiContexts,
    labels: Res<MapLabels>,
    free: Res<FreeRect>,
    windows: Query<&Window, With<PrimaryWindow>>,
    camera: Query<(&Transform, &Projection), With<MapCamera>>,
    mut last: ResMut<LastPlaced>,
    mut warned: Local<bool>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let (Ok(window), Ok(cam)) = (windows.single(), camera.single()) else {
        return Ok(());
    };
    let Some(view) = current_view(&free, window, cam) else {
        return Ok(());
    };
    let zoom = ctx.zoom_factor();
    let to_pt = |p: Vec2| egui::pos2(p.x / zoom, p.y / zoom);
    let clip = egui::Rect::from_min_max(to_pt(view.free.min), to_pt(view.free.max));
    let painter = ctx
        .layer_painter(egui::LayerId::new(
            egui::Order::Background,
            egui::Id::new("map-labels"),
        ))
        .with_clip_rect(clip);
    let placed = layout::place(&labels.groups, &view);
    for p in &placed {
        let r = egui::Rect::from_min_max(to_pt(p.rect.min), to_pt(p.rect.max));
        let fill = p.fill.unwrap_or([0x10, 0x12, 0x18, 190]);
        if fill[3] > 0 {
            painter.rect_filled(
                r,
                3.0,
                egui::Color32::from_rgba_unmultiplied(fill[0], fill[1], fill[2], fill[3]),
            );
        }
        let light = fill[3] > 0 && luminance(fill) > 0.55;
        let ink = if light {
            egui::Color32::from_gray(10)
        } else {
            egui::Color32::WHITE
        };
        let font = egui::FontId::monospace(p.px / zoom);
        for (i, line) in p.text.lines().enumerate() {
            let y = p.rect.min.y + PAD + (i as f32 + 0.5) * LINE_H * p.px;
            let at = to_pt(Vec2::new(p.rect.center().x, y));
            if !light {
                // A drop shadow keeps white text readable on any ground.
                let shadow = at + egui::vec2(1.0, 1.0) / zoom * 1.5;
                painter.text(
                    shadow,
                    egui::Align2::CENTER_CENTER,
                    line,
                    font.clone(),
                    egui::Color32::BLACK,
                );
            }
            let drawn = painter.text(at, egui::Align2::CENTER_CENTER, line, font.clone(), ink);
            if !*warned && drawn.width() * zoom > p.rect.width() + 0.5 {
                *warned = true;
                warn!(
                    "label '{line}' is {:.1} px wide, its box {:.1} px: raise layout::CHAR_W",
                    drawn.width() * zoom,
                    p.rect.width()
                );
            }
        }
    }
    last.0 = placed;
    hover(&ctx, &labels, &view, zoom);
    Ok(())
}

fn luminance(c: [u8; 4]) -> f32 {
    (0.2126 * c[0] as f32 + 0.7152 * c[1] as f32 + 0.0722 * c[2] as f32) / 255.0
}

/// Under the pointer, a stacked symbol lists what it holds (units with strength, sites with how
/// well they work), in a box beside the pointer.
fn hover(ctx: &egui::Context, labels: &MapLabels, view: &MapView, zoom: f32) {
    let Some(pos) = ctx.pointer_hover_pos() else {
        return;
    };
    let px = Vec2::new(pos.x, pos.y) * zoom;
    if !view.free.contains(px) {
        return;
    }
    let w = view.to_world(px);
    let Some(stack) = labels
        .stacks
        .iter()
        .find(|s| (w - s.at).abs().cmple(s.half).all())
    else {
        return;
    };
    let mut lines: Vec<String> = stack.lines.iter().take(14).cloned().collect();
    if stack.lines.len() > 14 {
        lines.push(format!("… and {} more", stack.lines.len() - 14));
    }
    let text = lines.join("\n");
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Tooltip,
        egui::Id::new("map-stack"),
    ));
    let font = egui::FontId::monospace(16.0 / zoom);
    let galley = painter.layout_no_wrap(text, font, egui::Color32::WHITE);
    let mut at = pos + egui::vec2(18.0, 18.0);
    let size = galley.size() + egui::vec2(12.0, 12.0);
    let screen = ctx.content_rect();
    at.x = at.x.min(screen.max.x - size.x);
    at.y = at.y.min(screen.max.y - size.y);
    let r = egui::Rect::from_min_size(at, size);
    painter.rect_filled(r, 4.0, egui::Color32::from_rgb(0x1c, 0x1f, 0x27));
    painter.rect_stroke(
        r,
        4.0,
        egui::Stroke::new(1.5, egui::Color32::from_gray(200)),
        egui::StrokeKind::Inside,
    );
    painter.galley(at + egui::vec2(6.0, 6.0), galley, egui::Color32::WHITE);
}
