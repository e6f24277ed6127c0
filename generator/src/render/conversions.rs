//! Expressions that read a paging or error-code field as the runtime's `u64`/`i64`, written as
//! a person would for the field's type: no conversion where the types match, `From` where it
//! cannot fail, `try_from` where it can.

use crate::ir::{IntFormat, TypeRef};

/// The integer the runtime wants.
#[derive(Clone, Copy)]
pub enum Target {
    U64,
    I64,
}

/// An `Option<target>` expression for field `field` of `self`, of type `ty` (optional or not).
pub fn read_as(target: Target, ty: &TypeRef, field: &str, optional: bool) -> String {
    read_expr_as(target, ty, &format!("self.{field}"), optional)
}

/// An `Option<target>` expression for the value `x` of type `ty` (optional or not).
pub fn read_expr_as(target: Target, ty: &TypeRef, x: &str, optional: bool) -> String {
    let x = x.to_owned();
    match (target, ty) {
        (Target::U64, TypeRef::Number) => {
            let check =
                |v: &str| format!("({v} >= 0.0 && {v}.fract() == 0.0).then_some({v} as u64)");
            if optional {
                format!("{x}.and_then(|v| {})", check("v"))
            } else {
                check(&x)
            }
        }
        (Target::I64, TypeRef::Number) => {
            if optional {
                format!("{x}.map(|v| v as i64)")
            } else {
                format!("Some({x} as i64)")
            }
        }
        (target, TypeRef::Integer(format)) => match conversion(target, *format) {
            Conversion::Same if optional => x,
            Conversion::Same => format!("Some({x})"),
            Conversion::From(into) if optional => format!("{x}.map({into}::from)"),
            Conversion::From(into) => format!("Some({into}::from({x}))"),
            Conversion::TryFrom(into) if optional => {
                format!("{x}.and_then(|v| {into}::try_from(v).ok())")
            }
            Conversion::TryFrom(into) => format!("{into}::try_from({x}).ok()"),
        },
        _ => "None".to_owned(),
    }
}

/// An expression of type `ty` for the page number `page` (a `u64`): as is where the types
/// match, else converted, saturating at the type's largest value.
pub fn page_number_as(ty: &TypeRef, page: &str) -> String {
    match ty {
        TypeRef::Integer(IntFormat::U64) => page.to_owned(),
        TypeRef::Integer(f) => format!("{0}::try_from({page}).unwrap_or({0}::MAX)", f.rust()),
        _ => format!("{page} as f64"),
    }
}

enum Conversion {
    Same,
    From(&'static str),
    TryFrom(&'static str),
}

fn conversion(target: Target, format: IntFormat) -> Conversion {
    use IntFormat::*;
    match (target, format) {
        (Target::U64, U64) | (Target::I64, I64) => Conversion::Same,
        (Target::U64, U8 | U16 | U32) => Conversion::From("u64"),
        (Target::U64, I8 | I16 | I32 | I64) => Conversion::TryFrom("u64"),
        (Target::I64, I8 | I16 | I32 | U8 | U16 | U32) => Conversion::From("i64"),
        (Target::I64, U64) => Conversion::TryFrom("i64"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_types_need_no_conversion() {
        let i64_ty = TypeRef::Integer(IntFormat::I64);
        assert_eq!(
            read_as(Target::I64, &i64_ty, "code", false),
            "Some(self.code)"
        );
        assert_eq!(read_as(Target::I64, &i64_ty, "code", true), "self.code");
    }

    #[test]
    fn widening_uses_from_and_narrowing_try_from() {
        let u32_ty = TypeRef::Integer(IntFormat::U32);
        assert_eq!(
            read_as(Target::U64, &u32_ty, "page", true),
            "self.page.map(u64::from)"
        );
        let i64_ty = TypeRef::Integer(IntFormat::I64);
        assert_eq!(
            read_as(Target::U64, &i64_ty, "page", false),
            "u64::try_from(self.page).ok()"
        );
        assert_eq!(
            read_as(Target::U64, &i64_ty, "page", true),
            "self.page.and_then(|v| u64::try_from(v).ok())"
        );
    }

    #[test]
    fn page_numbers_saturate_into_narrower_types() {
        assert_eq!(
            page_number_as(&TypeRef::Integer(IntFormat::I64), "page"),
            "i64::try_from(page).unwrap_or(i64::MAX)"
        );
        assert_eq!(
            page_number_as(&TypeRef::Integer(IntFormat::U64), "page"),
            "page"
        );
    }

    #[test]
    fn numbers_count_only_when_whole_and_not_negative() {
        assert_eq!(
            read_as(Target::U64, &TypeRef::Number, "count", false),
            "(self.count >= 0.0 && self.count.fract() == 0.0).then_some(self.count as u64)"
        );
    }
}
