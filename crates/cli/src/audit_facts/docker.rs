//! Sandbox browser containers, asked of the local Docker daemon through its API socket (the
//! CLI does not spawn `docker`): `GET /containers/json` filtered by the
//! `openclaw.sandboxBrowser=1` label gives names, the hash/epoch labels and published ports in
//! one request. No socket means no containers, as OpenClaw's probe without Docker.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use openclaw_config::EnvMap;
use openclaw_policy::audit::facts::{BrowserContainer, BrowserContainerFacts, PublishedPort};
use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST: &str = "GET /containers/json?all=1&filters=%7B%22label%22%3A%5B%22openclaw.sandboxBrowser%3D1%22%5D%7D HTTP/1.0\r\nHost: docker\r\nAccept: application/json\r\n\r\n";

/// The daemon socket: `DOCKER_HOST=unix://…`, else `/var/run/docker.sock`.
pub fn socket_path(env: &EnvMap) -> Option<PathBuf> {
    match env.non_empty("DOCKER_HOST") {
        Some(host) => host.strip_prefix("unix://").map(PathBuf::from),
        None => Some(PathBuf::from("/var/run/docker.sock")),
    }
}

pub fn browser_containers(socket: &Path) -> BrowserContainerFacts {
    let mut facts = BrowserContainerFacts::default();
    if !socket.exists() {
        return facts;
    }
    match query(socket) {
        Ok(body) => facts.containers = parse(&body),
        Err(err) if matches!(err.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
            facts.timed_out = Some(u64::try_from(TIMEOUT.as_millis()).unwrap_or(5000));
        }
        Err(_) => {}
    }
    facts
}

fn query(socket: &Path) -> std::io::Result<String> {
    let mut stream = UnixStream::connect(socket)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    stream.write_all(REQUEST.as_bytes())?;
    let mut response = Vec::new();
    stream.take(16 * 1024 * 1024).read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let ok = head.starts_with("HTTP/1.") && head.split_whitespace().nth(1) == Some("200");
    if !ok {
        return Err(std::io::Error::other("docker API error"));
    }
    Ok(body.to_owned())
}

/// Containers from a `/containers/json` response body.
pub fn parse(body: &str) -> Vec<BrowserContainer> {
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(body) else { return Vec::new() };
    items
        .iter()
        .map(|c| {
            let label = |key: &str| {
                c.pointer(&format!("/Labels/{}", key.replace('~', "~0").replace('/', "~1")))
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|v| !v.is_empty() && *v != "<no value>")
                    .map(str::to_owned)
            };
            let name = c
                .get("Names")
                .and_then(Value::as_array)
                .and_then(|n| n.first())
                .and_then(Value::as_str)
                .map(|n| n.trim_start_matches('/').to_owned())
                .unwrap_or_default();
            let published = c
                .get("Ports")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    let public = p.get("PublicPort").and_then(Value::as_u64)?;
                    let ip = p.get("IP").and_then(Value::as_str).unwrap_or("0.0.0.0").to_owned();
                    let private = p.get("PrivatePort").and_then(Value::as_u64).unwrap_or(0);
                    let proto = p.get("Type").and_then(Value::as_str).unwrap_or("tcp");
                    Some(PublishedPort { mapping: format!("{private}/{proto} -> {ip}:{public}"), host_ip: ip })
                })
                .collect();
            BrowserContainer {
                name,
                config_hash: label("openclaw.configHash"),
                epoch: label("openclaw.browserConfigEpoch"),
                published,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_labels_and_published_ports() {
        let body = r#"[{"Names":["/openclaw-sbx-browser-a"],"Labels":{"openclaw.configHash":"abc","openclaw.sandboxBrowser":"1"},
            "Ports":[{"IP":"0.0.0.0","PrivatePort":9222,"PublicPort":49153,"Type":"tcp"},{"PrivatePort":5900,"Type":"tcp"}]}]"#;
        let containers = parse(body);
        assert_eq!(containers.len(), 1);
        assert_eq!(containers[0].name, "openclaw-sbx-browser-a");
        assert_eq!(containers[0].config_hash.as_deref(), Some("abc"));
        assert_eq!(containers[0].epoch, None);
        assert_eq!(containers[0].published.len(), 1);
        assert_eq!(containers[0].published[0].host_ip, "0.0.0.0");
        assert!(parse("not json").is_empty());
    }

    #[test]
    fn talks_http_over_the_socket() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("docker.sock");
        let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = [0u8; 1024];
            let n = stream.read(&mut request).unwrap();
            assert!(String::from_utf8_lossy(&request[..n]).starts_with("GET /containers/json?all=1&filters="));
            let body = r#"[{"Names":["/b"],"Labels":{"openclaw.browserConfigEpoch":"old"},"Ports":[]}]"#;
            write!(stream, "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{body}").unwrap();
        });
        let facts = browser_containers(&socket);
        server.join().unwrap();
        assert_eq!(facts.containers.len(), 1);
        assert_eq!(facts.containers[0].epoch.as_deref(), Some("old"));
        assert_eq!(facts.timed_out, None);
        assert!(browser_containers(&dir.path().join("absent.sock")).containers.is_empty());
    }
}
