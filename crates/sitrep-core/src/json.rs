/*!
Compact JSON, byte for byte what `serde_json::to_writer` writes, into a `Vec<u8>`.

`sitrep extract` writes every event it finds; through `serde_json` that cost
about a seventh of coding a report, most of it in strings: each field name and
each value went through a byte-at-a-time escape loop and three writes (quote,
text, quote) to the output. Here a string is reserved for once, its runs of
bytes that need no escape are found eight bytes at a time (`plain_run`) and
copied whole, and a field name is written with its quotes and colon.

The text is `serde_json`'s: strings escaped as it escapes them (`"`, `\`, and
the control bytes below 0x20, as `\b \t \n \f \r` or `\u00XX` in lower-case
hex; every other byte, UTF-8 included, as it is), integers up to 64 bits in
plain decimal, floats written by `serde_json` itself (so they keep its shortest
round-trip form, and NaN and infinities are `null`), `null` for `None` and unit, enums as it writes them,
and map keys as it writes them (it is asked, for each key). The test
`writes_what_serde_json_writes` holds the two to the same bytes.
*/

use serde::ser::{self, Serialize};

/// Errors are `serde_json`'s (a `Serialize` impl that fails, a map key that is
/// no string).
pub type Error = serde_json::Error;

/// Append the compact JSON of `value` to `out`: the bytes `serde_json::to_writer`
/// writes.
pub fn to_writer<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(&mut Json { out })
}

/// The writer: the output buffer.
struct Json<'o> {
    out: &'o mut Vec<u8>,
}

/// The JSON escape of byte `b` when it needs one: the letter after the
/// backslash (`u` for `\u00XX`); 0 when the byte is written as it is.
const fn escape_of(b: u8) -> u8 {
    match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0A => b'n',
        0x0C => b'f',
        0x0D => b'r',
        0..=0x1F => b'u',
        _ => 0,
    }
}

/// [`escape_of`] of every byte.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = escape_of(b as u8);
        b += 1;
    }
    t
};

/// Eight copies of byte `b`.
const fn lanes(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// Whether none of the eight bytes of `w` needs an escape: none is a quote, a
/// backslash or below 0x20. (A byte with its high bit set, part of a UTF-8
/// char, never counts. Each test is exact for the word as a whole: a borrow
/// that could flag a wrong byte only starts at a byte that matches.)
fn all_plain(w: u64) -> bool {
    let high = lanes(0x80);
    let zero_in = |x: u64| x.wrapping_sub(lanes(0x01)) & !x & high;
    let below_space = w.wrapping_sub(lanes(0x20)) & !w & high;
    (below_space | zero_in(w ^ lanes(b'"')) | zero_in(w ^ lanes(b'\\'))) == 0
}

/// The word of the eight bytes of `c` (a chunk of eight).
fn word(c: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(c);
    u64::from_ne_bytes(w)
}

/// Whether some byte of `b` needs an escape: eight bytes at a time (the last
/// word read overlaps the one before), a string under eight bytes byte by byte.
fn needs_escape(b: &[u8]) -> bool {
    if b.len() < 8 {
        return b.iter().any(|&c| ESCAPE[usize::from(c)] != 0);
    }
    let mut chunks = b.chunks_exact(8);
    if !chunks.all(|c| all_plain(word(c))) {
        return true;
    }
    !b.len().is_multiple_of(8) && !all_plain(word(&b[b.len() - 8..]))
}

/// Append `s` as a JSON string, quotes included: copied whole when no byte
/// needs an escape (nearly every string sitrep writes).
fn write_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    if needs_escape(b) {
        return write_escaped(out, b);
    }
    out.reserve(b.len() + 2);
    out.push(b'"');
    out.extend_from_slice(b);
    out.push(b'"');
}

/// [`write_str`] of a string with bytes to escape: byte by byte, as
/// `serde_json` writes it.
#[cold]
#[inline(never)]
fn write_escaped(out: &mut Vec<u8>, b: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let e = ESCAPE[usize::from(c)];
        if e == 0 {
            continue;
        }
        out.extend_from_slice(&b[start..i]);
        start = i + 1;
        if e == b'u' {
            let hex = |n: u8| HEX[usize::from(n & 0xF)];
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex(c >> 4), hex(c)]);
        } else {
            out.extend_from_slice(&[b'\\', e]);
        }
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

/// Append the decimal digits of `v`.
fn write_u64(out: &mut Vec<u8>, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Append `v` in decimal, with its sign when below zero.
fn write_i64(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    write_u64(out, v.unsigned_abs());
}

impl<'o> Json<'o> {
    /// A float, a 128-bit integer or bytes: written by `serde_json`, so that
    /// its form is `serde_json`'s.
    fn by_serde_json<T: Serialize>(&mut self, v: T) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &v)
    }

    /// Open a compound value: `open` written, closed by `close` at its end.
    fn compound(&mut self, open: u8, close: &'static [u8]) -> Compound<'_> {
        self.out.push(open);
        Compound {
            json: Json { out: self.out },
            first: true,
            close,
        }
    }

    /// `{"variant":` — what opens a variant holding data.
    fn variant_key(&mut self, variant: &str) {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
    }
}

/// A sequence, tuple, map or struct being written: whether an element has been
/// written yet (the next needs a comma), and what closes it.
struct Compound<'a> {
    json: Json<'a>,
    first: bool,
    close: &'static [u8],
}

impl Compound<'_> {
    /// The comma before every element but the first.
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.json.out.push(b',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.comma();
        v.serialize(&mut self.json)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) -> Result<(), Error> {
        self.comma();
        write_str(self.json.out, key);
        self.json.out.push(b':');
        v.serialize(&mut self.json)
    }

    /// A map key, as `serde_json` writes it (a string, or a number or bool
    /// quoted; any other key is its error): it writes a map of that one key,
    /// whose key is copied.
    fn key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Error> {
        struct OneKey<'k, K: ?Sized>(&'k K);
        impl<K: Serialize + ?Sized> Serialize for OneKey<'_, K> {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeMap;
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry(self.0, &())?;
                m.end()
            }
        }
        self.comma();
        let one = serde_json::to_vec(&OneKey(k))?;
        // `{KEY:null}`
        let key = one.get(1..one.len().saturating_sub(6)).unwrap_or(&[]);
        self.json.out.extend_from_slice(key);
        Ok(())
    }

    fn finish(self) -> Result<(), Error> {
        // (One or two bytes: pushed, not copied.)
        for &c in self.close {
            self.json.out.push(c);
        }
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Json<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        write_i64(self.out, v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        write_i64(self.out, v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        write_i64(self.out, v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        write_i64(self.out, v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.by_serde_json(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        write_u64(self.out, v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        write_u64(self.out, v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        write_u64(self.out, v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        write_u64(self.out, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.by_serde_json(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.by_serde_json(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.by_serde_json(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0u8; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.by_serde_json(v)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        write_str(self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.variant_key(variant);
        v.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.compound(b'[', b"]"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(self.compound(b'[', b"]"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        Ok(self.compound(b'[', b"]"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.variant_key(variant);
        Ok(self.compound(b'[', b"]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.compound(b'{', b"}"))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(self.compound(b'{', b"}"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.variant_key(variant);
        Ok(self.compound(b'{', b"}}"))
    }
}

/// The serde traits of a sequence of elements (`$method` each), all written
/// as a JSON array's elements.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
                self.element(v)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The serde traits of a struct's named fields, written as a JSON object's.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), Error> {
                self.field(key, v)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Error> {
        self.key(k)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.json.out.push(b':');
        v.serialize(&mut self.json)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    fn ours<T: Serialize + ?Sized>(v: &T) -> Result<String, Error> {
        let mut out = Vec::new();
        to_writer(&mut out, v)?;
        Ok(String::from_utf8(out).unwrap_or_default())
    }

    fn same<T: Serialize + ?Sized>(v: &T) {
        let theirs = serde_json::to_string(v).unwrap_or_else(|e| format!("error {e}"));
        let mine = ours(v).unwrap_or_else(|e| format!("error {e}"));
        assert_eq!(mine, theirs);
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        Struct { a: Option<f64>, b: Vec<char> },
    }

    #[derive(Serialize)]
    struct Record<'a> {
        name: &'a str,
        #[serde(rename = "type")]
        kind: Shape,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u32>,
        none: Option<u32>,
        pair: (u64, i64),
        unit: (),
        flags: [bool; 2],
        bytes: &'a [u8],
        floats: (f32, f64, f64, f32),
        big: (u128, i128),
        map: BTreeMap<String, Vec<u16>>,
    }

    #[test]
    fn writes_what_serde_json_writes() {
        // Every byte that needs an escape or not, at every place of a string
        // of every length up to three words, among plain bytes and UTF-8.
        let specials: Vec<char> = (0u8..0x80)
            .map(char::from)
            .chain(['é', '€', '😀'])
            .collect();
        for len in 0..26 {
            for at in 0..len {
                for &c in &specials {
                    let s: String = (0..len)
                        .map(|i| {
                            if i == at {
                                c
                            } else {
                                char::from(b'a' + (i % 26) as u8)
                            }
                        })
                        .collect();
                    same(&s);
                }
            }
        }
        same("");
        same("\u{7f}\u{80}\u{ff} «quote» \"both\\ \u{1f}\n\r\t\u{8}\u{c}");
        let map: BTreeMap<String, Vec<u16>> =
            [("k\"ey".to_string(), vec![1, 2]), (String::new(), vec![])].into();
        for kind in [
            Shape::Unit,
            Shape::Newtype(7),
            Shape::Tuple(-3, "t\u{1}".into()),
            Shape::Struct {
                a: Some(0.1 + 0.2),
                b: vec!['"', 'x', '\n'],
            },
            Shape::Struct { a: None, b: vec![] },
        ] {
            same(&Record {
                name: "na\\me",
                kind,
                skipped: None,
                none: None,
                pair: (u64::MAX, i64::MIN),
                unit: (),
                flags: [true, false],
                bytes: &[0, 255],
                floats: (0.95, 36.72895, f64::NAN, f32::INFINITY),
                big: (u128::MAX, i128::MIN),
                map: map.clone(),
            });
        }
        let keyed: BTreeMap<i32, bool> = [(-1, true), (20, false)].into();
        same(&keyed);
        for n in [0, 1, 9, 10, 99, 100, 12345, u64::from(u32::MAX), u64::MAX] {
            same(&n);
        }
        for n in [0, -1, -9, -10, 7, i64::MIN, i64::MAX] {
            same(&n);
        }
        same(&(-128i8, 255u8, -32768i16, 65535u16, i32::MIN, u32::MAX));
        let char_keyed: BTreeMap<char, ()> = [('a', ()), ('"', ())].into();
        same(&char_keyed);
    }

    #[test]
    fn a_key_serde_json_refuses_is_an_error() {
        let keyed: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(serde_json::to_string(&keyed).is_err());
        assert!(ours(&keyed).is_err());
    }
}
