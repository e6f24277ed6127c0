//! YAML text into the tree, reading integers of any size.
//!
//! `serde_yaml_ng` hands an integer past the 64-bit range to the visitor as an `i128`/`u128`,
//! which its own `Value` refuses, failing the whole file. Real specs carry such bounds
//! (`maximum: 18446744073709551616`); here they become floats, as JSON parsing makes them,
//! and the repairs clamp them where a typed keyword needs an integer.

use serde::de::{
    Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_yaml_ng::{Mapping, Value};

/// Parses one YAML document.
pub fn from_str(text: &str) -> Result<Value, serde_yaml_ng::Error> {
    serde_yaml_ng::from_str::<Lenient>(text).map(|l| l.0)
}

/// A [`Value`] whose visitor also takes 128-bit integers. Tags are dropped: the tree is
/// untagged anyway. Nesting is bounded by the YAML parser's own recursion limit.
struct Lenient(Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor).map(Lenient)
    }
}

struct LenientVisitor;

impl<'de> Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        // Past 64 bits a float is what JSON parsing gives too; the repairs say so.
        #[allow(clippy::cast_precision_loss)]
        Ok(Value::Number((i as f64).into()))
    }

    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        #[allow(clippy::cast_precision_loss)]
        Ok(Value::Number((u as f64).into()))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Lenient::deserialize(deserializer).map(|l| l.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(Lenient(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Mapping::new();
        while let Some(Lenient(key)) = map.next_key()? {
            if out.contains_key(&key) {
                let shown = match &key {
                    Value::String(s) => format!("with key {s:?}"),
                    Value::Number(n) => format!("with key {n}"),
                    Value::Bool(b) => format!("with key `{b}`"),
                    Value::Null => "with null key".to_owned(),
                    _ => "in YAML map".to_owned(),
                };
                return Err(serde::de::Error::custom(format!("duplicate entry {shown}")));
            }
            let Lenient(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Mapping(out))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!tag x`): keep the value, drop the tag.
        let (_tag, contents): (String, _) = data.variant()?;
        contents.newtype_variant::<Lenient>().map(|l| l.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_yaml_ng_value_reads_and_big_integers() {
        let text = "a: [1, -2, 3.5, true, ~, x, !t {k: v}]\nbig: 18446744073709551616\nsmall: -9223372036854776000\n";
        let v = from_str(text).unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"a":[1,-2,3.5,true,null,"x",{"k":"v"}],"big":1.8446744073709552e+19,"small":-9.223372036854776e+18}"#
        );
        let err = from_str("a: 1\na: 2\n").unwrap_err().to_string();
        assert!(err.contains("duplicate entry with key \"a\""), "{err}");
    }
}
