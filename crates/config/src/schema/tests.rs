#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};

use super::compile::RequiredMode;
use super::pattern::{Pattern, translate};
use super::suggest::did_you_mean;
use super::{Schema, builtin, overlay, split};
use crate::{KeyPath, PathSeg};

fn schema(s: Value) -> Schema {
    Schema::compile(&s).unwrap()
}

/// `(path, message)` pairs, for comparing whole results.
fn problems(s: &Schema, v: Value) -> Vec<(String, String)> {
    s.validate(&v).into_iter().map(|i| (i.path.to_string(), i.message)).collect()
}

fn one(path: &str, message: &str) -> Vec<(String, String)> {
    vec![(path.to_owned(), message.to_owned())]
}

fn path(text: &str) -> KeyPath {
    KeyPath::parse(text).unwrap()
}

#[test]
fn ecmascript_patterns_behave_as_in_javascript() {
    let cases: &[(&str, &str, bool)] = &[
        // Anchored top-level lookaheads.
        (r"^(?!(?:constructor|prototype)$)[a-z0-9][a-z0-9_-]{0,63}$", "main", true),
        (r"^(?!(?:constructor|prototype)$)[a-z0-9][a-z0-9_-]{0,63}$", "prototype", false),
        (r"^(?!(?:constructor|prototype)$)[a-z0-9][a-z0-9_-]{0,63}$", "prototypes", true),
        (r"^(?!\*$)(?![Gg][Rr][Oo][Uu][Pp]:).+", "*", false),
        (r"^(?!\*$)(?![Gg][Rr][Oo][Uu][Pp]:).+", "Group:fs", false),
        (r"^(?!\*$)(?![Gg][Rr][Oo][Uu][Pp]:).+", "exec", true),
        (r"^(?!\s*-)", "  -rf", false),
        (r"^(?!\s*-)", "vault", true),
        (r"^[Hh][Tt][Tt][Pp][Ss]?:\/\/(?![^/?#]*@)", "https://example.com/a@b", true),
        (r"^[Hh][Tt][Tt][Pp][Ss]?:\/\/(?![^/?#]*@)", "https://user@example.com", false),
        (r"^\/(?!\/)[^\0]*[^/\0]$", "/hooks", true),
        (r"^\/(?!\/)[^\0]*[^/\0]$", "//hooks", false),
        (r"^(?!\s)(?![\s\S]*\s$)(?![\s\S]*\.\.)[^\p{Cc}\p{Cs}/\\]{1,512}$", "pack", true),
        (r"^(?!\s)(?![\s\S]*\s$)(?![\s\S]*\.\.)[^\p{Cc}\p{Cs}/\\]{1,512}$", "a..b", false),
        (r"^(?!\s)(?![\s\S]*\s$)(?![\s\S]*\.\.)[^\p{Cc}\p{Cs}/\\]{1,512}$", "trailing ", false),
        (r"^(?!\s)(?![\s\S]*\s$)[^\p{Cs}]{1,64}$", "😀 ok", true),
        // "Nothing follows" lookahead.
        (r"^(?:[1-9][0-9]*[hd]|(?:[6-9][0-9]|[1-9][0-9]{2,})m)(?![\s\S])", "90m", true),
        (r"^(?:[1-9][0-9]*[hd]|(?:[6-9][0-9]|[1-9][0-9]{2,})m)(?![\s\S])", "90mx", false),
        // ECMAScript classes are ASCII; `[` inside a class is a literal.
        (r"^\d+$", "١٢٣", false),
        (r"^\d+$", "123", true),
        (r"^[^.[\]]+$", "plain", true),
        (r"^[^.[\]]+$", "a[0]", false),
        // `.` stops at every line terminator; `\z` is an identity escape for "z".
        (r"^a.b$", "a\rb", false),
        (r"^\z$", "z", true),
        (r"^a{$", "a{", true),
    ];
    for (source, input, expected) in cases {
        let p = Pattern::new(source);
        assert_eq!(p.failure(), None, "{source} should translate");
        assert_eq!(p.is_match(input), *expected, "{source} on {input:?}");
    }
}

#[test]
fn untranslatable_patterns_match_everything_and_are_reported() {
    for source in [r"(a)\1", r"(?<=a)b", r"^(a(?!b))", r"a(?!b)"] {
        let p = Pattern::new(source);
        assert!(p.failure().is_some(), "{source} should be reported");
        assert!(p.is_match("anything"), "{source} should not reject");
    }
    let s = schema(json!({"type": "string", "pattern": r"(a)\1"}));
    assert_eq!(s.unsupported_patterns().len(), 1);
    assert!(s.validate(&json!("zzz")).is_empty());
}

#[test]
fn lookahead_translation_keeps_the_prefix() {
    let plan = translate(r"^https?:\/\/(?![^/?#]*@)").unwrap();
    assert_eq!(plan.main, "^https?://");
    assert_eq!(plan.forbidden, vec!["^https?://(?:[^/?#]*@)".to_owned()]);
    assert!(plan.required.is_empty());
}

#[test]
fn every_builtin_pattern_compiles() {
    assert_eq!(Schema::builtin().unsupported_patterns(), Vec::<String>::new());
}

#[test]
fn integers_follow_draft_07() {
    let s = schema(json!({"type": "integer"}));
    assert!(s.validate(&json!(1.0)).is_empty(), "1.0 is an integer");
    assert!(s.validate(&json!(u64::MAX)).is_empty());
    assert_eq!(problems(&s, json!(1.5)), one("<root>", "expected integer, found 1.5"));
    assert_eq!(problems(&s, json!("1")), one("<root>", "expected integer, found string \"1\""));
    let n = schema(json!({"type": "number"}));
    assert!(n.validate(&json!(1.5)).is_empty());
}

#[test]
fn const_and_enum_compare_numbers_by_value() {
    let s = schema(json!({"enum": [1, "a", {"x": [1]}]}));
    assert!(s.validate(&json!(1.0)).is_empty());
    assert!(s.validate(&json!({"x": [1.0]})).is_empty());
    assert_eq!(problems(&s, json!(2)), one("<root>", "expected one of 1, \"a\", an object, found 2"));
}

#[test]
fn bounds_messages() {
    let s = schema(json!({
        "type": "object",
        "properties": {
            "port": {"type": "integer", "minimum": 1, "maximum": 65535},
            "ttl": {"type": "number", "exclusiveMinimum": 0},
            "name": {"type": "string", "minLength": 1, "maxLength": 3},
            "tags": {"type": "array", "maxItems": 2, "minItems": 1},
            "step": {"type": "number", "multipleOf": 0.5}
        }
    }));
    let got = problems(&s, json!({"port": 0, "ttl": 0, "name": "", "tags": [1, 2, 3], "step": 0.7}));
    assert_eq!(
        got,
        vec![
            ("port".to_owned(), "must be >= 1, found 0".to_owned()),
            ("ttl".to_owned(), "must be > 0, found 0".to_owned()),
            ("name".to_owned(), "must be at least 1 character long, found \"\"".to_owned()),
            ("tags".to_owned(), "expected at most 2 items, found 3".to_owned()),
            ("step".to_owned(), "must be a multiple of 0.5, found 0.7".to_owned()),
        ]
    );
    assert_eq!(
        problems(&s, json!({"name": "abcd", "tags": [], "port": 70000})),
        vec![
            ("name".to_owned(), "must be at most 3 characters long, found 4 characters".to_owned()),
            ("tags".to_owned(), "expected at least 1 item, found 0".to_owned()),
            ("port".to_owned(), "must be <= 65535, found 70000".to_owned()),
        ]
    );
}

#[test]
fn unknown_keys_suggest_and_do_not_cascade() {
    let s = schema(json!({
        "type": "object",
        "properties": {"bind": {"type": "string"}, "port": {"type": "integer"}, "allowFrom": {"type": "array"}},
        "additionalProperties": false
    }));
    assert_eq!(
        problems(&s, json!({"bnd": {"deep": {"wrong": 1}}})),
        one("bnd", "unknown key \"bnd\" (did you mean \"bind\"?)")
    );
    assert_eq!(
        problems(&s, json!({"allow_from": []})),
        one("allow_from", "unknown key \"allow_from\" (did you mean \"allowFrom\"?)")
    );
    assert_eq!(problems(&s, json!({"PORT": 1})), one("PORT", "unknown key \"PORT\" (did you mean \"port\"?)"));
    assert_eq!(
        problems(&s, json!({"zzzzzz": 1})),
        one("zzzzzz", "unknown key \"zzzzzz\" (allowed: \"allowFrom\", \"bind\", \"port\")")
    );
}

#[test]
fn suggestions_need_a_close_match() {
    let keys = ["bind", "port", "auth", "controlUi", "trustedProxies"];
    assert_eq!(did_you_mean("bnd", &keys), Some("bind"));
    assert_eq!(did_you_mean("prot", &keys), Some("port"));
    assert_eq!(did_you_mean("controlUI", &keys), Some("controlUi"));
    assert_eq!(did_you_mean("trustedProxy", &keys), Some("trustedProxies"));
    assert_eq!(did_you_mean("xyz", &keys), None);
    assert_eq!(did_you_mean("authentication", &keys), None);
}

#[test]
fn any_of_consts_is_an_enum() {
    let s = schema(json!({"anyOf": [{"type": "string", "const": "loopback"}, {"type": "string", "const": "lan"}]}));
    assert_eq!(problems(&s, json!("public")), one("<root>", "expected one of \"loopback\", \"lan\", found \"public\""));
    assert_eq!(problems(&s, json!(3)), one("<root>", "expected one of \"loopback\", \"lan\", found 3"));
}

#[test]
fn unions_report_the_branch_that_fits_or_summarize() {
    let s = schema(json!({
        "anyOf": [
            {"type": "boolean"},
            {"type": "string", "const": "auto"},
            {"type": "object", "properties": {"enabled": {"type": "boolean"}}, "additionalProperties": false}
        ]
    }));
    assert!(s.validate(&json!(true)).is_empty());
    assert!(s.validate(&json!({"enabled": false})).is_empty());
    assert_eq!(
        problems(&s, json!({"enabld": true})),
        one("enabld", "unknown key \"enabld\" (did you mean \"enabled\"?)")
    );
    assert_eq!(problems(&s, json!("yes")), one("<root>", "expected boolean, \"auto\" or object, found string \"yes\""));
    assert_eq!(problems(&s, json!(5)), one("<root>", "expected boolean, \"auto\" or object, found number 5"));
}

#[test]
fn several_object_branches_pick_the_discriminated_one() {
    let branch = |source: &str, id_pattern: &str| {
        json!({
            "type": "object",
            "properties": {"source": {"type": "string", "const": source}, "id": {"type": "string", "pattern": id_pattern}},
            "additionalProperties": false
        })
    };
    let s = schema(json!({"oneOf": [branch("env", "^[A-Z_]+$"), branch("file", "^/"), branch("exec", ".")]}));
    assert_eq!(
        problems(&s, json!({"source": "file", "id": "relative"})),
        one("id", "must match pattern ^/, found \"relative\"")
    );
    // Matching several branches is fine: zod unions are first-match.
    let overlapping = schema(json!({"oneOf": [{"type": "string"}, {"type": "string", "minLength": 1}]}));
    assert!(overlapping.validate(&json!("x")).is_empty());
}

#[test]
fn required_is_honoured_by_compile_and_only_by_the_overlay_in_the_reference() {
    let doc = json!({
        "type": "object",
        "properties": {
            "zod": {"type": "object", "required": ["defaulted"]},
            "ours": {"type": "object", "x-openclaw-required": ["id"]},
            "cond": {"type": "object", "not": {"required": ["a", "b"]}}
        }
    });
    let value = json!({"zod": {}, "ours": {}, "cond": {"a": 1, "b": 2}});
    let reference = Schema::compile_with(&doc, RequiredMode::ReferenceDefaults).unwrap();
    assert_eq!(
        problems(&reference, value.clone()),
        vec![
            ("ours".to_owned(), "missing required key \"id\"".to_owned()),
            ("cond".to_owned(), "these settings cannot be combined this way: \"a\", \"b\"".to_owned()),
        ]
    );
    let standard = schema(doc);
    assert_eq!(problems(&standard, value).len(), 3);
}

#[test]
fn refs_resolve_against_the_embedding_schema_and_may_recurse() {
    let s = schema(json!({
        "type": "object",
        "properties": {
            "plugin": {
                "$defs": {"secret": {"type": "string", "minLength": 2}},
                "type": "object",
                "properties": {"password": {"$ref": "#/$defs/secret"}}
            },
            "tree": {"$ref": "#/definitions/node"}
        },
        "definitions": {
            "node": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/definitions/node"}}, "v": {"type": "integer"}}}
        }
    }));
    assert_eq!(
        problems(&s, json!({"plugin": {"password": "x"}, "tree": {"kids": [{"kids": [{"v": "no"}]}]}})),
        vec![
            ("plugin.password".to_owned(), "must be at least 2 characters long, found \"x\"".to_owned()),
            ("tree.kids[0].kids[0].v".to_owned(), "expected integer, found string \"no\"".to_owned()),
        ]
    );
    assert!(s.path_exists(&path("tree.kids[3].kids[1].v")));
}

#[test]
fn arrays_tuples_uniqueness_and_contains() {
    let s = schema(json!({
        "type": "object",
        "properties": {
            "range": {"type": "array", "items": [{"type": "number"}, {"type": "number"}], "additionalItems": false},
            "set": {"type": "array", "uniqueItems": true},
            "has": {"type": "array", "contains": {"const": "x"}}
        }
    }));
    assert_eq!(
        problems(&s, json!({"range": [1, "2", 3], "set": [1, 2, 1.0], "has": ["y"]})),
        vec![
            ("range[1]".to_owned(), "expected number, found string \"2\"".to_owned()),
            ("range".to_owned(), "expected at most 2 items, found 3".to_owned()),
            ("set".to_owned(), "items must be unique: [2] repeats [0]".to_owned()),
            ("has".to_owned(), "expected at least one item matching the required shape".to_owned()),
        ]
    );
}

#[test]
fn maps_check_key_names_and_counts() {
    let s = schema(json!({
        "type": "object",
        "propertyNames": {"type": "string", "pattern": "^[a-z]+$"},
        "additionalProperties": {"type": "boolean"},
        "maxProperties": 2
    }));
    assert_eq!(
        problems(&s, json!({"ok": true, "Bad Id": true, "no": 1})),
        vec![
            (
                "[\"Bad Id\"]".to_owned(),
                "invalid key \"Bad Id\": must match pattern ^[a-z]+$, found \"Bad Id\"".to_owned()
            ),
            ("no".to_owned(), "expected boolean, found number 1".to_owned()),
            ("<root>".to_owned(), "expected at most 2 keys, found 3".to_owned()),
        ]
    );
}

#[test]
fn conditionals_and_formats() {
    let s = schema(json!({
        "type": "object",
        "properties": {"url": {"type": "string", "format": "uri"}, "vault": {"type": "string"}, "items": {"type": "object"}},
        "allOf": [{"if": {"required": ["vault"]}, "then": {"required": ["items"]}}]
    }));
    assert!(s.validate(&json!({"url": "https://example.com", "vault": "v", "items": {}})).is_empty());
    assert_eq!(
        problems(&s, json!({"url": "example dot com", "vault": "v"})),
        vec![
            ("url".to_owned(), "expected a URL with a scheme (like https://…), found \"example dot com\"".to_owned()),
            ("<root>".to_owned(), "missing required key \"items\"".to_owned()),
        ]
    );
}

#[test]
fn compile_rejects_malformed_schemas() {
    for (doc, needle) in [
        (json!({"type": "strnig"}), "#/type"),
        (json!({"properties": {"a": {"pattern": 5}}}), "#/properties/a/pattern"),
        (json!({"$ref": "#/definitions/missing"}), "not found"),
        (json!({"$ref": "https://example.com/schema.json"}), "only local"),
        (json!({"anyOf": []}), "#/anyOf"),
        (json!({"exclusiveMinimum": true}), "#/exclusiveMinimum"),
        (json!(5), "must be an object or a boolean"),
    ] {
        let err = Schema::compile(&doc).unwrap_err();
        assert!(err.contains(needle), "{doc}: {err}");
    }
}

#[test]
fn known_keys_and_path_exists_follow_unions_and_maps() {
    let s = schema(json!({
        "type": "object",
        "properties": {
            "mode": {"anyOf": [{"type": "boolean"}, {"type": "object", "properties": {"on": {"type": "boolean"}}, "additionalProperties": false}]},
            "open": {"type": "object"},
            "ids": {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}, "additionalProperties": {"type": "object", "properties": {"x": {}}}},
            "list": {"type": "array", "maxItems": 2, "items": {"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": false}},
            "leaf": {"type": "string"}
        },
        "additionalProperties": false
    }));
    assert_eq!(s.known_keys(&KeyPath::root()).unwrap(), vec!["ids", "leaf", "list", "mode", "open"]);
    assert_eq!(s.known_keys(&path("mode")).unwrap(), vec!["on"]);
    assert_eq!(s.known_keys(&path("ids.abc")).unwrap(), vec!["x"]);
    assert_eq!(s.known_keys(&path("open.anything")), Some(vec![]));
    assert!(s.path_exists(&path("mode.on")));
    assert!(s.path_exists(&path("open.a.b.c")));
    assert!(s.path_exists(&path("list[1].id")));
    assert!(!s.path_exists(&path("list[2].id")), "beyond maxItems");
    assert!(!s.path_exists(&path("list[0].nope")));
    assert!(!s.path_exists(&path("ids.ABC")), "key fails propertyNames");
    assert!(!s.path_exists(&path("leaf.x")), "a string has no keys");
    assert!(!s.path_exists(&path("nope")));
    assert!(s.can_be_object(&path("mode")));
    assert!(!s.can_be_object(&path("leaf")));
}

#[test]
fn broken_builtin_fails_closed() {
    let s = Schema::broken("boom".to_owned());
    let issues = s.validate(&json!({}));
    assert_eq!(issues.len(), 1);
    assert!(issues[0].message.contains("boom"));
}

#[test]
fn a_piece_that_does_not_compile_fails_closed_when_reached() {
    static PIECES: [(&str, &str); 3] = [
        ("", r#"{"type": "object", "properties": {"good": {"x-openclaw-piece": 1}, "bad": {"x-openclaw-piece": 2}}}"#),
        ("/properties/good", r#"{"type": "integer"}"#),
        ("/properties/bad", r#"{"type": "strnig"}"#),
    ];
    let s = Schema::from_pieces(&PIECES);
    assert_eq!(problems(&s, json!({"good": "x"})), one("good", "expected integer, found string \"x\""));
    let unusable = one("<root>", "built-in config schema is unusable: #/type: unknown type (in #/properties/bad)");
    assert_eq!(problems(&s, json!({"good": "x", "bad": "y"})), unusable);
    assert_eq!(problems(&s, json!({"bad": {}})), unusable);
    // Lookups treat it as taking anything, as a broken schema's root does; setting it then fails.
    assert!(s.path_exists(&path("bad.x")));
    static BROKEN_ROOT: [(&str, &str); 1] = [("", "{")];
    let issues = problems(&Schema::from_pieces(&BROKEN_ROOT), json!({}));
    assert_eq!(issues.len(), 1);
    assert!(issues[0].1.starts_with("built-in config schema is unusable: not valid JSON"), "{issues:?}");
}

#[test]
fn the_built_pieces_join_into_the_overlaid_reference() {
    let text = include_str!("../../schema/reference-config.schema.json");
    let mut expected: Value = serde_json::from_str(text).unwrap();
    overlay::apply(&mut expected).unwrap();
    // As text, so key order counts too.
    assert_eq!(serde_json::to_string(Schema::builtin_json()).unwrap(), serde_json::to_string(&expected).unwrap());
}

#[test]
fn every_builtin_piece_compiles() {
    let schema = Schema::builtin();
    let failures: Vec<&str> = (0..builtin::PIECES.len()).filter_map(|n| schema.piece(n).err()).collect();
    assert_eq!(failures, Vec::<&str>::new());
    assert!(builtin::PIECES.len() > 100, "the schema should be cut into many pieces");
}

/// The built-in schema compiled lazily piece by piece answers exactly as the whole document
/// compiled at once: for every path the schema describes (to a depth), each kind of value placed
/// there gets the same problems, and key lookups agree.
#[test]
fn pieces_change_no_answer() {
    let whole = Schema::compile_with(Schema::builtin_json(), RequiredMode::ReferenceDefaults).unwrap();
    let lazy = Schema::builtin();
    let probes = [json!(1.5), json!(0), json!("zz"), json!({}), json!({"zzz": 1}), json!([{"zzz": 1}]), json!(null)];
    let mut paths = vec![KeyPath::root()];
    let mut seen = 0;
    while let Some(at) = paths.pop() {
        seen += 1;
        assert_eq!(lazy.known_keys(&at), whole.known_keys(&at), "known_keys({at})");
        assert_eq!(lazy.can_be_object(&at), whole.can_be_object(&at), "can_be_object({at})");
        for probe in &probes {
            let config = placed(&at, probe.clone());
            assert_eq!(problems(lazy, config.clone()), problems(&whole, config), "{probe} at {at}");
        }
        if at.segments().len() >= 12 {
            continue;
        }
        let mut next: Vec<KeyPath> = whole.known_keys(&at).unwrap_or_default().iter().map(|k| at.key(k)).collect();
        // Map entries and array items have no property name of their own; skip those that take
        // anything.
        let described = |p: &KeyPath| {
            whole.path_exists(p) && (whole.known_keys(p).is_some_and(|k| !k.is_empty()) || !whole.can_be_object(p))
        };
        next.extend([at.key("probe-id"), at.index(0)].into_iter().filter(described));
        for p in next {
            assert_eq!(lazy.path_exists(&p), whole.path_exists(&p), "path_exists({p})");
            paths.push(p);
        }
    }
    assert!(seen > 8000, "only {seen} paths visited");
}

/// `value` at `path` in an otherwise empty config.
fn placed(path: &KeyPath, value: Value) -> Value {
    path.segments().iter().rev().fold(value, |inner, seg| match seg {
        PathSeg::Key(k) => json!({ k.as_str(): inner }),
        PathSeg::Index(i) => Value::Array(std::iter::repeat_n(inner, i + 1).collect()),
    })
}

#[test]
fn splitting_cuts_large_self_contained_subschemas() {
    // Bulk no cut can split: `enum` holds data.
    let filler = |n: usize| json!({"type": "string", "enum": ["x".repeat(n)]});
    let section = json!({
        "type": "object",
        "properties": {
            "small": filler(10),
            "large": {"type": "object", "properties": {"inner": filler(400)}, "enum": [{"pad": "y".repeat(400)}]},
            "thin": {"type": "object", "properties": {"inner": filler(400)}},
            "plugin": {
                "$defs": {"secret": filler(300)},
                "type": "object",
                "properties": {"password": {"$ref": "#/$defs/secret"}, "token": {"$ref": "#/$defs/secret"}}
            },
            "named": {"anyOf": [{"type": "string"}, {"type": "object", "properties": {"text": filler(400)}}]},
            "never": {"not": {"type": "object", "properties": {"text": filler(400)}}}
        },
        "definitions": {"shared": {"type": "object", "properties": {"text": filler(400)}}}
    });
    let document = json!({"type": "object", "properties": {"section": section, "tiny": filler(1)}});
    let pieces = split::split(document.clone(), 300).unwrap();
    let pointers: Vec<&str> = pieces.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        vec![
            "",
            "/properties/section/properties/large/properties/inner",
            "/properties/section/properties/large",
            "/properties/section/properties/thin/properties/inner",
            "/properties/section/properties/plugin",
            "/properties/section/properties/named/anyOf/1/properties/text",
            "/properties/section/properties/never",
            // Right under the root, whatever the size.
            "/properties/section",
            "/properties/tiny",
        ]
    );
    assert_eq!(
        pieces[0].schema,
        json!({"type": "object", "properties": {"section": {"x-openclaw-piece": 7}, "tiny": {"x-openclaw-piece": 8}}})
    );
    assert_eq!(pieces[2].schema["properties"]["inner"], json!({"x-openclaw-piece": 1}));
    assert_eq!(pieces[7].schema["properties"]["thin"]["properties"]["inner"], json!({"x-openclaw-piece": 3}));
    // Whole, with nothing cut out under `not`.
    assert_eq!(pieces[6].schema, document["properties"]["section"]["properties"]["never"]);
}

#[test]
fn splitting_keeps_subschemas_whole_that_refs_lead_into_or_out_of() {
    let document = json!({
        "type": "object",
        "properties": {
            "big": {"type": "object", "properties": {"text": {"type": "string", "enum": ["x".repeat(400)]}}},
            "alias": {"$ref": "#/properties/big/properties/text"}
        }
    });
    // `big` has a ref from outside pointing in; `alias` a ref that leads out of it.
    let pointers: Vec<String> = split::split(document, 300).unwrap().into_iter().map(|p| p.pointer).collect();
    assert_eq!(pointers, vec![String::new()]);
    let dangling = json!({"properties": {"a": {"$ref": "#/$defs/nope"}}});
    assert!(split::split(dangling, 300).unwrap_err().contains("not found"));
}
