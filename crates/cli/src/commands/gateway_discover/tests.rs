#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use openclaw_gateway::discovery::start_advertiser;
use openclaw_policy::gateway::mdns::{AdvertFacts, MdnsMode, mdns_advert};
use serde_json::json;

use super::*;

fn record(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned))).collect()
}

const FULLNAME: &str = "vm (OpenClaw)._openclaw-gw._tcp.local.";

fn minimal_record() -> Vec<(String, Option<String>)> {
    record(&[
        ("role", Some("gateway")),
        ("gatewayPort", Some("18789")),
        ("lanHost", Some("vm.local")),
        ("displayName", Some("vm")),
        ("transport", Some("gateway")),
    ])
}

fn full_tls_beacon() -> DiscoveredGateway {
    let mut txt = minimal_record();
    txt.extend(record(&[
        ("gatewayTls", Some("1")),
        ("gatewayTlsSha256", Some("AB:CD")),
        ("tailnetDns", Some("vm.tail1234.ts.net")),
        ("cliPath", Some("/usr/local/bin/openclaw")),
        ("sshPort", Some("2222")),
    ]));
    DiscoveredGateway::from_record(FULLNAME, "vm.local.", 18789, &txt)
}

#[test]
fn a_minimal_beacon_reads_as_openclaw_reads_it() {
    let beacon = DiscoveredGateway::from_record(FULLNAME, "vm.local.", 18789, &minimal_record());
    assert_eq!(
        beacon,
        DiscoveredGateway {
            instance_name: "vm (OpenClaw)".to_owned(),
            display_name: "vm".to_owned(),
            host: Some("vm.local".to_owned()),
            port: Some(18789),
            txt: Some(minimal_record().into_iter().map(|(k, v)| (k, v.unwrap())).collect::<Vec<(String, String)>>()),
            lan_host: Some("vm.local".to_owned()),
            tailnet_dns: None,
            cli_path: None,
            role: Some("gateway".to_owned()),
            transport: Some("gateway".to_owned()),
            gateway_port: Some(18789),
            ssh_port: None,
            gateway_tls: None,
            gateway_tls_fingerprint_sha256: None,
            domain: "local.".to_owned(),
        }
    );
}

#[test]
fn txt_entries_are_trimmed_deduplicated_and_need_a_value() {
    let txt = record(&[
        (" role ", Some(" gateway ")),
        ("flag", None),
        ("", Some("orphan")),
        ("sshPort", Some("22")),
        ("sshPort", Some("2022")),
        ("gatewayPort", Some("nope")),
        ("gatewayTls", Some("YES")),
        ("displayName", Some("")),
    ]);
    let beacon = DiscoveredGateway::from_record("a\\.b\\\\c._openclaw-gw._tcp.local.", "h.local.", 1, &txt);
    assert_eq!(beacon.instance_name, "a.b\\c");
    assert_eq!(beacon.display_name, "a.b\\c", "an empty displayName falls back to the instance");
    assert_eq!(beacon.role.as_deref(), Some("gateway"));
    assert_eq!((beacon.ssh_port, beacon.gateway_port, beacon.gateway_tls), (Some(2022), None, Some(true)));
    let keys: Vec<&str> = beacon.txt.as_deref().unwrap().iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["role", "sshPort", "gatewayPort", "gatewayTls", "displayName"]);
}

#[test]
fn json_matches_openclaw_shape() {
    assert_eq!(render_json(2000, &[]), json!({"timeoutMs": 2000, "domains": ["local."], "count": 0, "beacons": []}));
    let minimal = DiscoveredGateway::from_record(FULLNAME, "vm.local.", 18789, &minimal_record());
    let doc = render_json(1500, &[minimal]);
    assert_eq!(
        doc,
        json!({
            "timeoutMs": 1500,
            "domains": ["local."],
            "count": 1,
            "beacons": [{
                "instanceName": "vm (OpenClaw)",
                "displayName": "vm",
                "host": "vm.local",
                "port": 18789,
                "txt": {
                    "role": "gateway",
                    "gatewayPort": "18789",
                    "lanHost": "vm.local",
                    "displayName": "vm",
                    "transport": "gateway"
                },
                "lanHost": "vm.local",
                "role": "gateway",
                "transport": "gateway",
                "gatewayPort": 18789,
                "domain": "local.",
                "wsUrl": "ws://vm.local:18789"
            }]
        })
    );
    // Key order is part of the shape people diff against.
    let keys: Vec<&String> = doc["beacons"][0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "instanceName",
            "displayName",
            "host",
            "port",
            "txt",
            "lanHost",
            "role",
            "transport",
            "gatewayPort",
            "domain",
            "wsUrl"
        ]
    );
}

#[test]
fn a_tls_beacon_gets_a_wss_url() {
    let doc = render_json(2000, &[full_tls_beacon()]);
    let beacon = &doc["beacons"][0];
    assert_eq!(beacon["wsUrl"], "wss://vm.local:18789");
    assert_eq!(beacon["gatewayTls"], true);
    assert_eq!(beacon["gatewayTlsFingerprintSha256"], "AB:CD");
    assert_eq!((beacon["sshPort"].clone(), beacon["cliPath"].clone()), (json!(2222), json!("/usr/local/bin/openclaw")));
}

#[test]
fn text_report_lists_each_gateway() {
    assert_eq!(render_text(&[], false), ["Gateway Discovery", "Found 0 gateway(s) · domains: local."]);
    assert_eq!(
        render_text(&[full_tls_beacon()], false),
        [
            "Gateway Discovery",
            "Found 1 gateway(s) · domains: local.",
            "- vm local.",
            "  tailnet: vm.tail1234.ts.net",
            "  lan: vm.local",
            "  host: vm.local",
            "  ws: wss://vm.local:18789",
            "  role: gateway",
            "  transport: gateway",
            "  tls: sha256 AB:CD",
            "  ssh: ssh -N -L 18789:127.0.0.1:18789 <user>@vm.local -p 2222",
        ]
    );
}

#[test]
fn duplicates_collapse_and_names_sort_ignoring_case() {
    let named = |instance: &str| {
        DiscoveredGateway::from_record(
            &format!("{instance}._openclaw-gw._tcp.local."),
            "h.local.",
            1,
            &record(&[("role", Some("gateway"))]),
        )
    };
    let sorted = dedupe_and_sort(vec![named("beta"), named("Alpha"), named("beta"), named("alpha")]);
    let names: Vec<&str> = sorted.iter().map(|b| b.instance_name.as_str()).collect();
    assert_eq!(names, ["alpha", "Alpha", "beta"]);
}

#[test]
fn timeout_is_a_positive_whole_number_of_milliseconds() {
    for (raw, ms) in [("2000", 2000), (" 1 ", 1), ("+30", 30)] {
        assert_eq!(parse_timeout_ms(raw), Ok(ms), "{raw:?}");
    }
    assert_eq!(
        parse_timeout_ms("abc"),
        Err("Invalid --timeout. Use a positive millisecond value, e.g. --timeout 30000. Received: \"abc\".".to_owned())
    );
    assert_eq!(
        parse_timeout_ms(""),
        Err("Invalid --timeout. Use a positive millisecond value, e.g. --timeout 30000.".to_owned())
    );
    for raw in ["0", "-5", "1.5", "1e3"] {
        assert!(parse_timeout_ms(raw).is_err(), "{raw:?}");
    }
}

/// mDNS needs at least one interface that is up (loopback will do); a sandbox without any cannot
/// run the on-the-wire tests, so they skip with a message instead of failing.
fn skip_without_network() -> bool {
    let up = |flags: String| u32::from_str_radix(flags.trim().trim_start_matches("0x"), 16).is_ok_and(|f| f & 1 == 1);
    let Ok(dir) = std::fs::read_dir("/sys/class/net") else { return false };
    let any_up = dir.flatten().any(|e| std::fs::read_to_string(e.path().join("flags")).is_ok_and(up));
    if !any_up {
        eprintln!("skipped: no network interface is up, so mDNS cannot be exercised here");
    }
    !any_up
}

/// The real round trip: the gateway's advertiser publishes a minimal-mode beacon on the network
/// stack, `discover` (what `openclaw gateway discover` runs) finds it with nothing but the
/// minimal TXT, and after `stop` the goodbye makes it vanish.
#[test]
fn our_advertiser_round_trips_through_discover() {
    if skip_without_network() {
        return;
    }
    let tag = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
    );
    let facts = AdvertFacts {
        machine_display_name: format!("cli.disc-{tag}"),
        host_label: format!("h{tag}"),
        gateway_port: 18789,
        gateway_tls_enabled: false,
        gateway_tls_fingerprint_sha256: None,
        gateway_direct_reachable: false,
        ssh_port: Some(2222),
        tailnet_dns: Some("vm.tail1234.ts.net".to_owned()),
        cli_path: Some("/home/alice/.local/bin/openclaw".to_owned()),
    };
    let advert = mdns_advert(MdnsMode::Minimal, false, &facts).unwrap();
    let advertiser = start_advertiser(advert.clone()).unwrap();

    let found = discover(Duration::from_secs(3)).unwrap();
    let Some(beacon) = found.iter().find(|b| b.instance_name == advert.instance) else {
        panic!("beacon {:?} not discovered; multicast may be unavailable here. Found: {found:?}", advert.instance);
    };
    let host = advert.host.trim_end_matches('.');
    assert_eq!(beacon.instance_name, format!("cli.disc-{tag} (OpenClaw)"), "dots in the instance survive");
    assert_eq!(beacon.host.as_deref(), Some(host));
    assert_eq!((beacon.port, beacon.gateway_port), (Some(18789), Some(18789)));
    assert_eq!(beacon.txt.as_deref(), Some(advert.txt.as_slice()));
    assert_eq!((beacon.cli_path.as_deref(), beacon.ssh_port, beacon.tailnet_dns.as_deref()), (None, None, None));
    assert_eq!(beacon.ws_url(), Some(format!("ws://{host}:18789")));

    advertiser.stop();
    let after = discover(Duration::from_secs(2)).unwrap();
    assert!(after.iter().all(|b| b.instance_name != advert.instance), "still listed after stop: {after:?}");
}
