//! Form state shared by every form page: what the visitor typed (so a rejected form
//! keeps it) and a message per field, given as translation keys.

use std::collections::HashMap;

/// A submitted form as name/value pairs, in order (repeated names for checkboxes and
/// lists): what `axum::Form` gives for forms whose fields vary.
pub type Pairs = Vec<(String, String)>;

/// The first value of the field `name`, or `""` when it was not sent.
pub fn field<'a>(pairs: &'a Pairs, name: &str) -> &'a str {
    pairs.iter().find(|(key, _)| key == name).map_or("", |(_, value)| value.as_str())
}

/// The values and errors of one form, for re-rendering it.
#[derive(Clone, Debug, Default)]
pub struct FormState {
    values: HashMap<&'static str, String>,
    errors: Vec<(&'static str, &'static str)>,
}

impl FormState {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps `value` for the field `name` (never call this for passwords).
    pub fn keep(&mut self, name: &'static str, value: impl Into<String>) -> &mut Self {
        self.values.insert(name, value.into());
        self
    }

    /// Records the message `key` for `field`; the first message per field wins.
    pub fn fail(&mut self, field: &'static str, key: &'static str) -> &mut Self {
        if self.error(field).is_none() {
            self.errors.push((field, key));
        }
        self
    }

    /// What was typed into `name`.
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    /// Whether the field `name` holds exactly `option` (selected options, radio buttons).
    pub fn is(&self, name: &str, option: &str) -> bool {
        self.value(name) == option
    }

    /// Whether a checkbox or option `name` holds `option`, for comma-separated values.
    pub fn has(&self, name: &str, option: &str) -> bool {
        self.value(name).split(',').any(|v| v == option)
    }

    /// The message key for `field`, if it failed.
    pub fn error(&self, field: &str) -> Option<&'static str> {
        self.errors.iter().find(|(name, _)| *name == field).map(|(_, key)| *key)
    }

    /// Every failed field with its message key, in form order.
    pub fn errors(&self) -> &[(&'static str, &'static str)] {
        &self.errors
    }

    /// Whether anything failed.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// Trims a text field and limits it to `max` characters; `None` when too long.
pub fn clean_text(value: &str, max: usize) -> Option<String> {
    let value = value.trim();
    (value.chars().count() <= max).then(|| value.to_owned())
}
