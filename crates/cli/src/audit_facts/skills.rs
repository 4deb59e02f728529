//! Skills on disk: the workspace `skills/**/SKILL.md` walk (symlinks followed, capped like
//! OpenClaw's) and the skill directories `--deep` scans.

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};

use openclaw_policy::audit::facts::{SkillEscape, WorkspaceSkillFacts};

const MAX_FILES: usize = 2000;
const MAX_DIR_VISITS: usize = MAX_FILES * 20;

/// `SKILL.md` files under `<workspace>/skills`, and whether the walk stopped early.
pub fn skill_files(workspace: &Path) -> (Vec<PathBuf>, bool) {
    let root = workspace.join("skills");
    if !std::fs::symlink_metadata(&root).is_ok_and(|m| m.is_dir()) {
        return (Vec::new(), false);
    }
    let mut files = Vec::new();
    let mut queue = VecDeque::from([root]);
    let mut visited: HashSet<PathBuf> = HashSet::new();
    let mut visits = 0;
    while let Some(dir) = queue.pop_front() {
        if files.len() >= MAX_FILES || visits >= MAX_DIR_VISITS {
            queue.push_front(dir);
            break;
        }
        visits += 1;
        let real = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if !visited.insert(real) {
            continue;
        }
        let mut entries: Vec<_> =
            std::fs::read_dir(&dir).map(|rd| rd.filter_map(Result::ok).collect()).unwrap_or_default();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "node_modules" {
                continue;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                queue.push_back(path);
            } else if kind.is_symlink() {
                match std::fs::metadata(&path) {
                    Ok(meta) if meta.is_dir() => queue.push_back(path),
                    Ok(meta) if meta.is_file() && name == "SKILL.md" => files.push(path),
                    _ => {}
                }
            } else if kind.is_file() && name == "SKILL.md" {
                files.push(path);
            }
        }
    }
    let truncated = !queue.is_empty();
    (files, truncated)
}

pub fn workspace_skills(workspaces: &[PathBuf]) -> WorkspaceSkillFacts {
    let mut facts = WorkspaceSkillFacts::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for workspace in workspaces {
        let real_workspace = std::fs::canonicalize(workspace).unwrap_or_else(|_| workspace.clone());
        let (files, truncated) = skill_files(workspace);
        if truncated {
            facts.truncated.push(workspace.display().to_string());
        }
        for file in files {
            if !seen.insert(file.clone()) {
                continue;
            }
            match std::fs::canonicalize(&file) {
                Ok(real) if real.starts_with(&real_workspace) => {}
                real => facts.escapes.push(SkillEscape {
                    workspace: workspace.display().to_string(),
                    skill_file: file.display().to_string(),
                    real_path: real.ok().map(|r| r.display().to_string()),
                }),
            }
        }
    }
    facts
}
