//! Members of a JSON object that its model has no field for.

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// The members of a JSON object that its model has no field for (fields added to the API after
/// this crate was generated, or left out of its spec), in the order they came.
///
/// Models that keep them have a public `extra` field of this type. Decoding fills it and
/// encoding writes it back after the typed fields, so a value read from the API and sent back
/// (an update) keeps what this version does not know. A typed field always wins: an entry named
/// like one of the model's fields is never written. `Debug` hides the values of entries whose
/// names look secret (`client_secret`, `api_token`, `password`, ...).
#[derive(Clone, Default, PartialEq)]
pub struct Extra(Vec<(String, Value)>);

impl Extra {
    /// No members.
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// The value of the member `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The value of the member `name`, to change it in place.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.0.iter_mut().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Sets the member `name`, in its place if it is there (returning the old value), last if
    /// it is not.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        let name = name.into();
        let value = value.into();
        match self.get_mut(&name) {
            Some(slot) => Some(std::mem::replace(slot, value)),
            None => {
                self.0.push((name, value));
                None
            }
        }
    }

    /// Removes the member `name`, keeping the others in order.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let at = self.0.iter().position(|(n, _)| n == name)?;
        Some(self.0.remove(at).1)
    }

    /// The members, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v))
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends a member read from the input, as it came (decoding never looks names up, so an
    /// object with many unknown members costs no more than their number).
    pub(crate) fn push(&mut self, name: String, value: Value) {
        self.0.push((name, value));
    }

    // @if slots
    /// The members, in order, to sort out once a union knows its kind.
    pub(crate) fn into_members(self) -> Vec<(String, Value)> {
        self.0
    }

    // @end
    /// Writes the members into a model's map, leaving out those named like its `typed` fields.
    pub(crate) fn write<M: SerializeMap>(
        &self,
        map: &mut M,
        typed: &[&str],
    ) -> Result<(), M::Error> {
        for (name, value) in &self.0 {
            if !typed.contains(&name.as_str()) {
                map.serialize_entry(name, value)?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in &self.0 {
            if !value.is_null() && crate::error::is_secret_field(name) {
                map.entry(name, &crate::de::Redacted);
            } else {
                map.entry(name, &crate::de::RedactedJson(value));
            }
        }
        map.finish()
    }
}

/// The members as a JSON object.
impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<N: Into<String>, V: Into<Value>> FromIterator<(N, V)> for Extra {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(members: I) -> Self {
        let mut extra = Self::new();
        extra.extend(members);
        extra
    }
}

/// Sets each member as [`Extra::insert`] does.
impl<N: Into<String>, V: Into<Value>> Extend<(N, V)> for Extra {
    fn extend<I: IntoIterator<Item = (N, V)>>(&mut self, members: I) {
        for (name, value) in members {
            self.insert(name, value);
        }
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a str, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a str, &'a Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(n, v)| (n.as_str(), v))
    }
}
