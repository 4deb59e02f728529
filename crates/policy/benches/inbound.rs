//! Gate + routing decisions per second: the work every inbound message pays before anything
//! else happens (`cargo bench -p openclaw-policy --bench inbound`).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use openclaw_policy::inbound::{
    ChannelAccess, ChatType, CommandDetection, CompiledAccess, DmPolicy, GroupEntry, GroupPolicy, InboundMessage,
    Sender, StoreFacts, gate, gate_compiled,
};
use openclaw_policy::session_key::{Binding, DmScope, PeerKind, RouteInput, RoutePeer, RoutingConfig, resolve_route};

fn dm(sender: &str, text: &str) -> InboundMessage {
    InboundMessage {
        channel: "telegram".into(),
        account_id: None,
        sender: Sender { id: sender.into(), ..Sender::default() },
        chat_type: ChatType::Direct,
        group_id: None,
        thread_id: None,
        mentioned: false,
        has_any_mention: false,
        can_detect_native_mention: true,
        reply_to_bot: false,
        text: text.into(),
        has_attachments: false,
    }
}

/// `ids` allowlisted senders per list (a personal setup has a handful; 200 is a big team).
fn access(ids: usize) -> ChannelAccess {
    let mut groups = BTreeMap::new();
    for n in 0..50 {
        groups.insert(
            format!("-100{n}"),
            GroupEntry { require_mention: Some(true), allow_from: None, enabled: Some(true) },
        );
    }
    ChannelAccess {
        dm_policy: DmPolicy::Pairing,
        allow_from: (0..ids).map(|n| format!("{}", 1_000_000 + n)).collect(),
        group_policy: GroupPolicy::Allowlist,
        group_allow_from: (0..ids).map(|n| format!("{}", 2_000_000 + n)).collect(),
        groups,
        mention_patterns: vec![r"\b@?Claw\b".into(), "🦞".into()],
        ..ChannelAccess::default()
    }
}

fn routing() -> RoutingConfig {
    let bindings = (0..50)
        .map(|n| Binding {
            agent_id: format!("agent{n}"),
            channel: "slack".into(),
            account_id: Some(format!("acct{n}")),
            ..Binding::default()
        })
        .collect();
    RoutingConfig {
        bindings,
        default_agent: "main".into(),
        agent_ids: (0..50).map(|n| format!("agent{n}")).chain(["main".to_owned()]).collect(),
        dm_scope: DmScope::PerChannelPeer,
        identity_links: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let big = access(200);
    let access = access(5);
    let store =
        StoreFacts { pairing_allow_from: (0..5).map(|n| format!("{}", 3_000_000 + n)).collect(), store_readable: true };
    let big_store = StoreFacts {
        pairing_allow_from: (0..100).map(|n| format!("{}", 3_000_000 + n)).collect(),
        store_readable: true,
    };
    let detection = CommandDetection::default();
    let routing = routing();
    let allowed = dm("1000003", "hello there, what's on today?");
    let allowed_big = dm("1000150", "hello there, what's on today?");
    let unknown = dm("999", "hi");
    let mut group = dm("2000003", "hey Claw, summarise this thread please");
    group.chat_type = ChatType::Group;
    group.group_id = Some("-10025".into());

    let mut g = c.benchmark_group("inbound");
    g.throughput(Throughput::Elements(1));
    g.bench_function("gate: allowlisted DM", |b| b.iter(|| gate(black_box(&allowed), &access, &store, &detection)));
    g.bench_function("gate: allowlisted DM, 200+200+100 ids", |b| {
        b.iter(|| gate(black_box(&allowed_big), &big, &big_store, &detection))
    });
    g.bench_function("gate: unknown DM (pairing)", |b| {
        b.iter(|| gate(black_box(&unknown), &access, &store, &detection))
    });
    g.bench_function("gate: group message with mention patterns", |b| {
        b.iter(|| gate(black_box(&group), &access, &store, &detection))
    });
    // What the gateway pays per message: the config side compiled once per snapshot.
    let compiled_big = CompiledAccess::new("telegram", &big);
    let compiled = CompiledAccess::new("telegram", &access);
    g.bench_function("gate_compiled: allowlisted DM, 200+200+100 ids", |b| {
        b.iter(|| gate_compiled(black_box(&allowed_big), &compiled_big, &big_store, &detection))
    });
    g.bench_function("gate_compiled: group message with mention patterns", |b| {
        b.iter(|| gate_compiled(black_box(&group), &compiled, &store, &detection))
    });
    let input = RouteInput {
        channel: "telegram".into(),
        account_id: None,
        peer: Some(RoutePeer { kind: PeerKind::Direct, id: "1000003".into() }),
        ..RouteInput::default()
    };
    g.bench_function("route: 50 bindings, none matching", |b| b.iter(|| resolve_route(black_box(&input), &routing)));
    g.bench_function("gate + route: allowlisted DM", |b| {
        b.iter(|| {
            let d = gate(black_box(&allowed), &access, &store, &detection);
            (d, resolve_route(&input, &routing))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
