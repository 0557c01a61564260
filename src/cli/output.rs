//! Every file the command line writes whole (reports, CSV, records, forks) goes through
//! [`write_atomically`]: the text goes to a temporary file beside the target, is flushed to disk,
//! then renamed over the target in one step. A crash or a kill leaves either no file or the
//! complete one, never half a report; an existing file is refused unless `--force` is given.

use super::error::{CliError, CliResult};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// The hint of every "the file exists" refusal.
const FORCE_HINT: &str = "give --force to replace it, or choose another name";

/// Refuses an output file before any long work starts: an existing one unless `force`, and one
/// whose directory is missing or cannot be written (found now, not after a whole game).
pub fn refuse_existing(path: &Path, force: bool) -> CliResult {
    if !force && path.exists() {
        return Err(CliError::invalid(
            "the file exists; cimic never overwrites a file without --force",
        )
        .at(path.display())
        .hint(FORCE_HINT));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let hint = "write to a directory that exists, with space left and write permission";
    if !dir.is_dir() {
        return Err(CliError::invalid(format!(
            "cannot write the file there: the directory {} does not exist",
            dir.display()
        ))
        .at(path.display())
        .hint(hint));
    }
    // A probe file in the same directory, removed when dropped: what the final write will need.
    // Named as the final write's temporary file is, so a run killed in between leaves only a
    // file of the one documented kind (`.<name>.<random>.tmp`).
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy());
    if let Err(e) = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
    {
        return Err(CliError::invalid(format!(
            "cannot write the file there: {} ({})",
            e.kind(),
            dir.display()
        ))
        .at(path.display())
        .hint(hint));
    }
    Ok(())
}

/// Writes `text` to `path` atomically: a temporary file in the same directory (named after the
/// target, ending in `.tmp`), synced, then renamed onto `path`. Without `force` an existing file
/// is refused, also one that appeared while we worked (the rename does not replace it then).
/// A temporary file left by a killed run has a random name, so no rerun trips over it.
pub fn write_atomically(path: &Path, text: &str, force: bool) -> CliResult {
    write_bytes_atomically(path, text.as_bytes(), force)
}

/// [`write_atomically`] for bytes that are not text (a PNG picture, a Parquet file).
pub fn write_bytes_atomically(path: &Path, bytes: &[u8], force: bool) -> CliResult {
    refuse_existing(path, force)?;
    let cannot = |e: std::io::Error| {
        CliError::invalid(format!("cannot write the file: {e}"))
            .at(path.display())
            .hint("write to a directory that exists, with space left and write permission")
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Readable as any new file (0666 less the umask), not private as temporary files are.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(cannot)?;
    tmp.write_all(bytes).map_err(cannot)?;
    tmp.as_file().sync_all().map_err(cannot)?;
    if force {
        tmp.persist(path).map_err(|e| cannot(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                CliError::invalid("the file appeared while the command ran; it is kept")
                    .at(path.display())
                    .hint(FORCE_HINT)
            } else {
                cannot(e.error)
            }
        })?;
    }
    // The rename itself reaches the disk with the directory.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Prints one JSON object on one line of stdout: every `--json` output is JSON Lines.
pub fn print_json<T: Serialize>(value: &T) -> CliResult {
    let line = serde_json::to_string(value)
        .map_err(|e| CliError::invalid(format!("cannot write the JSON: {e}")))?;
    println!("{line}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_written_an_existing_one_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.html");
        write_atomically(&path, "one", false).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
        let refused = write_atomically(&path, "two", false).unwrap_err();
        assert!(refused.to_string().contains("--force"), "{refused}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
        write_atomically(&path, "three", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "three");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
    }
}
