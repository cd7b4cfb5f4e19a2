/*!
The actor base as bytes: the image `build.rs` writes of the embedded base and
[`decode`] reads back at start-up, so that no TOML is parsed and no automaton is
built when `sitrep` starts.

The format is private to this crate and this build (both ends are this file):
little-endian u32 numbers and lengths, strings as length and UTF-8 bytes, an
option as a tag byte, a sequence as its length and its items. Hashed sets and
maps are written sorted, so the image does not depend on a hasher's order (and
the same base always makes the same bytes: the test in `embedded.rs` compares the
prepared image with the one the loader makes of the same files). The alias trie's
tables are byte strings that the decoded base borrows from the image in place.

The lookup maps that follow from the entries (`by_id`, the shared actors) are
not written; [`decode`] rebuilds them.
*/

use crate::base::{
    parse_type_lenient, ActorBase, Alias, AliasAutomaton, CaseReq, ContextRule, Entry, Relation,
    RelationKind, Settings, SharedActor, Target, TargetKind,
};
use crate::phrases::PhraseIndex;
use crate::trie::Trie;
use crate::ActorError;
use chrono::NaiveDate;
use sitrep_core::ActorType;
use sitrep_text::WordSet;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash};

/// The first bytes of an image (and its format's version).
const MAGIC: &[u8] = b"sitrep-actors image 3\n";

/// Something written to an image. (The library only reads images: `build.rs`
/// and the tests write them.)
#[allow(dead_code)]
pub(crate) trait Enc {
    fn enc(&self, w: &mut Vec<u8>);
}

/// Something read from an image.
pub(crate) trait Dec: Sized {
    fn dec(r: &mut Reader) -> Result<Self, ActorError>;
}

/// A read position in an image.
pub(crate) struct Reader {
    bytes: &'static [u8],
    pos: usize,
}

fn bad(msg: &str) -> ActorError {
    ActorError::Image(msg.to_string())
}

impl Reader {
    fn take(&mut self, n: usize) -> Result<&'static [u8], ActorError> {
        let bytes: &'static [u8] = self.bytes;
        let s = bytes
            .get(self.pos..self.pos.saturating_add(n))
            .ok_or_else(|| bad("truncated"))?;
        self.pos += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ActorError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes(s.try_into().map_err(|_| bad("u32"))?))
    }
    fn u8(&mut self) -> Result<u8, ActorError> {
        self.take(1)?.first().copied().ok_or_else(|| bad("u8"))
    }
}

impl Enc for u32 {
    fn enc(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
}
impl Dec for u32 {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        r.u32()
    }
}
impl Enc for usize {
    fn enc(&self, w: &mut Vec<u8>) {
        u32::try_from(*self).unwrap_or(u32::MAX).enc(w);
    }
}
impl Dec for usize {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        usize::try_from(r.u32()?).map_err(|_| bad("usize"))
    }
}
impl Enc for u8 {
    fn enc(&self, w: &mut Vec<u8>) {
        w.push(*self);
    }
}
impl Dec for u8 {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        r.u8()
    }
}
impl Enc for bool {
    fn enc(&self, w: &mut Vec<u8>) {
        u8::from(*self).enc(w);
    }
}
impl Dec for bool {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        Ok(r.u8()? != 0)
    }
}
impl Enc for u64 {
    fn enc(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
}
impl Dec for u64 {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        let s = r.take(8)?;
        Ok(u64::from_le_bytes(s.try_into().map_err(|_| bad("u64"))?))
    }
}
impl Enc for str {
    fn enc(&self, w: &mut Vec<u8>) {
        self.as_bytes().enc(w);
    }
}
impl Enc for String {
    fn enc(&self, w: &mut Vec<u8>) {
        self.as_str().enc(w);
    }
}
impl Dec for String {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        let n = usize::dec(r)?;
        let s = std::str::from_utf8(r.take(n)?).map_err(|_| bad("UTF-8"))?;
        Ok(s.to_string())
    }
}
impl Enc for [u8] {
    fn enc(&self, w: &mut Vec<u8>) {
        self.len().enc(w);
        w.extend_from_slice(self);
    }
}
/// Byte tables are borrowed from the image, not copied.
impl Dec for Cow<'static, [u8]> {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        let n = usize::dec(r)?;
        Ok(Cow::Borrowed(r.take(n)?))
    }
}
impl<T: Enc> Enc for Option<T> {
    fn enc(&self, w: &mut Vec<u8>) {
        match self {
            None => w.push(0),
            Some(x) => {
                w.push(1);
                x.enc(w);
            }
        }
    }
}
impl<T: Dec> Dec for Option<T> {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        Ok(match r.u8()? {
            0 => None,
            _ => Some(T::dec(r)?),
        })
    }
}
impl<T: Enc> Enc for Vec<T> {
    fn enc(&self, w: &mut Vec<u8>) {
        self.len().enc(w);
        for x in self {
            x.enc(w);
        }
    }
}
impl<T: Dec> Dec for Vec<T> {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        let n = usize::dec(r)?;
        // Every item takes a byte at least: a length beyond the image is malformed.
        if n > r.bytes.len() {
            return Err(bad("length"));
        }
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(T::dec(r)?);
        }
        Ok(v)
    }
}
impl<A: Enc, B: Enc> Enc for (A, B) {
    fn enc(&self, w: &mut Vec<u8>) {
        self.0.enc(w);
        self.1.enc(w);
    }
}
impl<A: Dec, B: Dec> Dec for (A, B) {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        Ok((A::dec(r)?, B::dec(r)?))
    }
}
/// A set is written sorted (no hasher's order in the image).
impl<T: Enc + Ord, S> Enc for HashSet<T, S> {
    fn enc(&self, w: &mut Vec<u8>) {
        let mut v: Vec<&T> = self.iter().collect();
        v.sort();
        v.len().enc(w);
        for x in v {
            x.enc(w);
        }
    }
}
impl<T: Dec + Eq + Hash, S: BuildHasher + Default> Dec for HashSet<T, S> {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        Ok(Vec::<T>::dec(r)?.into_iter().collect())
    }
}
/// A word set is written as a set of strings is, sorted.
impl Enc for WordSet {
    fn enc(&self, w: &mut Vec<u8>) {
        let mut v: Vec<&str> = self.iter().collect();
        v.sort_unstable();
        v.len().enc(w);
        for x in v {
            x.enc(w);
        }
    }
}
impl Dec for WordSet {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        Ok(Vec::<String>::dec(r)?.into_iter().collect())
    }
}
/// A map is written sorted by key.
impl<K: Enc + Ord, V: Enc, S> Enc for HashMap<K, V, S> {
    fn enc(&self, w: &mut Vec<u8>) {
        let mut v: Vec<(&K, &V)> = self.iter().collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v.len().enc(w);
        for (k, x) in v {
            k.enc(w);
            x.enc(w);
        }
    }
}
impl<K: Dec + Eq + Hash, V: Dec, S: BuildHasher + Default> Dec for HashMap<K, V, S> {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        Ok(Vec::<(K, V)>::dec(r)?.into_iter().collect())
    }
}
impl Enc for NaiveDate {
    fn enc(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&chrono::Datelike::num_days_from_ce(self).to_le_bytes());
    }
}
impl Dec for NaiveDate {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        let d = i32::from_le_bytes(r.u32()?.to_le_bytes());
        NaiveDate::from_num_days_from_ce_opt(d).ok_or_else(|| bad("date"))
    }
}
impl Enc for ActorType {
    fn enc(&self, w: &mut Vec<u8>) {
        self.as_str().enc(w);
    }
}
impl Dec for ActorType {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        parse_type_lenient(&String::dec(r)?).ok_or_else(|| bad("actor type"))
    }
}
impl Enc for RelationKind {
    fn enc(&self, w: &mut Vec<u8>) {
        self.as_str().enc(w);
    }
}
impl Dec for RelationKind {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        RelationKind::parse(&String::dec(r)?).ok_or_else(|| bad("relation kind"))
    }
}
impl Enc for CaseReq {
    fn enc(&self, w: &mut Vec<u8>) {
        w.push(match self {
            CaseReq::Any => 0,
            CaseReq::AllCaps => 1,
            CaseReq::Capitalized => 2,
        });
    }
}
impl Dec for CaseReq {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        Ok(match r.u8()? {
            0 => CaseReq::Any,
            1 => CaseReq::AllCaps,
            2 => CaseReq::Capitalized,
            _ => return Err(bad("case")),
        })
    }
}

/// Writes and reads a struct field by field, in the order listed (the same
/// list on both sides, so the two cannot disagree).
macro_rules! record {
    ($t:ident { $($f:ident),* $(,)? }) => {
        impl Enc for $t {
            fn enc(&self, w: &mut Vec<u8>) {
                $(self.$f.enc(w);)*
            }
        }
        impl Dec for $t {
            fn dec(r: &mut Reader) -> Result<Self, ActorError> {
                Ok($t { $($f: Dec::dec(r)?,)* })
            }
        }
    };
}

record!(Relation {
    kind,
    target,
    from,
    to
});
record!(Alias {
    text,
    lang,
    countries,
    generated,
    imported
});
record!(Entry {
    id,
    name,
    kind,
    country,
    parent,
    aliases,
    relations,
    ucdp_id,
    source,
    generic,
    file
});
record!(Target {
    kind,
    case,
    countries,
    priority
});
record!(ContextRule {
    when,
    then,
    mentions_any,
    terms_any,
    term_patterns,
    countries
});
record!(PhraseIndex {
    words,
    max_words,
    other
});
record!(Settings {
    coreference_blockers,
    reject_prefixes,
    reject_words,
    group_nouns,
    group_noun_shapes,
    group_noun_pairs,
    name_connectors,
    name_determiners,
    provisional_stop,
    provisional_common_words,
    provisional_types,
    acronym_stop,
    numbered_unit,
    unit_nouns,
    ordinal_words
});
record!(Trie {
    nodes,
    labels,
    root,
    second
});
record!(AliasAutomaton {
    trie,
    pairs,
    singles,
    doubles,
    triples,
    quads,
    has_empty
});

impl Enc for [u64; 4] {
    fn enc(&self, w: &mut Vec<u8>) {
        for x in self {
            x.enc(w);
        }
    }
}
impl Dec for [u64; 4] {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        Ok([u64::dec(r)?, u64::dec(r)?, u64::dec(r)?, u64::dec(r)?])
    }
}

impl Enc for TargetKind {
    fn enc(&self, w: &mut Vec<u8>) {
        match self {
            TargetKind::Entry(i) => {
                w.push(0);
                i.enc(w);
            }
            TargetKind::Coref {
                fallback,
                max_paragraphs,
            } => {
                w.push(1);
                fallback.enc(w);
                max_paragraphs.enc(w);
            }
        }
    }
}
impl Dec for TargetKind {
    fn dec(r: &mut Reader) -> Result<Self, ActorError> {
        Ok(match r.u8()? {
            0 => TargetKind::Entry(usize::dec(r)?),
            1 => TargetKind::Coref {
                fallback: Dec::dec(r)?,
                max_paragraphs: Dec::dec(r)?,
            },
            _ => return Err(bad("target kind")),
        })
    }
}

/// The image of `base` (written by `build.rs`; the library only reads).
#[allow(dead_code)]
pub(crate) fn encode(base: &ActorBase) -> Vec<u8> {
    let mut w = MAGIC.to_vec();
    base.entries.enc(&mut w);
    base.ac.enc(&mut w);
    base.targets.enc(&mut w);
    base.forces_of.enc(&mut w);
    base.police_of.enc(&mut w);
    base.per_country.enc(&mut w);
    base.governed_by.enc(&mut w);
    base.rules.enc(&mut w);
    base.settings.enc(&mut w);
    base.keys.enc(&mut w);
    base.country_words.enc(&mut w);
    base.state_prefixes.enc(&mut w);
    w
}

/// The base an image holds (written by [`encode`]); its trie borrows `image`.
pub(crate) fn decode(image: &'static [u8]) -> Result<ActorBase, ActorError> {
    let rest = image
        .strip_prefix(MAGIC)
        .ok_or_else(|| bad("not an image"))?;
    let r = &mut Reader {
        bytes: rest,
        pos: 0,
    };
    let entries: Vec<Entry> = Dec::dec(r)?;
    let ac = Dec::dec(r)?;
    let targets = Dec::dec(r)?;
    let forces_of = Dec::dec(r)?;
    let police_of = Dec::dec(r)?;
    let per_country = Dec::dec(r)?;
    let governed_by = Dec::dec(r)?;
    let rules = Dec::dec(r)?;
    let settings = Dec::dec(r)?;
    let keys = Dec::dec(r)?;
    let country_words = Dec::dec(r)?;
    let state_prefixes = Dec::dec(r)?;
    if r.pos != rest.len() {
        return Err(bad("trailing bytes"));
    }
    let by_id = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    let shared = entries.iter().map(SharedActor::of).collect();
    Ok(ActorBase {
        entries,
        shared,
        by_id,
        ac,
        targets,
        forces_of,
        police_of,
        per_country,
        governed_by,
        rules,
        settings,
        keys,
        country_words,
        state_prefixes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A [`WordSet`] is written as the hash set of strings it replaced (the
    /// same bytes: sorted words), and read back as the same set.
    #[test]
    fn word_set_image_equals_hash_set_image() {
        let words = ["al", "the", "of", "de", "la", "bin", "abu", "é", "x y", ""];
        for n in 0..=words.len() {
            let hs: rustc_hash::FxHashSet<String> =
                words.iter().take(n).map(|w| w.to_string()).collect();
            let ws: WordSet = words.iter().take(n).copied().collect();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            hs.enc(&mut a);
            ws.enc(&mut b);
            assert_eq!(a, b);
            let leaked: &'static [u8] = Box::leak(b.into_boxed_slice());
            let back = WordSet::dec(&mut Reader {
                bytes: leaked,
                pos: 0,
            });
            assert!(back.is_ok_and(|s| s == ws));
        }
    }
}
