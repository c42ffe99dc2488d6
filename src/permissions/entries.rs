//! The list and its entries: what the token form reads from `[{"key": ..., "type": ...}]`,
//! and the mistakes docs make in it, each named.

use super::reader::{Reader, Stop};
use super::*;

impl Reader<'_> {
    pub(super) fn object(&mut self, out: &mut PermissionList) -> Result<(), Stop> {
        let open = self.pos;
        self.pos += 1;
        // The entry read so far lives in `self.partial` from its first field on, so that a
        // list cut short (JSON that code continues) keeps it.
        loop {
            self.skip_ws();
            let has_field = self
                .partial
                .as_ref()
                .is_some_and(|p| p.key.is_some() || p.ty.is_some());
            match self.peek() {
                None => return Err(self.ended("`}`")),
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                Some(b',') if has_field => {
                    self.pos += 1;
                    continue;
                }
                Some(b'"') => {}
                Some(b'\'') => {
                    return Err(self.stop(
                        self.pos..self.pos + 1,
                        "JSON strings need double quotes, not single quotes",
                        Some("write \"key\" and \"type\" with double quotes (%22 when encoded)"),
                    ));
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    return Err(self.stop(
                        self.pos..self.pos + 1,
                        "JSON field names need double quotes",
                        Some("write {\"key\": \"...\", \"type\": \"...\"}"),
                    ));
                }
                Some(_) if self.eat_ellipsis() => {
                    out.elided = true;
                    continue;
                }
                Some(b'$') if self.token().is_some() => {
                    out.elided = true;
                    continue;
                }
                Some(_) => return Err(self.unexpected("a field name or `}`")),
            }
            self.set_partial_span(open);
            let name = self.string()?;
            self.skip_ws();
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.ended("`:`")),
                Some(_) => return Err(self.unexpected("`:`")),
            }
            self.skip_ws();
            let value_start = self.pos;
            let value = if self.peek() == Some(b'"') {
                Some(self.string()?)
            } else if let Some(token) = self.token() {
                Some(token)
            } else {
                self.any_value(1)?;
                None
            };
            let value_span = self.span(value_start..self.pos);
            let entry = self.partial.as_mut().expect("set before the field");
            match (name.value.as_str(), value) {
                ("key" | "type", None) => out.problems.push(Problem {
                    span: value_span,
                    message: format!("`{}` must be a JSON string", name.value),
                    help: None,
                }),
                ("key", Some(v)) if entry.key.is_none() => entry.key = Some(v),
                ("type", Some(v)) if entry.ty.is_none() => entry.ty = Some(v),
                _ if name.is_placeholder() => out.elided = true,
                ("key" | "type", Some(_)) => out.problems.push(Problem {
                    span: name.span.clone(),
                    message: format!("`{}` appears twice in one entry", name.value),
                    help: Some("keep one".into()),
                }),
                (other, _) => out.problems.push(Problem {
                    span: name.span.clone(),
                    message: format!(
                        "entry has a field `{}` that the token form ignores: an entry is {{\"key\", \"type\"}} only",
                        crate::text::printable(other)
                    ),
                    help: Some(match other {
                        "access" | "level" | "permission" => "put the access level in `type` (read, edit, ...) and remove this field".to_string(),
                        "scope" | "resource" | "resources" => "scope is set by the URL's accountId/zoneId (user tokens) or in the form (account tokens); remove this field".to_string(),
                        _ => "remove this field".to_string(),
                    }),
                }),
            }
            self.set_partial_span(open);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {}
                None => return Err(self.ended("`}`")),
                Some(_) => return Err(self.unexpected("`,` or `}`")),
            }
        }
        let span = self.span(open..self.pos);
        let (key, ty) = self
            .partial
            .take()
            .map_or((None, None), |entry| (entry.key, entry.ty));
        let missing = match (&key, &ty) {
            (None, None) => Some("has no `key` and no `type`"),
            (None, Some(_)) => Some("has no `key`"),
            (Some(_), None) => Some("has no `type`"),
            _ => None,
        };
        if let Some(what) = missing {
            out.problems.push(Problem {
                span: span.clone(),
                message: format!("a permission entry {what}: the form skips it"),
                help: Some("each entry is {\"key\": \"dns\", \"type\": \"edit\"}".into()),
            });
        }
        out.entries.push(Permission { key, ty, span });
        Ok(())
    }

    /// The entry being read now reaches `pos` (it starts to exist at its first field).
    fn set_partial_span(&mut self, open: usize) {
        let span = self.span(open..self.pos);
        self.partial
            .get_or_insert(Permission {
                key: None,
                ty: None,
                span: 0..0,
            })
            .span = span;
    }

    pub(super) fn list(&mut self, out: &mut PermissionList) -> Result<(), Stop> {
        self.skip_ws();
        match self.peek() {
            Some(b'[') => self.pos += 1,
            Some(b'{') => {
                return Err(self.stop(self.pos..self.pos + 1, "permissionGroupKeys must be a JSON array: the object needs to be wrapped in [ ]", Some("write [{\"key\": ..., \"type\": ...}] (%5B ... %5D when encoded)")));
            }
            None => return Err(self.ended("`[`")),
            Some(c) if c.is_ascii_alphanumeric() => return Err(self.not_json()),
            Some(_) => return Err(self.unexpected("`[` (permissionGroupKeys is a JSON array)")),
        }
        let mut after_comma = false;
        loop {
            self.skip_ws();
            match self.peek() {
                None => return Err(self.ended("`]`")),
                Some(b']') => {
                    if after_comma {
                        return Err(self.stop(
                            self.pos - 1..self.pos,
                            "trailing comma before `]`: JSON does not allow it",
                            Some("remove the last comma"),
                        ));
                    }
                    self.pos += 1;
                    break;
                }
                Some(b'{') => self.object(out)?,
                Some(_) if self.eat_ellipsis() => out.elided = true,
                Some(b'$') if self.token().is_some() => out.elided = true,
                Some(_) => {
                    let start = self.pos;
                    let string = if self.peek() == Some(b'"') {
                        Some(self.string()?)
                    } else {
                        self.any_value(1)?;
                        None
                    };
                    if string.as_ref().is_some_and(JsonStr::is_placeholder) {
                        out.elided = true;
                        continue;
                    }
                    let help = string.map(|s| {
                        let object = as_objects(&s.value).map(|list| {
                            list.trim_start_matches('[')
                                .trim_end_matches(']')
                                .to_string()
                        });
                        format!(
                            "write the entry as an object: {}",
                            object.unwrap_or_else(|| format!(
                                "{{\"key\": \"{}\", \"type\": \"read\"}}",
                                crate::text::printable(&s.value)
                            ))
                        )
                    });
                    out.problems.push(Problem {
                        span: self.span(start..self.pos),
                        message: "each entry of permissionGroupKeys must be an object {\"key\": ..., \"type\": ...}, not a string: the form skips it".into(),
                        help,
                    });
                }
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    after_comma = true;
                }
                Some(b']') => after_comma = false,
                None => return Err(self.ended("`]`")),
                Some(_) => return Err(self.unexpected("`,` or `]`")),
            }
        }
        self.skip_ws();
        if self.pos < self.text.len() {
            return Err(self.stop(
                self.pos..self.text.len(),
                "unexpected text after the closing `]` of the JSON",
                Some("check where the parameter ends: an unencoded `&` or `#`?"),
            ));
        }
        Ok(())
    }
}
