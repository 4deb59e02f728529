//! allowFrom store file rules; cases follow OpenClaw's `pairing-store.test.ts`.

use super::*;

fn list(entries: &[&str]) -> Vec<String> {
    entries.iter().map(|e| (*e).to_owned()).collect()
}

#[test]
fn store_keys_are_path_safe() {
    #[rustfmt::skip]
    let cases = [
        ("ids are lowercased and trimmed", " Telegram ", Ok("telegram")),
        ("separators become underscores", r#"a\b/c:d*e?f"g<h>i|j"#, Ok("a_b_c_d_e_f_g_h_i_j")),
        ("dot-dot becomes an underscore", "../../etc", Ok("____etc")),
        ("dot-dot pairs are replaced left to right", "a...b", Ok("a_.b")),
        ("a single dot survives", "a.b", Ok("a.b")),
        ("blank is refused", "   ", Err(InvalidStoreKey)),
        ("a lone unsafe character is refused", "/", Err(InvalidStoreKey)),
        ("a lone dot-dot is refused", "..", Err(InvalidStoreKey)),
        ("a lone underscore is refused", "_", Err(InvalidStoreKey)),
    ];
    for (rule, raw, expected) in cases {
        assert_eq!(safe_store_key(raw).as_deref().map_err(|e| *e), expected, "{rule}");
    }
}

#[test]
fn file_names() {
    assert_eq!(pairing_file_name("Telegram").as_deref(), Ok("telegram-pairing.json"));
    assert_eq!(allow_from_file_name("telegram", None).as_deref(), Ok("telegram-allowFrom.json"));
    assert_eq!(allow_from_file_name("telegram", Some("  ")).as_deref(), Ok("telegram-allowFrom.json"));
    assert_eq!(allow_from_file_name("telegram", Some("YY")).as_deref(), Ok("telegram-yy-allowFrom.json"));
    assert_eq!(allow_from_file_name("telegram", Some("default")).as_deref(), Ok("telegram-default-allowFrom.json"));
    assert_eq!(allow_from_file_name("telegram", Some("../x")).as_deref(), Ok("telegram-__x-allowFrom.json"));
    assert_eq!(allow_from_file_name("", Some("yy")), Err(InvalidStoreKey));
    assert_eq!(allow_from_file_name("telegram", Some("_")), Err(InvalidStoreKey));
}

#[test]
fn entries_are_cleaned_on_read() {
    let file: AllowFromFile =
        serde_json::from_str(r#"{"version":1,"allowFrom":["1001","*"," 1001 ","  ",1002,"tg:1003",null]}"#).unwrap();
    assert_eq!(file.entries("telegram"), list(&["1001", "1002", "1003"]));
    let missing: AllowFromFile = serde_json::from_str("{}").unwrap();
    assert_eq!((missing.version, missing.entries("telegram")), (1, Vec::<String>::new()));
    assert_eq!(
        serde_json::to_string(&AllowFromFile::new(&list(&["1"]))).unwrap(),
        r#"{"version":1,"allowFrom":["1"]}"#
    );
}

#[test]
fn store_entries_lose_the_channel_prefix() {
    #[rustfmt::skip]
    let cases = [
        ("telegram", "TG:123", Some("123")),
        ("discord", "user:42", Some("42")),
        ("line", "line:user:U1", Some("U1")),
        ("line", "LINE:U1", Some("U1")),
        ("whatsapp", " +1555 ", Some("+1555")),
        ("whatsapp", "*", None),
        ("slack", "slack:", None),
    ];
    for (channel, raw, expected) in cases {
        assert_eq!(normalize_store_entry(channel, raw).as_deref(), expected, "{channel} {raw}");
    }
}

#[test]
fn accounts_read_their_own_file_and_only_default_reads_legacy() {
    let scoped = list(&["1002", "1001"]);
    let legacy = list(&["1001", "1000"]);
    #[rustfmt::skip]
    let cases = [
        ("the default account reads scoped then legacy", Some("default"), list(&["1002", "1001", "1000"])),
        ("no account is the default account", None, list(&["1002", "1001", "1000"])),
        ("account ids are case-insensitive", Some(" DEFAULT "), list(&["1002", "1001", "1000"])),
        ("other accounts never read the legacy file", Some("yy"), list(&["1002", "1001"])),
    ];
    for (rule, account, expected) in cases {
        assert_eq!(account_allow_from(account, &scoped, &legacy), expected, "{rule}");
    }
    assert_eq!(
        account_allow_from(Some("yy"), &[], &legacy),
        Vec::<String>::new(),
        "an empty scoped file does not fall back"
    );
}

#[test]
fn entries_are_added_and_removed_idempotently() {
    let current = list(&["1"]);
    assert_eq!(add_allow_from_entry("telegram", &current, "tg:2"), Some(list(&["1", "2"])));
    assert_eq!(add_allow_from_entry("telegram", &current, " 1 "), None);
    assert_eq!(add_allow_from_entry("telegram", &current, "*"), None, "the store never grants the wildcard");
    assert_eq!(remove_allow_from_entry("telegram", &current, "1"), Some(Vec::new()));
    assert_eq!(remove_allow_from_entry("telegram", &[], "1"), None);
}
