//! Serving files from a directory the operator chose (the Control UI root, the canvas root)
//! without ever serving anything outside it: the request path must be a plain relative path (no
//! `..`, no absolute or drive paths, no NUL), the file's real path must stay under the root's real
//! path (so a symlink cannot point outside), the final component may optionally not be a symlink
//! at all, and a file with several hard links is refused (a hard link can alias a file outside the
//! root without any symlink). Everything is read off the async runtime.

use std::io;
use std::path::{Component, Path, PathBuf};

/// A regular file under the root, read into memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedFile {
    /// The real path.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// Modification time in milliseconds since the epoch, if known.
    pub modified_ms: Option<u128>,
}

/// How strict to be about links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkPolicy {
    /// Refuse a file whose own path is a symlink (even one that stays inside the root).
    pub reject_symlinked_file: bool,
}

/// Whether `rel` is a plain relative path: no parent segments, not absolute, no NUL, no drive.
pub fn is_safe_relative_path(rel: &str) -> bool {
    if rel.is_empty() || rel.contains('\0') || rel.contains('\\') || rel.starts_with('/') {
        return false;
    }
    if rel.len() >= 2 && rel.as_bytes().get(1) == Some(&b':') {
        return false;
    }
    Path::new(rel).components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// The file at `rel` under `root`, or `None` if it does not exist, is not a regular file, or
/// would leave the root. `Err` only for I/O failures other than "not there".
pub async fn read_within(root: PathBuf, rel: String, links: LinkPolicy) -> io::Result<Option<ServedFile>> {
    match tokio::task::spawn_blocking(move || read_within_blocking(&root, &rel, links)).await {
        Ok(result) => result,
        Err(join) => Err(io::Error::other(join)),
    }
}

fn not_found_is_none<T>(result: io::Result<T>) -> io::Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(err) if matches!(err.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => Ok(None),
        Err(err) if err.raw_os_error() == Some(40) => Ok(None), // ELOOP: a symlink loop is "not there".
        Err(err) => Err(err),
    }
}

fn read_within_blocking(root: &Path, rel: &str, links: LinkPolicy) -> io::Result<Option<ServedFile>> {
    if !is_safe_relative_path(rel) {
        return Ok(None);
    }
    let Some(root_real) = not_found_is_none(std::fs::canonicalize(root))? else { return Ok(None) };
    let candidate = root_real.join(rel);
    let Some(link_meta) = not_found_is_none(std::fs::symlink_metadata(&candidate))? else { return Ok(None) };
    if links.reject_symlinked_file && link_meta.file_type().is_symlink() {
        return Ok(None);
    }
    let Some(real) = not_found_is_none(std::fs::canonicalize(&candidate))? else { return Ok(None) };
    if !real.starts_with(&root_real) {
        return Ok(None);
    }
    let meta = std::fs::metadata(&real)?;
    if !meta.is_file() || hard_linked(&meta) {
        return Ok(None);
    }
    let bytes = std::fs::read(&real)?;
    let modified_ms =
        meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_millis());
    Ok(Some(ServedFile { path: real, bytes, modified_ms }))
}

/// Whether `rel` under `root` is an existing directory (inside the root).
pub async fn is_dir_within(root: PathBuf, rel: String) -> bool {
    tokio::task::spawn_blocking(move || {
        if rel.is_empty() {
            return root.is_dir();
        }
        if !is_safe_relative_path(&rel) {
            return false;
        }
        let (Ok(root_real), Ok(real)) = (std::fs::canonicalize(&root), std::fs::canonicalize(root.join(&rel))) else {
            return false;
        };
        real.starts_with(&root_real) && real.is_dir()
    })
    .await
    .unwrap_or(false)
}

#[cfg(unix)]
fn hard_linked(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

#[cfg(not(unix))]
fn hard_linked(_meta: &std::fs::Metadata) -> bool {
    false
}

/// The content type for a file name, by extension (OpenClaw's Control UI table plus a few media
/// types the canvas serves); `application/octet-stream` otherwise.
pub fn content_type(name: &str) -> &'static str {
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "application/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_safe() {
        for ok in ["index.html", "assets/app.js", "./a.css", "a/./b.png"] {
            assert!(is_safe_relative_path(ok), "{ok}");
        }
        for bad in ["", "../x", "a/../../x", "/etc/passwd", "a\\..\\b", "C:/x", "a\0b", ".."] {
            assert!(!is_safe_relative_path(bad), "{bad:?}");
        }
    }

    #[tokio::test]
    async fn files_outside_the_root_are_never_served() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("sub"))?;
        std::fs::write(root.join("sub/ok.txt"), "ok")?;
        std::fs::write(dir.path().join("secret.txt"), "secret")?;
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("escape.txt"))?;
        std::os::unix::fs::symlink(root.join("sub/ok.txt"), root.join("inside.txt"))?;
        std::fs::hard_link(dir.path().join("secret.txt"), root.join("hard.txt"))?;
        let lenient = LinkPolicy { reject_symlinked_file: false };
        let strict = LinkPolicy { reject_symlinked_file: true };
        let read = |rel: &str, links| read_within(root.clone(), rel.to_owned(), links);
        assert_eq!(read("sub/ok.txt", strict).await?.map(|f| f.bytes), Some(b"ok".to_vec()));
        assert_eq!(read("escape.txt", lenient).await?, None);
        assert_eq!(read("hard.txt", lenient).await?, None);
        assert_eq!(read("../secret.txt", lenient).await?, None);
        assert_eq!(read("sub", lenient).await?, None);
        assert_eq!(read("missing.txt", lenient).await?, None);
        assert!(read("inside.txt", lenient).await?.is_some());
        assert_eq!(read("inside.txt", strict).await?, None);
        Ok(())
    }
}
