//! Routing tiers, one case per rule; cases follow OpenClaw's `resolve-route.test.ts`.

use super::*;

fn bind(agent: &str, channel: &str) -> Binding {
    Binding { agent_id: agent.to_owned(), channel: channel.to_owned(), ..Binding::default() }
}

fn account(mut b: Binding, account: &str) -> Binding {
    b.account_id = Some(account.to_owned());
    b
}

fn peer(mut b: Binding, kind: &str, id: &str) -> Binding {
    b.peer = Some(BindingPeer { kind: kind.to_owned(), id: id.to_owned() });
    b
}

fn guild(mut b: Binding, guild: &str) -> Binding {
    b.guild_id = Some(guild.to_owned());
    b
}

fn team(mut b: Binding, team: &str) -> Binding {
    b.team_id = Some(team.to_owned());
    b
}

fn roles(mut b: Binding, roles: &[&str]) -> Binding {
    b.roles = roles.iter().map(|r| (*r).to_owned()).collect();
    b
}

fn config(bindings: Vec<Binding>) -> RoutingConfig {
    RoutingConfig { bindings, default_agent: "main".to_owned(), ..RoutingConfig::default() }
}

fn input(channel: &str, account: Option<&str>, kind: PeerKind, id: &str) -> RouteInput {
    RouteInput {
        channel: channel.to_owned(),
        account_id: account.map(str::to_owned),
        peer: Some(RoutePeer { kind, id: id.to_owned() }),
        ..RouteInput::default()
    }
}

fn discord(peer_id: &str, guild_id: Option<&str>, role_ids: &[&str]) -> RouteInput {
    RouteInput {
        guild_id: guild_id.map(str::to_owned),
        member_role_ids: role_ids.iter().map(|r| (*r).to_owned()).collect(),
        ..input("discord", None, PeerKind::Channel, peer_id)
    }
}

fn slack(peer_id: &str, team_id: &str) -> RouteInput {
    RouteInput { team_id: Some(team_id.to_owned()), ..input("slack", None, PeerKind::Channel, peer_id) }
}

fn thread(parent: Option<&str>, guild_id: Option<&str>) -> RouteInput {
    RouteInput {
        parent_peer: parent.map(|id| RoutePeer { kind: PeerKind::Channel, id: id.to_owned() }),
        guild_id: guild_id.map(str::to_owned),
        ..input("discord", None, PeerKind::Channel, "thread-456")
    }
}

#[test]
fn binding_tiers() {
    use MatchedBy::{Account, Default, Guild, GuildRoles, Peer, PeerParent, Team};
    use PeerKind::Direct;
    let wa_dm = input("whatsapp", None, Direct, "+1000");
    #[rustfmt::skip]
    let cases: Vec<(&str, Vec<Binding>, RouteInput, &str, MatchedBy)> = vec![
        ("no bindings routes to the default agent", vec![], wa_dm.clone(), "main", Default),
        ("a peer binding wins over an account binding",
            vec![peer(account(bind("a", "whatsapp"), "biz"), "direct", "+1000"), account(bind("b", "whatsapp"), "biz")],
            input("whatsapp", Some("biz"), Direct, "+1000"), "a", Peer),
        ("a channel peer binding wins over a guild binding",
            vec![peer(account(bind("chan", "discord"), "default"), "channel", "c1"), guild(account(bind("guild", "discord"), "default"), "g1")],
            discord("c1", Some("g1"), &[]), "chan", Peer),
        ("a guild binding wins over an account binding when the peer is not bound",
            vec![guild(account(bind("guild", "discord"), "default"), "g1"), account(bind("acct", "discord"), "default")],
            discord("c1", Some("g1"), &[]), "guild", Guild),
        ("a peer+guild binding is no guild-wide fallback",
            vec![guild(peer(bind("olga", "discord"), "channel", "CHANNEL_A"), "GUILD_1"), guild(bind("main", "discord"), "GUILD_1")],
            discord("CHANNEL_B", Some("GUILD_1"), &[]), "main", Guild),
        ("a peer+guild binding needs the guild too",
            vec![guild(peer(bind("wrongguild", "discord"), "channel", "c1"), "g1"), guild(bind("rightguild", "discord"), "g2")],
            discord("c1", Some("g2"), &[]), "rightguild", Guild),
        ("a peer+team binding is no team-wide fallback",
            vec![team(peer(bind("roomonly", "slack"), "channel", "C_A"), "T1"), team(bind("teamwide", "slack"), "T1")],
            slack("C_B", "T1"), "teamwide", Team),
        ("a peer+team binding needs the team too",
            vec![team(peer(bind("wrongteam", "slack"), "channel", "C1"), "T1"), team(bind("rightteam", "slack"), "T2")],
            slack("C1", "T2"), "rightteam", Team),
        ("a binding without accountId covers the default account",
            vec![bind("defaultAcct", "whatsapp")], wa_dm.clone(), "defaultacct", Account),
        ("a binding without accountId does not cover other accounts",
            vec![bind("defaultAcct", "whatsapp")], input("whatsapp", Some("biz"), Direct, "+1000"), "main", Default),
        ("accountId * is a channel-wide fallback",
            vec![account(bind("any", "whatsapp"), "*")], input("whatsapp", Some("biz"), Direct, "+1000"), "any", MatchedBy::Channel),
        ("an account binding beats a channel binding",
            vec![account(bind("any", "whatsapp"), "*"), account(bind("biz", "whatsapp"), "biz")],
            input("whatsapp", Some("biz"), Direct, "+1000"), "biz", Account),
        ("binding account ids are canonicalised",
            vec![account(bind("biz", "discord"), "BIZ")], input("discord", Some(" biz "), Direct, "u-1"), "biz", Account),
        ("binding channels are case-insensitive",
            vec![bind("x", " WhatsApp ")], wa_dm.clone(), "x", Account),
        ("other channels' bindings are ignored",
            vec![bind("tg", "telegram")], wa_dm.clone(), "main", Default),
        ("legacy peer kind dm matches a direct peer",
            vec![peer(bind("alex", "whatsapp"), "dm", "+15551234567")], input("whatsapp", None, Direct, "+15551234567"), "alex", Peer),
        ("an invalid peer kind never matches",
            vec![peer(bind("bad", "whatsapp"), "room", "+1000")], wa_dm.clone(), "main", Default),
        ("peer ids compare exactly",
            vec![peer(bind("x", "discord"), "channel", "ABC")], discord("abc", None, &[]), "main", Default),
        ("a thread inherits its parent's binding",
            vec![peer(bind("adecco", "discord"), "channel", "parent-channel-123")], thread(Some("parent-channel-123"), None), "adecco", PeerParent),
        ("the thread's own binding beats the parent's",
            vec![peer(bind("thread-agent", "discord"), "channel", "thread-456"), peer(bind("parent-agent", "discord"), "channel", "parent-channel-123")],
            thread(Some("parent-channel-123"), None), "thread-agent", Peer),
        ("the parent's binding beats a guild binding",
            vec![peer(bind("parent-agent", "discord"), "channel", "parent-channel-123"), guild(bind("guild-agent", "discord"), "guild-789")],
            thread(Some("parent-channel-123"), Some("guild-789")), "parent-agent", PeerParent),
        ("a guild binding catches a thread whose parent is unbound",
            vec![peer(bind("other", "discord"), "channel", "other-parent-999"), guild(bind("guild-agent", "discord"), "guild-789")],
            thread(Some("parent-channel-123"), Some("guild-789")), "guild-agent", Guild),
        ("a blank parent peer is ignored",
            vec![peer(bind("parent-agent", "discord"), "channel", "parent-channel-123")], thread(Some(""), None), "main", Default),
        ("a missing parent peer is ignored",
            vec![peer(bind("parent-agent", "discord"), "channel", "parent-channel-123")], thread(None, None), "main", Default),
        ("guild+roles matches a member with the role",
            vec![roles(guild(bind("opus", "discord"), "g1"), &["r1"])], discord("c1", Some("g1"), &["r1"]), "opus", GuildRoles),
        ("guild+roles needs a matching role",
            vec![roles(guild(bind("opus", "discord"), "g1"), &["r1"])], discord("c1", Some("g1"), &["r2"]), "main", Default),
        ("guild+roles is more specific than guild",
            vec![roles(guild(bind("opus", "discord"), "g1"), &["r1"]), guild(bind("sonnet", "discord"), "g1")],
            discord("c1", Some("g1"), &["r1"]), "opus", GuildRoles),
        ("a peer binding beats guild+roles",
            vec![peer(bind("peer-agent", "discord"), "channel", "c1"), roles(guild(bind("roles-agent", "discord"), "g1"), &["r1"])],
            discord("c1", Some("g1"), &["r1"]), "peer-agent", Peer),
        ("no member roles means guild+roles cannot match",
            vec![roles(guild(bind("opus", "discord"), "g1"), &["r1"])], discord("c1", Some("g1"), &[]), "main", Default),
        ("the first matching role binding wins",
            vec![roles(guild(bind("opus", "discord"), "g1"), &["r1"]), roles(guild(bind("sonnet", "discord"), "g1"), &["r2"])],
            discord("c1", Some("g1"), &["r1", "r2"]), "opus", GuildRoles),
        ("empty roles mean no role restriction",
            vec![roles(guild(bind("opus", "discord"), "g1"), &[])], discord("c1", Some("g1"), &["r1"]), "opus", Guild),
        ("a peer+roles binding is no guild+roles fallback",
            vec![roles(guild(peer(bind("peer-roles", "discord"), "channel", "c-target"), "g1"), &["r1"]), roles(guild(bind("guild-roles", "discord"), "g1"), &["r1"])],
            discord("c-other", Some("g1"), &["r1"]), "guild-roles", GuildRoles),
    ];
    for (rule, bindings, input, agent, matched_by) in cases {
        let route = resolve_route(&input, &config(bindings));
        assert_eq!((route.agent_id.as_str(), route.matched_by), (agent, matched_by), "{rule}");
    }
}

#[test]
fn the_route_carries_the_session_key() {
    let route = resolve_route(&input("whatsapp", None, PeerKind::Direct, "+15551234567"), &config(vec![]));
    let expected = Route {
        agent_id: "main".to_owned(),
        channel: "whatsapp".to_owned(),
        account_id: "default".to_owned(),
        session_key: "agent:main:main".to_owned(),
        main_session_key: "agent:main:main".to_owned(),
        matched_by: MatchedBy::Default,
    };
    assert_eq!(route, expected);

    let bound = config(vec![peer(account(bind("a", "whatsapp"), "biz"), "direct", "+1000")]);
    let route = resolve_route(&input("whatsapp", Some("biz"), PeerKind::Direct, "+1000"), &bound);
    assert_eq!(route.session_key, "agent:a:main");

    let route = resolve_route(&input("discord", None, PeerKind::Channel, "1468834856187203680"), &config(vec![]));
    assert_eq!(route.session_key, "agent:main:discord:channel:1468834856187203680");

    let route = resolve_route(&input("discord", None, PeerKind::Channel, " "), &config(vec![]));
    assert_eq!(route.session_key, "agent:main:discord:channel:unknown");
}

#[test]
fn dm_scope_and_identity_links_shape_the_route_key() {
    let mut cfg = config(vec![]);
    cfg.dm_scope = DmScope::PerChannelPeer;
    let route = resolve_route(&input("whatsapp", None, PeerKind::Direct, "+15551234567"), &cfg);
    assert_eq!(route.session_key, "agent:main:whatsapp:direct:+15551234567");

    cfg.dm_scope = DmScope::PerPeer;
    cfg.identity_links = vec![("alice".to_owned(), vec!["telegram:111111111".to_owned()])];
    let route = resolve_route(&input("telegram", None, PeerKind::Direct, "111111111"), &cfg);
    assert_eq!(route.session_key, "agent:main:direct:alice");

    // Through routing, a DM peer with a blank id is "unknown", not the main session.
    let route = resolve_route(&input("telegram", None, PeerKind::Direct, ""), &cfg);
    assert_eq!(route.session_key, "agent:main:direct:unknown");

    cfg.dm_scope = DmScope::PerAccountChannelPeer;
    let route = resolve_route(&input("telegram", Some("Tasks"), PeerKind::Direct, "7550356539"), &cfg);
    assert_eq!(route.session_key, "agent:main:telegram:tasks:direct:7550356539");

    let no_peer = RouteInput { channel: "telegram".to_owned(), ..RouteInput::default() };
    assert_eq!(resolve_route(&no_peer, &cfg).session_key, "agent:main:main");
}

#[test]
fn bound_agents_must_exist_in_the_roster() {
    let mut cfg = config(vec![bind("Ghost", "whatsapp")]);
    cfg.default_agent = "home".to_owned();
    let wa = input("whatsapp", None, PeerKind::Direct, "+1");
    assert_eq!(resolve_route(&wa, &cfg).agent_id, "ghost", "without a roster any bound id is used");

    cfg.agent_ids = vec!["home".to_owned(), "Work".to_owned()];
    let route = resolve_route(&wa, &cfg);
    assert_eq!(
        (route.agent_id.as_str(), route.matched_by),
        ("home", MatchedBy::Account),
        "an unknown agent falls back"
    );

    cfg.bindings = vec![bind("WORK", "whatsapp")];
    assert_eq!(resolve_route(&wa, &cfg).agent_id, "work", "roster ids match case-insensitively");

    let unbound = input("telegram", None, PeerKind::Direct, "1");
    let route = resolve_route(&unbound, &cfg);
    assert_eq!((route.agent_id.as_str(), route.session_key.as_str()), ("home", "agent:home:main"));
}
