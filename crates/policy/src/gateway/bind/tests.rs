//! Listen-address planning per `gateway.bind` mode, with the host's interfaces as fixtures.

use std::net::IpAddr;

use super::*;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn host_interfaces() -> Vec<(&'static str, IpAddr)> {
    vec![
        ("lo", ip("127.0.0.1")),
        ("lo", ip("::1")),
        ("eth0", ip("192.168.1.20")),
        ("tailscale0", ip("100.101.102.103")),
        ("tailscale0", ip("fd7a:115c:a1e0::abcd")),
    ]
}

fn plan(mode: BindMode, custom: Option<&str>, in_container: bool) -> Result<BindPlan, BindError> {
    plan_bind(mode, custom, &host_interfaces(), in_container)
}

#[test]
fn bind_mode_names_round_trip() {
    for mode in [BindMode::Loopback, BindMode::Lan, BindMode::Tailnet, BindMode::Auto, BindMode::Custom] {
        assert_eq!(BindMode::parse(mode.as_str()), Some(mode));
    }
    assert_eq!(BindMode::parse("0.0.0.0"), None);
    assert_eq!(BindMode::default(), BindMode::Loopback);
}

#[test]
fn default_mode_is_loopback_except_in_containers_without_tailscale() {
    assert_eq!(BindMode::default_for(false, false), BindMode::Loopback);
    assert_eq!(BindMode::default_for(false, true), BindMode::Auto);
    assert_eq!(BindMode::default_for(true, true), BindMode::Loopback);
}

#[test]
fn loopback_binds_ipv4_loopback_and_optionally_ipv6_loopback() {
    let got = plan(BindMode::Loopback, None, true).unwrap();
    assert_eq!(
        got,
        BindPlan {
            mode: BindMode::Loopback,
            addrs: vec![ip("127.0.0.1")],
            optional_addrs: vec![ip("::1")],
            loopback_only: true,
            narrowed: None,
        }
    );
}

#[test]
fn lan_binds_the_ipv4_wildcard() {
    let got = plan(BindMode::Lan, None, false).unwrap();
    assert_eq!(got.addrs, vec![ip("0.0.0.0")]);
    assert!(!got.loopback_only);
}

#[test]
fn auto_is_loopback_on_a_host_and_the_wildcard_in_a_container() {
    let host = plan(BindMode::Auto, None, false).unwrap();
    assert_eq!((host.addrs, host.loopback_only), (vec![ip("127.0.0.1")], true));
    let container = plan(BindMode::Auto, None, true).unwrap();
    assert_eq!((container.addrs, container.loopback_only), (vec![ip("0.0.0.0")], false));
}

#[test]
fn tailnet_binds_the_tailscale_ipv4_address_plus_loopback() {
    let got = plan(BindMode::Tailnet, None, false).unwrap();
    assert_eq!(got.addrs, vec![ip("100.101.102.103"), ip("127.0.0.1")]);
    assert!(!got.loopback_only);
    assert_eq!(got.primary(), ip("100.101.102.103"));
}

#[test]
fn tailnet_without_a_tailscale_address_narrows_to_loopback() {
    let interfaces = [("eth0", ip("192.168.1.20")), ("wg0", ip("100.128.0.1"))];
    let got = plan_bind(BindMode::Tailnet, None, &interfaces, false).unwrap();
    assert_eq!(got.addrs, vec![ip("127.0.0.1")]);
    assert!(got.loopback_only);
    assert!(got.narrowed.as_deref().is_some_and(|why| why.contains("no Tailscale address")));
}

#[test]
fn custom_rules() {
    for (rule, host, expected) in [
        ("an owned address is bound with loopback", Some("192.168.1.20"), Ok(vec!["192.168.1.20", "127.0.0.1"])),
        ("the wildcard is allowed", Some("0.0.0.0"), Ok(vec!["0.0.0.0"])),
        ("127.0.0.1 alone", Some(" 127.0.0.1 "), Ok(vec!["127.0.0.1"])),
        ("another loopback address adds 127.0.0.1", Some("127.0.0.2"), Ok(vec!["127.0.0.2", "127.0.0.1"])),
        ("missing host", None, Err(BindError::CustomHostMissing)),
        ("blank host", Some("  "), Err(BindError::CustomHostMissing)),
        ("a host name is not an address", Some("gateway.lan"), Err(BindError::CustomHostInvalid("gateway.lan".into()))),
        ("IPv6 is not accepted", Some("::1"), Err(BindError::CustomHostInvalid("::1".into()))),
        ("shorthand IPv4 is not accepted", Some("127.1"), Err(BindError::CustomHostInvalid("127.1".into()))),
        ("leading zeros are not accepted", Some("010.0.0.1"), Err(BindError::CustomHostInvalid("010.0.0.1".into()))),
        (
            "an address this host does not own is refused",
            Some("10.9.9.9"),
            Err(BindError::CustomHostUnavailable("10.9.9.9".parse().unwrap())),
        ),
    ] {
        let got = plan(BindMode::Custom, host, false).map(|p| p.addrs);
        let expected = expected.map(|addrs| addrs.into_iter().map(ip).collect::<Vec<_>>());
        assert_eq!(got, expected, "{rule}");
    }
    assert!(plan(BindMode::Custom, Some("127.0.0.2"), false).unwrap().loopback_only);
    assert!(!plan(BindMode::Custom, Some("0.0.0.0"), false).unwrap().loopback_only);
}

#[test]
fn bind_errors_say_what_to_set() {
    assert_eq!(BindError::CustomHostMissing.to_string(), "gateway.bind=custom requires gateway.customBindHost");
    assert_eq!(
        BindError::CustomHostInvalid("x".into()).to_string(),
        "gateway.bind=custom requires a valid IPv4 customBindHost (got x)"
    );
}

#[test]
fn tailnet_address_space() {
    for (addr, expected) in [
        ("100.64.0.0", true),
        ("100.127.255.255", true),
        ("100.63.255.255", false),
        ("100.128.0.0", false),
        ("::ffff:100.100.100.100", true),
        ("fd7a:115c:a1e0::1", true),
        ("fd7a:115c:a1e1::1", false),
        ("192.168.1.1", false),
    ] {
        assert_eq!(is_tailnet_addr(ip(addr)), expected, "{addr}");
    }
}

#[test]
fn host_tailnet_addrs_are_the_first_of_each_family() {
    let mut interfaces = host_interfaces();
    interfaces.push(("tailscale1", ip("100.64.0.9")));
    assert_eq!(host_tailnet_addrs(&interfaces), vec![ip("100.101.102.103"), ip("fd7a:115c:a1e0::abcd")]);
    assert!(host_tailnet_addrs::<&str>(&[]).is_empty());
}
