use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::error::Category;

use crate::atomic::sync_dir;
use crate::lock::lock_exclusive;
use crate::mode::ensure_private_dir;
use crate::paths::parent_dir;
use crate::{DurableError, PRIVATE_FILE_MODE, Result};

/// What [`read_jsonl`] recovered from a JSON-lines file.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonlRead<T> {
    /// Every complete record, in file order.
    pub items: Vec<T>,
    /// Bytes of an unterminated, unparsable last line (a write cut short by a crash), if any.
    pub dropped_tail: Option<usize>,
}

/// Appends one line (a '\n' is added) with O_APPEND to a 0600 file (created if missing, parent
/// 0700), and fsyncs. The whole line is one write(2) call so concurrent appenders never interleave
/// within a line.
///
/// A crash can still leave a torn last line; whoever opens the file for writing should call
/// [`repair_jsonl`] first, or the next record is glued onto the torn one and becomes unreadable.
pub fn append_line(path: &Path, line: &[u8]) -> Result<()> {
    if line.contains(&b'\n') {
        return Err(DurableError::EmbeddedNewline { path: path.to_path_buf() });
    }
    let mut record = Vec::with_capacity(line.len() + 1);
    record.extend_from_slice(line);
    record.push(b'\n');

    let (mut file, created) = open_for_append(path)?;
    let written = loop {
        match file.write(&record) {
            Ok(n) => break n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(DurableError::io("append to", path, err)),
        }
    };
    // Regular files only return a short write when the disk is full or a quota is hit; finishing the
    // line is still better than leaving it torn, even if another appender may now interleave.
    if let Some(rest) = record.get(written..).filter(|rest| !rest.is_empty()) {
        file.write_all(rest).map_err(|err| DurableError::io("append to", path, err))?;
    }
    file.sync_data().map_err(|err| DurableError::io("fsync", path, err))?;
    if created {
        sync_dir(parent_dir(path))?;
    }
    Ok(())
}

/// Opens without O_CREAT first so the common case skips the directory checks, and so we know when a
/// new directory entry has to be made durable.
fn open_for_append(path: &Path) -> Result<(File, bool)> {
    let mut options = OpenOptions::new();
    options.append(true).mode(PRIVATE_FILE_MODE);
    match options.open(path) {
        Ok(file) => Ok((file, false)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            ensure_private_dir(parent_dir(path))?;
            let file = options.create(true).open(path).map_err(|err| DurableError::io("create", path, err))?;
            Ok((file, true))
        }
        Err(err) => Err(DurableError::io("open", path, err)),
    }
}

/// Reads a JSON-lines file tolerating a torn tail: returns parsed values of every complete line; a
/// last line with no trailing newline that does not parse is dropped and reported; a malformed line
/// in the middle is an error naming line number.
///
/// Blank lines are skipped. An unterminated last line that is complete JSON is kept (a hand-edited
/// file often lacks the final newline). A missing file is an error; see
/// [`DurableError::is_not_found`].
pub fn read_jsonl<T: DeserializeOwned>(path: &Path) -> Result<JsonlRead<T>> {
    let file = File::open(path).map_err(|err| DurableError::io("read", path, err))?;
    let scan = scan(path, BufReader::new(file), |bytes| serde_json::from_slice::<T>(bytes))?;
    let dropped_tail = match scan.tail {
        Tail::Torn(bytes) => Some(bytes),
        Tail::Clean | Tail::Unterminated => None,
    };
    Ok(JsonlRead { items: scan.items, dropped_tail })
}

/// Like [`read_jsonl`], and additionally truncates the file to the end of the last good line (under
/// the lock), so a later append starts on a clean line. Returns the number of bytes dropped.
///
/// A complete but unterminated last line gets its newline instead. A malformed line in the middle is
/// an error and nothing is changed: that is damage to investigate, not a torn write. Appenders take
/// no lock, so call this when opening the file, before this process starts appending to it.
pub fn repair_jsonl(path: &Path) -> Result<Option<usize>> {
    if fs::symlink_metadata(path).is_err_and(|err| err.kind() == io::ErrorKind::NotFound) {
        return Ok(None);
    }
    let _lock = lock_exclusive(path)?;
    let mut file =
        OpenOptions::new().read(true).append(true).open(path).map_err(|err| DurableError::io("open", path, err))?;
    let scan = scan(path, BufReader::new(&file), |bytes| serde_json::from_slice::<IgnoredAny>(bytes))?;
    let dropped = match scan.tail {
        Tail::Clean => return Ok(None),
        Tail::Unterminated => {
            file.write_all(b"\n").map_err(|err| DurableError::io("append to", path, err))?;
            None
        }
        Tail::Torn(bytes) => {
            file.set_len(scan.good_end).map_err(|err| DurableError::io("truncate", path, err))?;
            Some(bytes)
        }
    };
    file.sync_data().map_err(|err| DurableError::io("fsync", path, err))?;
    Ok(dropped)
}

/// How a file ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// Empty, or the last byte is a newline.
    Clean,
    /// The last line is complete JSON but has no newline.
    Unterminated,
    /// The last line has no newline and is not complete JSON: this many bytes were cut short.
    Torn(usize),
}

#[derive(Debug)]
struct Scan<T> {
    items: Vec<T>,
    /// Offset just past the last line worth keeping.
    good_end: u64,
    tail: Tail,
}

/// One pass over the lines, shared by reading (parse into `T`) and repairing (check syntax only).
fn scan<T>(
    path: &Path,
    mut reader: impl BufRead,
    mut parse: impl FnMut(&[u8]) -> serde_json::Result<T>,
) -> Result<Scan<T>> {
    let mut items = Vec::new();
    let mut good_end = 0u64;
    let mut line_no = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let len = reader.read_until(b'\n', &mut buf).map_err(|err| DurableError::io("read", path, err))?;
        if len == 0 {
            return Ok(Scan { items, good_end, tail: Tail::Clean });
        }
        line_no += 1;
        let (body, terminated) = match buf.strip_suffix(b"\n") {
            Some(body) => (body, true),
            None => (buf.as_slice(), false),
        };
        let blank = body.iter().all(u8::is_ascii_whitespace);
        if terminated {
            if !blank {
                let item = parse(body).map_err(|source| json_error(path, line_no, source))?;
                items.push(item);
            }
            good_end += len as u64;
            continue;
        }
        // Unterminated: the last line (read_until only stops without a newline at end of file).
        let tail = if blank {
            Tail::Torn(len)
        } else {
            match parse(body) {
                Ok(item) => {
                    items.push(item);
                    good_end += len as u64;
                    Tail::Unterminated
                }
                // Well-formed JSON of the wrong shape is not a torn write; report it like any
                // other bad line rather than silently dropping a record.
                Err(source) if source.classify() == Category::Data => {
                    return Err(json_error(path, line_no, source));
                }
                Err(_) => Tail::Torn(len),
            }
        };
        return Ok(Scan { items, good_end, tail });
    }
}

fn json_error(path: &Path, line: usize, source: serde_json::Error) -> DurableError {
    DurableError::Json { path: path.to_path_buf(), line, source }
}

#[cfg(test)]
mod tests;
