//! `kill -9` in the middle of repeated `config set` calls never leaves a truncated or invalid
//! config behind.

use std::time::Duration;

use openclaw_testkit::TempHome;

use super::{BIN, run};

#[test]
fn kill_during_config_set_never_corrupts_the_config() {
    let home = TempHome::new().unwrap();
    home.write_config("{ gateway: { port: 18789 } }").unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..25u32 {
        // A burst of concurrent writers, one of which is killed at a pseudo-random moment.
        let mut children = Vec::new();
        for k in 0..3u32 {
            let port = 20000 + round * 3 + k;
            let child = home
                .command(BIN)
                .args(["config", "set", "gateway.port", &port.to_string()])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            children.push(child);
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % 4000));
        let victim = (seed % 3) as usize;
        let _ = children[victim].kill();
        for mut child in children {
            let _ = child.wait();
        }
        let text = home.read_config().unwrap();
        let out = run(&home, &["config", "validate", "--json"]);
        assert!(out.ok(), "round {round}: config invalid after kill -9:\n{text}\n{}", out.all());
        assert_eq!(out.json()["valid"], true, "round {round}");
    }
}
