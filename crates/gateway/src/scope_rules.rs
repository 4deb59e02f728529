//! The scope-implication rule of `openclaw-policy`, handed to the device store so that
//! approvals and token checks never grant more than the policy would.

use openclaw_policy::gateway::methods::missing_scope;
use openclaw_store::ScopeRules;

/// `operator.admin` covers all operator scopes, `operator.write` covers `operator.read`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PolicyScopes;

impl ScopeRules for PolicyScopes {
    fn missing_scope(&self, role: &str, requested: &[String], granted: &[String]) -> Option<String> {
        missing_scope(role, requested, granted)
    }
}
