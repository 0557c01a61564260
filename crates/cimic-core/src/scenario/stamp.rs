//! Has a file changed since it was last looked at? The one answer shared by `cimic validate
//! --watch` and `cimic play --watch`, so the command line and the GUI see a save the same way.
//!
//! Files are polled rather than watched through the OS: it works the same on every file system,
//! network shares included, and needs no extra dependency. A version of a file is its size, its
//! modification time and, for files of an author's size, a hash of its contents, so that a save
//! within the file system's mtime granularity that keeps the size is still seen. Nothing here
//! is read by the simulation: watching is outside the game and cannot change its results.

use std::path::Path;
use std::time::{Duration, SystemTime};

/// How often a watcher looks at its files: a save is seen within this.
pub const POLL: Duration = Duration::from_millis(250);

/// Files up to this size are also hashed (a scenario is a few tens of kilobytes); larger ones
/// are compared by size and modification time alone, so a poll stays cheap.
const HASHED_BYTES: u64 = 1024 * 1024;

/// One version of a file on disk, compared with `==` against the last one seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
    hash: Option<[u8; 32]>,
}

/// The version of `path` now (`None`: missing or unreadable, which is a version too: the next
/// load reports why).
pub fn stamp(path: &Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    let hash = (meta.is_file() && meta.len() <= HASHED_BYTES)
        .then(|| super::load::read_bytes_within(path, HASHED_BYTES).ok())
        .flatten()
        .map(|bytes| *blake3::hash(&bytes).as_bytes());
    Some(FileStamp {
        len: meta.len(),
        modified: meta.modified().ok(),
        hash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_of_the_same_size_is_a_new_version_and_a_missing_file_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        assert_eq!(stamp(&path), None);
        std::fs::write(&path, "turns: 8").unwrap();
        let first = stamp(&path).expect("the file exists");
        assert_eq!(stamp(&path), Some(first.clone()), "unchanged, same version");
        // Same size, written at once (often the same mtime): the contents still tell.
        std::fs::write(&path, "turns: 9").unwrap();
        assert_ne!(stamp(&path), Some(first));
    }
}
