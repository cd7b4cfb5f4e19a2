/*!
The alias trie: a byte trie of distinct patterns in flat little-endian tables,
walked anchored from one position of a text (the linker walks it from each word
start). It replaces an Aho-Corasick automaton, whose failure links an anchored
walk never follows, and, being plain bytes, it is prepared at build time for the
embedded base (`build.rs`, `image.rs`) and read in place from the binary: nothing
is built or copied at start-up. A base read from a directory (`--data DIR`)
builds the same tables at load ([`Trie::build`]).

Nodes are numbered breadth first, so the children of a node are consecutive
nodes, sorted by the byte that leads to them: a node's record says where its
children start and how many there are, and `labels` holds, per node, the byte
of the edge into it.
*/

use std::borrow::Cow;
use std::collections::VecDeque;

/// Bytes per node record: the first child (a little-endian u32), then the
/// number of children in the low nine bits of a little-endian u32 whose upper 23
/// bits are the pattern id + 1 (0: none; so at most 2^23 - 1 patterns, some
/// three hundred times what the base has).
const NODE_BYTES: usize = 8;

/// The trie's tables (see the module doc).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Trie {
    /// Per node, [`NODE_BYTES`] bytes.
    pub(crate) nodes: Cow<'static, [u8]>,
    /// Per node, the byte of the edge into it (0 for the root).
    pub(crate) labels: Cow<'static, [u8]>,
    /// Per byte, the root's child it leads to (a little-endian u32; 0: none, the
    /// root being no node's child). The root's children are nodes `1..=k`.
    pub(crate) root: Cow<'static, [u8]>,
    /// Per child `r` of the root and byte `b`, at `256 * (r - 1) + b`: the child
    /// of `r` along `b` (a little-endian u32; 0: none). The first two steps of a
    /// walk, where nodes have most children, are then one look-up each.
    pub(crate) second: Cow<'static, [u8]>,
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    let s = b.get(4 * i..4 * i + 4)?;
    Some(u32::from_le_bytes(s.try_into().ok()?))
}

fn usize_of(v: u32) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

fn u32_le(v: usize) -> [u8; 4] {
    u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes()
}

/// The node a table entry names (0: none).
fn node_of(v: u32) -> Option<usize> {
    (v != 0).then(|| usize_of(v))
}

/// Sets the little-endian u32 at `i` of `table`.
fn set_u32(table: &mut [u8], i: usize, v: usize) {
    if let Some(slot) = table.get_mut(4 * i..4 * i + 4) {
        slot.copy_from_slice(&u32_le(v));
    }
}

/// A node of the trie while it is built: its children by byte, its pattern.
#[derive(Default)]
struct BuildNode {
    kids: Vec<(u8, usize)>,
    pattern: Option<usize>,
}

/// The trie of `keys` as linked nodes (pattern id = index; of equal keys the
/// first counts), children sorted by byte.
fn linked(keys: &[String]) -> Vec<BuildNode> {
    let mut t: Vec<BuildNode> = vec![BuildNode::default()];
    for (pid, k) in keys.iter().enumerate() {
        let mut n = 0;
        for &b in k.as_bytes() {
            let len = t.len();
            let Some(node) = t.get_mut(n) else { break };
            n = match node.kids.iter().find(|(c, _)| *c == b) {
                Some(&(_, x)) => x,
                None => {
                    node.kids.push((b, len));
                    t.push(BuildNode::default());
                    len
                }
            };
        }
        if let Some(node) = t.get_mut(n) {
            node.pattern.get_or_insert(pid);
        }
    }
    for node in &mut t {
        node.kids.sort_unstable();
    }
    t
}

impl Trie {
    /// The trie of `keys` (pattern id = index; of equal keys the first counts).
    pub(crate) fn build(keys: &[String]) -> Trie {
        let t = linked(keys);
        // Breadth first: the children of a node get consecutive numbers.
        let mut nodes = Vec::with_capacity(t.len() * NODE_BYTES);
        let mut labels = Vec::with_capacity(t.len());
        let mut queue: VecDeque<(usize, u8)> = VecDeque::from([(0, 0)]);
        let mut next = 1usize;
        while let Some((old, label)) = queue.pop_front() {
            let Some(node) = t.get(old) else { continue };
            nodes.extend_from_slice(&u32_le(next));
            let pattern = node.pattern.map_or(0, |p| p + 1);
            debug_assert!(pattern < 1 << 23, "too many patterns");
            nodes.extend_from_slice(&u32_le(pattern << 9 | node.kids.len()));
            labels.push(label);
            for &(b, kid) in &node.kids {
                queue.push_back((kid, b));
                next += 1;
            }
        }
        let mut trie = Trie {
            nodes: Cow::Owned(nodes),
            labels: Cow::Owned(labels),
            root: Cow::Owned(Vec::new()),
            second: Cow::Owned(Vec::new()),
        };
        let mut root = vec![0u8; 256 * 4];
        let (first, count) = trie.record(0).map_or((1, 0), |(f, c, _)| (f, c));
        let mut second = vec![0u8; 256 * 4 * count];
        for r in first..first + count {
            if let Some(&b) = trie.labels.get(r) {
                set_u32(&mut root, usize::from(b), r);
            }
            let (f, c) = trie.record(r).map_or((0, 0), |(f, c, _)| (f, c));
            for kid in f..f + c {
                if let Some(&b) = trie.labels.get(kid) {
                    set_u32(&mut second, 256 * (r - 1) + usize::from(b), kid);
                }
            }
        }
        trie.root = Cow::Owned(root);
        trie.second = Cow::Owned(second);
        trie
    }

    /// Node `node`'s first child, number of children and pattern.
    #[inline]
    fn record(&self, node: usize) -> Option<(usize, usize, Option<usize>)> {
        let s = self
            .nodes
            .get(NODE_BYTES * node..NODE_BYTES * node + NODE_BYTES)?;
        let v = u64::from_le_bytes(s.try_into().ok()?);
        let first = usize_of(v as u32);
        let count = ((v >> 32) & 0x1ff) as usize;
        let pattern = usize_of((v >> 41) as u32).checked_sub(1);
        Some((first, count, pattern))
    }

    /// Calls `found(end, pattern)` for every pattern that `hay` holds at `start`,
    /// shortest first.
    pub(crate) fn walk(&self, hay: &[u8], start: usize, mut found: impl FnMut(usize, usize)) {
        self.walk_from(hay, start, &mut found);
    }

    fn walk_from(
        &self,
        hay: &[u8],
        start: usize,
        found: &mut impl FnMut(usize, usize),
    ) -> Option<()> {
        let (_, _, p) = self.record(0)?;
        if let Some(p) = p {
            found(start, p);
        }
        let mut bytes = hay.get(start..)?.iter();
        // Steps one and two: the dense tables.
        let r = node_of(u32_at(&self.root, usize::from(*bytes.next()?))?)?;
        let (_, _, p) = self.record(r)?;
        if let Some(p) = p {
            found(start + 1, p);
        }
        let i = 256 * (r - 1) + usize::from(*bytes.next()?);
        let mut node = node_of(u32_at(&self.second, i)?)?;
        let mut end = start + 2;
        loop {
            let (first, count, p) = self.record(node)?;
            if let Some(p) = p {
                found(end, p);
            }
            let b = *bytes.next()?;
            let kids = self.labels.get(first..first + count)?;
            node = first + kids.iter().position(|&c| c == b)?;
            end += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk finds exactly the patterns that start at a position.
    #[test]
    fn walk_finds_every_prefix_pattern() {
        let keys: Vec<String> = ["a", "ab", "abc", "b", "ba", "", "ab"]
            .iter()
            .map(|k| k.to_string())
            .collect();
        let t = Trie::build(&keys);
        let mut got = Vec::new();
        t.walk(b"xabcz", 1, |e, p| got.push((e, p)));
        assert_eq!(got, vec![(1, 5), (2, 0), (3, 1), (4, 2)]);
        got.clear();
        t.walk(b"ba", 0, |e, p| got.push((e, p)));
        assert_eq!(got, vec![(0, 5), (1, 3), (2, 4)]);
        got.clear();
        t.walk(b"ba", 2, |e, p| got.push((e, p)));
        assert_eq!(got, vec![(2, 5)]);
        assert_eq!(t.labels.len(), 6);
    }
}
