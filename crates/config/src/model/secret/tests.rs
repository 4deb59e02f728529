//! Secrets: both spellings, and never shown by `Debug`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use super::{Secret, SecretRef, SecretSource, SecretsConfig};

#[test]
fn secrets_are_literal_or_references_and_never_printed() {
    let literal: Secret = serde_json::from_value(json!("hunter2-super-secret")).unwrap();
    assert_eq!(literal.literal(), Some("hunter2-super-secret"));
    assert!(!literal.is_ref());
    let shown = format!("{literal:?}");
    assert!(!shown.contains("hunter2"), "Debug leaked a secret: {shown}");

    let reference: Secret =
        serde_json::from_value(json!({"source": "exec", "provider": "vault", "id": "gw/token"})).unwrap();
    assert!(reference.is_ref());
    assert_eq!(reference.literal(), None);
    assert_eq!(
        reference.reference(),
        Some(&SecretRef { source: SecretSource::Exec, provider: Some("vault".to_owned()), id: "gw/token".to_owned() })
    );
    assert_eq!(
        serde_json::to_value(&reference).unwrap(),
        json!({"source": "exec", "provider": "vault", "id": "gw/token"})
    );

    let legacy: Secret = serde_json::from_value(json!({"source": "env", "id": "GW_TOKEN"})).unwrap();
    let secrets: SecretsConfig = serde_json::from_value(json!({"defaults": {"env": "shell"}})).unwrap();
    let legacy = legacy.reference().expect("reference");
    assert_eq!(legacy.provider_alias(Some(&secrets)), "shell");
    assert_eq!(legacy.provider_alias(None), "default");
    assert!(serde_json::from_value::<Secret>(json!({"source": "env"})).is_err(), "id is required");
}
