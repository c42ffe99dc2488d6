//! The command line's rule selection, as ruff has it: `--select` names the only rules that
//! run, `--extend-select` adds to them, `--ignore` removes; applied on top of every
//! configuration file. A rule the selection turns on that a configuration turned off runs at
//! its default severity; one the configuration set keeps its level.

use super::{descriptors, Severities};
use crate::text::edit_distance;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// `None`: the configuration's rules.
    select: Option<Vec<&'static str>>,
    extend_select: Vec<&'static str>,
    ignore: Vec<&'static str>,
}

impl Selection {
    /// Checks every id; an unknown one is an error that names the closest rule.
    pub fn new(
        select: Option<&[String]>,
        extend_select: &[String],
        ignore: &[String],
    ) -> Result<Selection, String> {
        let ids = |option: &str, list: &[String]| -> Result<Vec<&'static str>, String> {
            list.iter()
                .map(|id| known_id(id).ok_or_else(|| unknown_rule(option, id)))
                .collect()
        };
        Ok(Selection {
            select: select.map(|list| ids("--select", list)).transpose()?,
            extend_select: ids("--extend-select", extend_select)?,
            ignore: ids("--ignore", ignore)?,
        })
    }

    pub fn apply(&self, severities: &mut Severities) {
        for rule in descriptors() {
            let configured = severities.of(rule.id);
            let wanted = match &self.select {
                Some(select) => select.contains(&rule.id),
                None => configured.is_some(),
            } || self.extend_select.contains(&rule.id);
            if !wanted || self.ignore.contains(&rule.id) {
                severities.set(rule.id, None);
            } else if configured.is_none() {
                severities.set(rule.id, Some(rule.default_severity));
            }
        }
    }
}

fn known_id(id: &str) -> Option<&'static str> {
    descriptors()
        .map(|d| d.id)
        .find(|known| *known == id.trim())
}

/// The rule id closest to a mistyped one, when it is close enough to be what was meant.
pub fn closest_rule(id: &str) -> Option<&'static str> {
    descriptors()
        .map(|d| (edit_distance(d.id, id), d.id))
        .filter(|(distance, known)| *distance <= 2.max(known.len() / 4))
        .min()
        .map(|(_, known)| known)
}

fn unknown_rule(option: &str, id: &str) -> String {
    let hint = match closest_rule(id) {
        Some(near) => format!("; did you mean `{near}`?"),
        None => "; `cf-token-lint rules` lists them".to_string(),
    };
    format!(
        "{option}: unknown rule `{}`{hint}",
        crate::text::printable(id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn select_replaces_extend_adds_ignore_removes() {
        let mut severities = Severities::default();
        severities.set("missing-name", None);
        severities.set("over-broad", Some(Severity::Error));
        let selection = Selection::new(
            Some(&ids(&["over-broad", "unknown-key"])),
            &ids(&["missing-name"]),
            &ids(&["unknown-key"]),
        )
        .unwrap();
        selection.apply(&mut severities);
        assert_eq!(severities.of("over-broad"), Some(Severity::Error));
        assert_eq!(severities.of("unknown-key"), None);
        assert_eq!(
            severities.of("missing-name"),
            descriptors()
                .find(|d| d.id == "missing-name")
                .map(|d| d.default_severity)
        );
        assert_eq!(severities.of("bad-type"), None);
    }

    #[test]
    fn a_mistyped_rule_is_an_error_naming_the_closest() {
        let e = Selection::new(Some(&ids(&["unknwon-key"])), &[], &[]).unwrap_err();
        assert_eq!(
            e,
            "--select: unknown rule `unknwon-key`; did you mean `unknown-key`?"
        );
        let e = Selection::new(None, &[], &ids(&["E501"])).unwrap_err();
        assert_eq!(
            e,
            "--ignore: unknown rule `E501`; `cf-token-lint rules` lists them"
        );
    }
}
