//! Which rules run, and at what severity: each rule's default, or what the configuration says.

use std::collections::HashMap;

use super::descriptors;
use crate::diagnostic::Severity;

/// Severity per rule id; a missing entry means the rule's default, `None` means off.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Severities {
    overrides: HashMap<String, Option<Severity>>,
}

impl Severities {
    /// The severity `rule` reports at, or `None` when it is off.
    pub fn of(&self, rule: &str) -> Option<Severity> {
        match self.overrides.get(rule) {
            Some(level) => *level,
            None => descriptors()
                .find(|d| d.id == rule)
                .map(|d| d.default_severity),
        }
    }

    pub fn set(&mut self, rule: &str, level: Option<Severity>) {
        self.overrides.insert(rule.to_string(), level);
    }
}
