//! The state hash's writer: little-endian, length-prefixed values in front of BLAKE3, with the
//! sign of zero dropped from floats. Below the walk over the state (`mod.rs`) and the fields of
//! each type (`fields.rs`), which both write through it.

/// Little-endian, length-prefixed writer in front of the hasher. When collecting parts, the same
/// bytes also feed a digest per labelled part (an entity's field group, a global resource), so a
/// replay that diverges can say what differs; labels never enter the state hash itself.
pub(super) struct Encoder {
    pub(super) main: blake3::Hasher,
    pub(super) parts: Option<Parts>,
}

/// Digests of the labelled parts of the encoding, in encoding order.
pub(super) struct Parts {
    current: Option<(String, blake3::Hasher)>,
    pub(super) done: Vec<(String, u32)>,
}

impl Encoder {
    pub(super) fn new(collect: bool) -> Encoder {
        Encoder {
            main: blake3::Hasher::new_derive_key("cimic 2026 state hash v1"),
            parts: collect.then(|| Parts {
                current: None,
                done: Vec::new(),
            }),
        }
    }
    pub(super) fn update(&mut self, bytes: &[u8]) {
        self.main.update(bytes);
        if let Some(Parts {
            current: Some((_, h)),
            ..
        }) = &mut self.parts
        {
            h.update(bytes);
        }
    }
    /// Starts a labelled part (only when collecting; the label is not hashed).
    pub(super) fn part(&mut self, label: impl FnOnce() -> String) {
        if let Some(parts) = &mut self.parts {
            parts.finish();
            parts.current = Some((label(), blake3::Hasher::new()));
        }
    }
    pub(super) fn u32(&mut self, v: u32) {
        self.update(&v.to_le_bytes());
    }
    pub(super) fn i32(&mut self, v: i32) {
        self.update(&v.to_le_bytes());
    }
    pub(super) fn f32(&mut self, v: f32) {
        // −0.0 and +0.0 are the same value; `max`/`min` may return either sign of zero, and
        // not the same one in debug and release builds, so the sign of zero is not state.
        let v = if v == 0.0 { 0.0 } else { v };
        self.update(&v.to_bits().to_le_bytes());
    }
    pub(super) fn f64(&mut self, v: f64) {
        let v = if v == 0.0 { 0.0 } else { v };
        self.update(&v.to_bits().to_le_bytes());
    }
    pub(super) fn bool(&mut self, v: bool) {
        self.update(&[v as u8]);
    }
    pub(super) fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.update(s.as_bytes());
    }
    pub(super) fn pos(&mut self, p: (i32, i32)) {
        self.i32(p.0);
        self.i32(p.1);
    }
    pub(super) fn tag(&mut self, t: &str) {
        self.str(t);
    }
}

impl Parts {
    pub(super) fn finish(&mut self) {
        if let Some((label, h)) = self.current.take() {
            let b = h.finalize();
            let b = b.as_bytes();
            self.done
                .push((label, u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
        }
    }
}
