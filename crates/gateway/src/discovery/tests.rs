#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::time::Instant;

use mdns_sd::{ResolvedService, ServiceEvent};
use openclaw_policy::gateway::mdns::GATEWAY_SERVICE_TYPE;

use super::*;

#[test]
fn container_cgroups_are_recognised() {
    let hex64 = "0123456789abcdef".repeat(4);
    let cases = [
        ("docker", "12:memory:/docker/abc123".to_owned(), true),
        ("cri_containerd", "0::/system.slice/cri-containerd-9f.scope".to_owned(), true),
        ("containerd_id", format!("1:name=x:/containerd/{hex64}"), true),
        ("containerd_short_id", "1:name=x:/containerd/abc".to_owned(), false),
        ("kubepods_slash", "0::/kubepods/burstable/pod1".to_owned(), true),
        ("kubepods_slice", "0::/kubepods.slice/x".to_owned(), true),
        ("lxc_word", "0::/lxc/web1".to_owned(), true),
        ("lxc_inside_a_word", "0::/user.slice/flxcd".to_owned(), false),
        ("host", "0::/init.scope\n1:name=systemd:/".to_owned(), false),
    ];
    for (rule, text, expected) in cases {
        assert_eq!(cgroup_names_container(&text), expected, "{rule}");
    }
}

#[test]
fn ssh_port_override_must_be_a_port() {
    let cases = [("22", Some(22)), (" 2222 ", Some(2222)), ("+22", Some(22)), ("0", None), ("65536", None)];
    for (raw, expected) in cases {
        assert_eq!(parse_tcp_port(raw), expected, "{raw:?}");
    }
    for raw in ["", "-1", "22a", "2.2", "0x16"] {
        assert_eq!(parse_tcp_port(raw), None, "{raw:?}");
    }
}

#[test]
fn facts_come_from_the_environment_and_host_name() {
    let env = EnvMap::from_pairs([
        ("OPENCLAW_MDNS_HOSTNAME", "studio.local"),
        ("OPENCLAW_SSH_PORT", "2222"),
        ("OPENCLAW_TAILNET_DNS", "vm.tail1234.ts.net."),
        ("OPENCLAW_CLI_PATH", " /opt/openclaw/bin/openclaw "),
    ]);
    let listener =
        ListenerFacts { port: 18789, tls_enabled: true, tls_fingerprint_sha256: None, direct_reachable: true };
    assert_eq!(
        local_advert_facts(&env, Some("vm.local"), &listener),
        AdvertFacts {
            machine_display_name: "vm".to_owned(),
            host_label: "studio".to_owned(),
            gateway_port: 18789,
            gateway_tls_enabled: true,
            gateway_tls_fingerprint_sha256: None,
            gateway_direct_reachable: true,
            ssh_port: Some(2222),
            tailnet_dns: Some("vm.tail1234.ts.net".to_owned()),
            cli_path: Some("/opt/openclaw/bin/openclaw".to_owned()),
        }
    );
}

#[test]
fn without_overrides_the_cli_path_is_this_executable() {
    let facts = local_advert_facts(&EnvMap::default(), None, &ListenerFacts { port: 1, ..ListenerFacts::default() });
    assert_eq!(facts.cli_path, Some(std::env::current_exe().unwrap().display().to_string()));
    assert_eq!((facts.host_label.as_str(), facts.ssh_port, facts.tailnet_dns), ("openclaw", None, None));
}

#[test]
fn mode_off_and_the_environment_switch_publish_nothing() {
    let listener = ListenerFacts { port: 1, ..ListenerFacts::default() };
    let off = start_gateway_beacon(MdnsMode::Off, &EnvMap::default(), &listener).unwrap();
    assert!(off.is_none());
    let env = EnvMap::from_pairs([("OPENCLAW_DISABLE_BONJOUR", "1")]);
    assert!(start_gateway_beacon(MdnsMode::Full, &env, &listener).unwrap().is_none());
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

/// A beacon with names no other test run uses, so parallel runs on one network do not mix.
fn unique_advert(mode: MdnsMode) -> Advert {
    let tag = format!("t{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
    let facts = AdvertFacts {
        machine_display_name: format!("disc-{tag}"),
        host_label: format!("h{}", &tag[..20.min(tag.len())]),
        gateway_port: 18789,
        gateway_tls_enabled: false,
        gateway_tls_fingerprint_sha256: None,
        gateway_direct_reachable: true,
        ssh_port: Some(2222),
        tailnet_dns: Some("vm.tail1234.ts.net".to_owned()),
        cli_path: Some("/home/alice/.local/bin/openclaw".to_owned()),
    };
    mdns_advert(mode, false, &facts).unwrap()
}

/// Browses until `fullname` resolves or `timeout` passes; the other events are returned in order.
fn browse_for(daemon: &ServiceDaemon, fullname: &str, timeout: Duration) -> (Option<ResolvedService>, Vec<String>) {
    let events = daemon.browse(GATEWAY_SERVICE_TYPE).unwrap();
    let deadline = Instant::now() + timeout;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok(ServiceEvent::ServiceResolved(svc)) if svc.get_fullname() == fullname => return (Some(*svc), seen),
            Ok(other) => seen.push(format!("{other:?}")),
            Err(_) => break,
        }
    }
    (None, seen)
}

fn wire_txt(svc: &ResolvedService) -> BTreeMap<String, String> {
    svc.get_properties().iter().map(|p| (p.key().to_owned(), p.val_str().to_owned())).collect()
}

fn published_txt(advert: &Advert) -> BTreeMap<String, String> {
    advert.txt.iter().cloned().collect()
}

/// Publishes on the real network stack and reads the record back as any browser would: this
/// proves the TXT on the wire is exactly the policy's, and that `stop` says goodbye.
#[test]
fn minimal_beacon_on_the_wire_and_goodbye_on_stop() {
    if skip_without_network() {
        return;
    }
    let advert = unique_advert(MdnsMode::Minimal);
    let advertiser = start_advertiser(advert.clone()).unwrap();
    let fullname = advertiser.fullname().to_owned();
    assert_eq!(fullname, format!("{}.{GATEWAY_SERVICE_TYPE}", advert.instance));

    let browser = ServiceDaemon::new().unwrap();
    let (found, seen) = browse_for(&browser, &fullname, Duration::from_secs(10));
    let Some(svc) = found else {
        panic!("our beacon never resolved; multicast may be unavailable here. Events: {seen:?}");
    };
    assert_eq!(svc.get_port(), 18789);
    assert_eq!(svc.get_hostname(), advert.host);
    assert!(!svc.get_addresses().is_empty());
    let txt = wire_txt(&svc);
    assert_eq!(txt, published_txt(&advert));
    for key in ["cliPath", "sshPort", "tailnetDns"] {
        assert!(!txt.contains_key(key), "minimal mode leaked {key}: {txt:?}");
    }

    let events = browser.browse(GATEWAY_SERVICE_TYPE).unwrap();
    advertiser.stop();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut removed = false;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok(ServiceEvent::ServiceRemoved(_, name)) if name == fullname => {
                removed = true;
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert!(removed, "no goodbye for {fullname}");
    let _ = browser.shutdown();
}

#[test]
fn full_beacon_on_the_wire_carries_cli_path_and_ssh_port() {
    if skip_without_network() {
        return;
    }
    let advert = unique_advert(MdnsMode::Full);
    let advertiser = start_advertiser(advert.clone()).unwrap();
    let browser = ServiceDaemon::new().unwrap();
    let (found, seen) = browse_for(&browser, advertiser.fullname(), Duration::from_secs(10));
    let Some(svc) = found else {
        panic!("our beacon never resolved; multicast may be unavailable here. Events: {seen:?}");
    };
    let txt = wire_txt(&svc);
    assert_eq!(txt, published_txt(&advert));
    assert_eq!(txt.get("cliPath").map(String::as_str), Some("/home/alice/.local/bin/openclaw"));
    assert_eq!(txt.get("sshPort").map(String::as_str), Some("2222"));
    drop(advertiser);
    let _ = browser.shutdown();
}
