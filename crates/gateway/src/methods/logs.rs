//! `logs.tail`: pages through the gateway's JSON-lines log file by byte cursor, so the Control
//! UI and `openclaw logs --follow` can poll without re-reading the file. A cursor beyond the
//! file (rotation, truncation) restarts from the tail with `reset: true`.

use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

use openclaw_protocol::methods::logs::{LOGS_TAIL_MAX_BYTES, LOGS_TAIL_MAX_LIMIT, LogsTailParams};
use serde_json::json;

use super::{MethodResult, params, unavailable};
use crate::state::GatewayState;

const DEFAULT_LIMIT: i64 = 500;
const DEFAULT_MAX_BYTES: i64 = 250_000;

pub fn tail(state: &Arc<GatewayState>, raw: Option<serde_json::Value>) -> MethodResult {
    let p: LogsTailParams = params("logs.tail", raw)?;
    let Some(path) = state.log_file.clone() else {
        return Err(unavailable("file logging is disabled (logging.file / logging.level)"));
    };
    let limit = usize::try_from(p.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, LOGS_TAIL_MAX_LIMIT)).unwrap_or(500);
    let max_bytes = u64::try_from(p.max_bytes.unwrap_or(DEFAULT_MAX_BYTES).clamp(1, LOGS_TAIL_MAX_BYTES)).unwrap_or(1);
    let file_text = path.display().to_string();
    let mut file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Ok(json!({"file": file_text, "cursor": 0, "size": 0, "lines": []}));
        }
        Err(err) => return Err(unavailable(format!("cannot read {file_text}: {err}"))),
    };
    let size = file.metadata().map(|m| m.len()).map_err(|e| unavailable(format!("cannot stat {file_text}: {e}")))?;
    let requested = p.cursor.and_then(|c| u64::try_from(c).ok());
    let reset = requested.is_some_and(|c| c > size);
    let (start, truncated) = match requested.filter(|c| *c <= size) {
        Some(cursor) if size - cursor <= max_bytes => (cursor, false),
        Some(_) | None => (size.saturating_sub(max_bytes), size > max_bytes),
    };
    let mut buf = Vec::new();
    file.seek(SeekFrom::Start(start)).map_err(|e| unavailable(format!("cannot read {file_text}: {e}")))?;
    file.take(size - start).read_to_end(&mut buf).map_err(|e| unavailable(format!("cannot read {file_text}: {e}")))?;
    let text = String::from_utf8_lossy(&buf);
    // A window that starts mid-line drops the partial first line; an unfinished last line
    // stays for the next poll (the cursor stops before it).
    let mut body: &str = &text;
    if start > 0 && requested != Some(start) {
        body = body.split_once('\n').map(|(_, rest)| rest).unwrap_or("");
    }
    let complete_len = body.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let consumed = (text.len() - body.len()) + complete_len;
    let mut lines: Vec<&str> = body[..complete_len].lines().filter(|l| !l.is_empty()).collect();
    let dropped = lines.len().saturating_sub(limit);
    lines.drain(..dropped);
    let cursor = start + consumed as u64;
    let mut out = json!({"file": file_text, "cursor": cursor, "size": size, "lines": lines});
    if truncated || dropped > 0 {
        out["truncated"] = json!(true);
    }
    if reset {
        out["reset"] = json!(true);
    }
    Ok(out)
}
