#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

fn facts() -> AdvertFacts {
    AdvertFacts {
        machine_display_name: "vm".to_owned(),
        host_label: "vm".to_owned(),
        gateway_port: 18789,
        gateway_tls_enabled: false,
        gateway_tls_fingerprint_sha256: None,
        gateway_direct_reachable: false,
        ssh_port: None,
        tailnet_dns: None,
        cli_path: None,
    }
}

/// Every optional fact set, so the mode alone decides what is left out.
fn rich_facts() -> AdvertFacts {
    AdvertFacts {
        gateway_tls_enabled: true,
        gateway_tls_fingerprint_sha256: Some("AB:CD".to_owned()),
        gateway_direct_reachable: true,
        ssh_port: Some(2222),
        tailnet_dns: Some(" vm.tail1234.ts.net ".to_owned()),
        cli_path: Some("/home/alice/.local/bin/openclaw".to_owned()),
        ..facts()
    }
}

fn txt(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn keys(advert: &Advert) -> Vec<&str> {
    advert.txt.iter().map(|(k, _)| k.as_str()).collect()
}

#[test]
fn off_by_config_or_environment_publishes_nothing() {
    let cases = [
        ("mode_off", MdnsMode::Off, false),
        ("mode_off_and_env", MdnsMode::Off, true),
        ("env_beats_minimal", MdnsMode::Minimal, true),
        ("env_beats_full", MdnsMode::Full, true),
    ];
    for (rule, mode, env) in cases {
        assert_eq!(mdns_advert(mode, env, &rich_facts()), None, "{rule}");
    }
}

#[test]
fn minimal_mode_publishes_only_what_discovery_needs() {
    let advert = mdns_advert(MdnsMode::Minimal, false, &rich_facts()).unwrap();
    assert_eq!(
        advert,
        Advert {
            service_type: "_openclaw-gw._tcp.local.".to_owned(),
            instance: "vm (OpenClaw)".to_owned(),
            host: "vm.local.".to_owned(),
            port: 18789,
            txt: txt(&[
                ("role", "gateway"),
                ("gatewayPort", "18789"),
                ("lanHost", "vm.local"),
                ("displayName", "vm"),
                ("gatewayTls", "1"),
                ("gatewayTlsSha256", "AB:CD"),
                ("gatewayDirectReachable", "1"),
                ("transport", "gateway"),
            ]),
        }
    );
}

#[test]
fn minimal_mode_never_names_the_cli_path_ssh_port_or_tailnet_name() {
    for f in [facts(), rich_facts()] {
        let advert = mdns_advert(MdnsMode::Minimal, false, &f).unwrap();
        for key in ["cliPath", "sshPort", "tailnetDns"] {
            assert_eq!(advert.txt_value(key), None, "{key}");
        }
    }
}

#[test]
fn full_mode_adds_cli_path_ssh_port_and_tailnet_name() {
    let advert = mdns_advert(MdnsMode::Full, false, &rich_facts()).unwrap();
    assert_eq!(
        advert.txt,
        txt(&[
            ("role", "gateway"),
            ("gatewayPort", "18789"),
            ("lanHost", "vm.local"),
            ("displayName", "vm"),
            ("gatewayTls", "1"),
            ("gatewayTlsSha256", "AB:CD"),
            ("gatewayDirectReachable", "1"),
            ("tailnetDns", "vm.tail1234.ts.net"),
            ("cliPath", "/home/alice/.local/bin/openclaw"),
            ("transport", "gateway"),
            ("sshPort", "2222"),
        ])
    );
}

#[test]
fn full_mode_advertises_ssh_on_22_when_no_port_is_known() {
    let advert = mdns_advert(MdnsMode::Full, false, &facts()).unwrap();
    assert_eq!(keys(&advert), ["role", "gatewayPort", "lanHost", "displayName", "transport", "sshPort"]);
    assert_eq!(advert.txt_value("sshPort"), Some("22"));
}

#[test]
fn blank_optional_facts_are_left_out() {
    let f = AdvertFacts {
        gateway_tls_enabled: true,
        gateway_tls_fingerprint_sha256: Some(String::new()),
        tailnet_dns: Some("  ".to_owned()),
        cli_path: Some(String::new()),
        ..facts()
    };
    let advert = mdns_advert(MdnsMode::Full, false, &f).unwrap();
    assert_eq!(keys(&advert), ["role", "gatewayPort", "lanHost", "displayName", "gatewayTls", "transport", "sshPort"]);
}

#[test]
fn instance_and_display_names_follow_the_machine_name() {
    let long = "a".repeat(62) + "-" + &"b".repeat(20);
    let accents = "é".repeat(40);
    // (rule, machine name, instance label, TXT displayName)
    let cases: [(&str, &str, &str, &str); 6] = [
        ("tagged_with_openclaw", "vm", "vm (OpenClaw)", "vm"),
        ("a_name_mentioning_openclaw_is_kept", "My openclaw box", "My openclaw box", "My openclaw box"),
        ("empty_becomes_openclaw", "  ", "OpenClaw", "OpenClaw"),
        ("display_collapses_whitespace", " Studio   Mac ", "Studio   Mac (OpenClaw)", "Studio Mac"),
        ("cut_to_one_dns_label_without_dangling_hyphen", &long, &"a".repeat(62), &(long.clone())),
        ("cut_on_a_character_boundary", &accents, &"é".repeat(31), &accents),
    ];
    for (rule, machine, instance, display) in cases {
        let f = AdvertFacts { machine_display_name: machine.to_owned(), ..facts() };
        let advert = mdns_advert(MdnsMode::Minimal, false, &f).unwrap();
        assert_eq!(advert.instance, instance, "{rule}");
        assert_eq!(advert.txt_value("displayName"), Some(display), "{rule}");
    }
}

#[test]
fn mode_words_are_exact() {
    let cases = [
        ("off", Some(MdnsMode::Off)),
        ("minimal", Some(MdnsMode::Minimal)),
        ("full", Some(MdnsMode::Full)),
        ("Full", None),
        (" minimal", None),
        ("", None),
        ("on", None),
    ];
    for (raw, expected) in cases {
        assert_eq!(parse_mdns_mode(raw), expected, "{raw:?}");
    }
    for mode in [MdnsMode::Off, MdnsMode::Minimal, MdnsMode::Full] {
        assert_eq!(parse_mdns_mode(mode.as_str()), Some(mode));
    }
    assert_eq!(MdnsMode::default(), MdnsMode::Minimal);
}

#[test]
fn environment_switch_is_tri_state_with_containers_off_by_default() {
    // (OPENCLAW_DISABLE_BONJOUR, in a container, disabled)
    let cases = [
        (None, false, false),
        (None, true, true),
        (Some("1"), false, true),
        (Some(" TRUE "), false, true),
        (Some("yes"), false, true),
        (Some("on"), false, true),
        (Some("0"), true, false),
        (Some("false"), true, false),
        (Some("No"), true, false),
        (Some("off"), true, false),
        (Some(""), true, true),
        (Some("maybe"), false, false),
        (Some("maybe"), true, true),
    ];
    for (raw, container, disabled) in cases {
        assert_eq!(bonjour_disabled_by_env(raw, container), disabled, "{raw:?} container={container}");
    }
}

#[test]
fn host_label_is_one_dns_label() {
    // (rule, OPENCLAW_MDNS_HOSTNAME, system host name, label)
    let cases = [
        ("system_name", None, Some("vm"), "vm"),
        ("first_label_of_system_name", None, Some("Mac.localdomain"), "Mac"),
        ("local_suffix_dropped", None, Some("box.LOCAL"), "box"),
        ("invalid_system_name_falls_back", None, Some("bad_host"), "openclaw"),
        ("no_name_falls_back", None, None, "openclaw"),
        ("override_wins", Some("studio.local"), Some("vm"), "studio"),
        ("blank_override_ignored", Some("  "), Some("vm"), "vm"),
        ("override_trusted_as_given", Some("My Box"), Some("vm"), "My Box"),
        ("override_of_only_local_falls_back", Some(".local"), Some("vm"), "openclaw"),
    ];
    for (rule, over, system, label) in cases {
        assert_eq!(mdns_host_label(over, system), label, "{rule}");
    }
    assert_eq!(mdns_host_label(Some(&"x".repeat(70)), None), "x".repeat(63));
}

#[test]
fn machine_display_name_is_the_host_name_without_local() {
    let cases = [
        (Some("vm"), "vm"),
        (Some(" box.local "), "box"),
        (Some("a.example.com"), "a.example.com"),
        (Some(" "), "openclaw"),
        (None, "openclaw"),
    ];
    for (system, name) in cases {
        assert_eq!(machine_display_name(system), name, "{system:?}");
    }
}

#[test]
fn host_label_names_the_srv_target_and_lan_host() {
    let f = AdvertFacts { host_label: "studio".to_owned(), ..facts() };
    let advert = mdns_advert(MdnsMode::Minimal, false, &f).unwrap();
    assert_eq!(advert.host, "studio.local.");
    assert_eq!(advert.txt_value("lanHost"), Some("studio.local"));
}
