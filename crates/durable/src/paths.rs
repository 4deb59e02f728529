use std::path::{Path, PathBuf};

/// The directory a file lives in, with a bare file name meaning the current directory.
pub(crate) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// `<path><suffix>`, so `openclaw.json` becomes `openclaw.json.bak` (not `openclaw.bak`, which is what
/// `Path::with_extension` would give).
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}
