//! How JavaScript values enter Rust (wasm32 only): the one door of the `wasm` facade.
//!
//! A value from the page may run page code when it is read: a getter, a Proxy trap, an object
//! nested deep enough to exhaust the JS stack. If such code threw while Rust frames were on
//! the stack, the exception would unwind through them and leave the module broken (its stack
//! pointer and borrows never restored). So every read that can run page code goes through an
//! import declared `catch`: a JS exception comes back here as an `Err` value. Each argument is
//! copied into plain Rust data first (a `String`, bytes, or the JSON text of a plain object),
//! with its length checked before anything is copied; only then does engine work start.
//!
//! Accepted inside objects: plain objects (prototype `Object.prototype` of any realm, or
//! `null`), arrays, strings, finite numbers, booleans and `null`; members that are `undefined`
//! are left out, as `JSON.stringify` does. Refused with `invalid_input`: `Map`, `Set`, `Date`,
//! class instances, functions, Symbols, BigInt, non-finite numbers, nesting deeper than
//! [`MAX_DEPTH`] levels.

use crate::Error;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Deepest nesting of objects and arrays accepted (a claim needs 2).
pub const MAX_DEPTH: usize = 8;
/// Most keys of one object.
pub const MAX_KEYS: u32 = 1000;
/// Most elements of one array.
pub const MAX_ELEMENTS: u32 = 10_000;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn js_keys(v: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn js_is_array(v: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = getPrototypeOf)]
    fn js_prototype(v: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn js_get(v: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    /// True for typed arrays and DataViews (never for a Proxy); reads no property.
    #[wasm_bindgen(js_namespace = ArrayBuffer, js_name = isView)]
    fn js_is_view(v: &JsValue) -> bool;
    #[wasm_bindgen(js_name = Uint8Array)]
    type ByteCopy;
    /// A fresh copy of a typed array (throws for a detached buffer).
    #[wasm_bindgen(catch, constructor, js_class = "Uint8Array")]
    fn new(source: &JsValue) -> Result<ByteCopy, JsValue>;
}

/// Why a value was refused; `path` names where ("claim.diagnoses[2]").
#[derive(Debug)]
struct Refusal {
    path: Vec<String>,
    why: Why,
}

#[derive(Debug)]
enum Why {
    /// Reading it ran page code that threw.
    Threw,
    /// A value of a kind JSON has no place for, or an object that is not plain.
    Kind(&'static str, &'static str),
    /// NaN or ±Infinity.
    NotFinite,
    /// Nested deeper than `MAX_DEPTH`.
    TooDeep,
    /// More keys or elements than allowed.
    TooMany,
    /// A top-level key the argument does not have.
    UnknownKey,
    /// The copy would pass the byte budget.
    TooLong,
}

fn refuse<T>(why: Why) -> Result<T, Refusal> {
    Err(Refusal { path: Vec::new(), why })
}

/// Adds one path segment to an error travelling up.
fn within<T>(r: Result<T, Refusal>, seg: impl FnOnce() -> String) -> Result<T, Refusal> {
    r.map_err(|mut e| {
        e.path.push(seg());
        e
    })
}

fn threw<T>(r: Result<T, JsValue>) -> Result<T, Refusal> {
    r.or_else(|_| refuse(Why::Threw))
}

/// Writes `v` as JSON into `out`, within `max` bytes in all.
struct Copier {
    out: String,
    max: usize,
}

impl Copier {
    fn room(&self) -> usize {
        self.max.saturating_sub(self.out.len())
    }

    fn push(&mut self, s: &str) -> Result<(), Refusal> {
        if s.len() > self.room() {
            return refuse(Why::TooLong);
        }
        self.out.push_str(s);
        Ok(())
    }

    /// `depth`: how many objects and arrays enclose `v`.
    fn value(&mut self, v: &JsValue, depth: usize) -> Result<(), Refusal> {
        if v.is_null() || v.is_undefined() {
            return self.push("null");
        }
        if v.is_string() {
            let s = string_within(v, self.room()).ok_or(Refusal { path: Vec::new(), why: Why::TooLong })?;
            return self.push(&serde_json::Value::String(s).to_string());
        }
        if let Some(n) = v.as_f64() {
            return self.number(n);
        }
        if let Some(b) = v.as_bool() {
            return self.push(if b { "true" } else { "false" });
        }
        if v.is_function() {
            return refuse(Why::Kind("fungsi", "a function"));
        }
        if v.is_symbol() {
            return refuse(Why::Kind("Symbol", "a Symbol"));
        }
        if v.is_bigint() {
            return refuse(Why::Kind("BigInt", "a BigInt"));
        }
        if !v.is_object() {
            return refuse(Why::Kind("nilai lain", "another kind of value"));
        }
        if depth >= MAX_DEPTH {
            return refuse(Why::TooDeep);
        }
        if threw(js_is_array(v))? {
            return self.array(v, depth);
        }
        plain_object(v)?;
        self.object(v, depth, None)
    }

    fn number(&mut self, n: f64) -> Result<(), Refusal> {
        if !n.is_finite() {
            return refuse(Why::NotFinite);
        }
        // Whole numbers as integers, so `{ limit: 5 }` reads as a count.
        if n.fract() == 0.0 && n.abs() < 9.0e15 {
            return self.push(&(n as i64).to_string());
        }
        self.push(&serde_json::Number::from_f64(n).map_or_else(|| "null".to_string(), |x| x.to_string()))
    }

    fn array(&mut self, v: &JsValue, depth: usize) -> Result<(), Refusal> {
        let len = threw(js_get(v, &JsValue::from_str("length")))?.as_f64().unwrap_or(0.0);
        if !(0.0..=f64::from(MAX_ELEMENTS)).contains(&len) {
            return refuse(Why::TooMany);
        }
        self.push("[")?;
        for i in 0..len as u32 {
            if i > 0 {
                self.push(",")?;
            }
            let item = within(threw(js_get(v, &JsValue::from(i))), || format!("[{i}]"))?;
            within(self.value(&item, depth + 1), || format!("[{i}]"))?;
        }
        self.push("]")
    }

    /// Copies an object's own enumerable string keys; `known` refuses any other key.
    fn object(&mut self, v: &JsValue, depth: usize, known: Option<&[&str]>) -> Result<(), Refusal> {
        let keys = threw(js_keys(v))?;
        if keys.length() > MAX_KEYS {
            return refuse(Why::TooMany);
        }
        self.push("{")?;
        let mut first = true;
        for key in keys.iter() {
            let Some(name) = string_within(&key, self.room()) else { return refuse(Why::TooLong) };
            if known.is_some_and(|k| !k.contains(&name.as_str())) {
                return Err(Refusal { path: vec![name.chars().take(40).collect()], why: Why::UnknownKey });
            }
            let item = within(threw(js_get(v, &key)), || name.clone())?;
            if item.is_undefined() {
                continue;
            }
            if !first {
                self.push(",")?;
            }
            first = false;
            self.push(&serde_json::Value::String(name.clone()).to_string())?;
            self.push(":")?;
            within(self.value(&item, depth + 1), || name.clone())?;
        }
        self.push("}")
    }
}

/// A JS string as Rust text when its UTF-8 form fits in `max` bytes. The UTF-16 length is
/// checked first (every code unit is at least one byte), so a huge string is never copied.
fn string_within(v: &JsValue, max: usize) -> Option<String> {
    let units = v.dyn_ref::<js_sys::JsString>()?.length() as usize;
    if units > max {
        return None;
    }
    v.as_string().filter(|s| s.len() <= max)
}

/// Plain objects only: the prototype is `null` or an object whose prototype is `null`
/// (`Object.prototype` of this or another realm). Names the kind of what is refused.
fn plain_object(v: &JsValue) -> Result<(), Refusal> {
    let proto = threw(js_prototype(v))?;
    if proto.is_null() || threw(js_prototype(&proto))?.is_null() {
        return Ok(());
    }
    // `instanceof` in the generated glue swallows exceptions (it answers false).
    if v.is_instance_of::<js_sys::Map>() {
        return refuse(Why::Kind("Map", "a Map"));
    }
    if v.is_instance_of::<js_sys::Set>() {
        return refuse(Why::Kind("Set", "a Set"));
    }
    if v.is_instance_of::<js_sys::Date>() {
        return refuse(Why::Kind("Date", "a Date"));
    }
    refuse(Why::Kind("objek kelas", "a class instance"))
}

fn refusal_error(field: &'static str, max: usize, r: Refusal) -> Error {
    let mut path = String::from(field);
    for seg in r.path.iter().rev() {
        if !seg.starts_with('[') {
            path.push('.');
        }
        path.push_str(seg);
    }
    let detail = match r.why {
        Why::TooLong => return Error::InputTooLong { field, max_bytes: max },
        Why::Threw => format!(
            "membaca {path} menimbulkan galat JavaScript (getter atau Proxy) / reading {path} threw a JavaScript exception (a getter or Proxy)"
        ),
        Why::UnknownKey => {
            let key = r.path.first().map_or("", String::as_str);
            format!("kunci tidak dikenal / unknown key \"{key}\"")
        }
        Why::Kind(id, en) => format!(
            "{path}: harus objek biasa, larik, teks, angka, boolean atau null, bukan {id} / must be a plain object, array, string, number, boolean or null, not {en}"
        ),
        Why::NotFinite => format!("{path}: angka harus terhingga / the number must be finite"),
        Why::TooDeep => format!("{path}: bersarang lebih dari {MAX_DEPTH} tingkat / nested more than {MAX_DEPTH} levels deep"),
        Why::TooMany => format!(
            "{path}: lebih dari {MAX_KEYS} kunci atau {MAX_ELEMENTS} unsur / more than {MAX_KEYS} keys or {MAX_ELEMENTS} elements"
        ),
    };
    Error::InvalidInput { field, detail }
}

/// A string argument of at most `max` bytes (numbers, objects, null and undefined are
/// refused rather than coerced).
pub fn text(v: &JsValue, field: &'static str, max: usize) -> Result<String, Error> {
    if !v.is_string() {
        return Err(Error::InvalidInput { field, detail: "harus teks / must be a string".into() });
    }
    string_within(v, max).ok_or(Error::InputTooLong { field, max_bytes: max })
}

/// The JSON text of a plain object argument, at most `max` bytes, with only `known` keys at
/// its top level (a misspelled key is an error, not silently ignored).
pub fn object_json(v: &JsValue, field: &'static str, known: &[&str], max: usize) -> Result<String, Error> {
    let not_object = || Error::InvalidInput { field, detail: "harus objek / must be an object".into() };
    if !v.is_object() || v.is_function() {
        return Err(not_object());
    }
    let mut c = Copier { out: String::new(), max };
    let r = match js_is_array(v) {
        Ok(true) => return Err(not_object()),
        Ok(false) => plain_object(v).and_then(|()| c.object(v, 0, Some(known))),
        Err(_) => refuse(Why::Threw),
    };
    r.map_err(|e| refusal_error(field, max, e))?;
    Ok(c.out)
}

/// An optional object argument (`undefined` and `null` give `None`), parsed into `T`.
pub fn options<T: serde::de::DeserializeOwned>(
    v: Option<&JsValue>,
    field: &'static str,
    known: &[&str],
    max: usize,
) -> Result<Option<T>, Error> {
    let Some(v) = v.filter(|v| !v.is_undefined() && !v.is_null()) else { return Ok(None) };
    let json = object_json(v, field, known, max)?;
    let de = &mut serde_json::Deserializer::from_str(&json);
    serde_path_to_error::deserialize(de)
        .map(Some)
        .map_err(|e| Error::InvalidInput { field, detail: format!("{}: {}", e.path(), e.inner()) })
}

#[cfg(feature = "full")]
/// The bytes of a `Uint8Array` (or Node `Buffer`) or the UTF-8 of a string, at most `max`.
pub fn bytes(v: &JsValue, field: &'static str, max: usize) -> Result<Vec<u8>, Error> {
    if v.is_string() {
        return text(v, field, max).map(String::into_bytes);
    }
    let bad = || Error::InvalidInput {
        field,
        detail: "harus Uint8Array atau teks / must be a Uint8Array or a string".into(),
    };
    // `isView` is false for a Proxy; the copy reads the genuine array's own storage only.
    if !js_is_view(v) || !v.is_instance_of::<js_sys::Uint8Array>() {
        return Err(bad());
    }
    let copy: js_sys::Uint8Array = ByteCopy::new(v).map_err(|_| bad())?.unchecked_into();
    if copy.length() as usize > max {
        return Err(Error::InputTooLong { field, max_bytes: max });
    }
    Ok(copy.to_vec())
}
