/*!
The alias trie: a byte trie of distinct patterns in flat little-endian tables,
walked anchored from one position of a text (the linker walks it from each word
start). It replaces an Aho-Corasick automaton, whose failure links an anchored
walk never follows, and, being plain bytes, it is prepared at build time for the
embedded base (`build.rs`, `image.rs`) and read in place from the binary: nothing
is built or copied at start-up. A base read from a directory (`--data DIR`)
builds the same tables at load ([`Trie::build`]).

The children of a node are consecutive nodes, sorted by the byte that leads
to them: a node's record says where its children start and how many there
are, and `labels` holds, per node, the byte of the edge into it. The blocks of
children are numbered depth first ([`numbered`]), so that the chain of single
children that ends most aliases is a run of neighbouring records, not one
cache miss a step.
*/

use std::borrow::Cow;

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

/// Where byte `b` leads among the labels of one block of children (sorted by
/// byte, each byte once): a short block is read left to right, a long one
/// (near the root, where a block holds dozens) searched by halves.
#[inline]
fn find_label(kids: &[u8], b: u8) -> Option<usize> {
    if kids.len() <= 8 {
        kids.iter().position(|&c| c == b)
    } else {
        kids.binary_search(&b).ok()
    }
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

/// The nodes of a linked trie numbered in blocks, depth first: a node's
/// children get the next free numbers (one block, sorted by byte, as the walk
/// wants them), and the first child's subtree is numbered before its
/// siblings'. A chain of single children, the tail of most aliases, is then
/// a run of consecutive nodes, so that a walk down it reads neighbouring
/// records and labels (a breadth-first numbering scatters it over the whole
/// table: a cache miss a step). Returns, per new number, the old node, its
/// first child's number and the byte of the edge into it (0 for the root).
fn numbered(t: &[BuildNode]) -> (Vec<usize>, Vec<usize>, Vec<u8>) {
    let mut order = vec![0usize];
    let mut labels = vec![0u8];
    let mut firsts = vec![0usize];
    let mut num = vec![0usize; t.len()];
    let mut stack = vec![0usize];
    while let Some(old) = stack.pop() {
        let Some(node) = t.get(old) else { continue };
        if let Some(f) = num.get(old).and_then(|&n| firsts.get_mut(n)) {
            *f = order.len();
        }
        for &(b, kid) in &node.kids {
            if let Some(n) = num.get_mut(kid) {
                *n = order.len();
            }
            order.push(kid);
            labels.push(b);
            firsts.push(0);
        }
        stack.extend(node.kids.iter().rev().map(|&(_, kid)| kid));
    }
    (order, firsts, labels)
}

impl Trie {
    /// The trie of `keys` (pattern id = index; of equal keys the first counts).
    pub(crate) fn build(keys: &[String]) -> Trie {
        let t = linked(keys);
        let (order, firsts, labels) = numbered(&t);
        let mut nodes = Vec::with_capacity(order.len() * NODE_BYTES);
        for (&old, &first) in order.iter().zip(&firsts) {
            let Some(node) = t.get(old) else { continue };
            nodes.extend_from_slice(&u32_le(first));
            let pattern = node.pattern.map_or(0, |p| p + 1);
            debug_assert!(pattern < 1 << 23, "too many patterns");
            nodes.extend_from_slice(&u32_le(pattern << 9 | node.kids.len()));
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
            node = first + find_label(kids, b)?;
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

    /// [`find_label`] finds what a left-to-right scan finds, in blocks of
    /// every length up to 256 (sorted, distinct bytes) and in every block of
    /// the embedded base's trie, for every byte.
    #[test]
    fn find_label_as_a_scan() {
        let scan = |kids: &[u8], b: u8| kids.iter().position(|&c| c == b);
        let mut x: u64 = 11;
        for len in 0..=256usize {
            let mut all: Vec<u8> = (0..=255u8).collect();
            for i in (1..all.len()).rev() {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                all.swap(i, (x >> 33) as usize % (i + 1));
            }
            let mut kids = all[..len].to_vec();
            kids.sort_unstable();
            for b in 0..=255u8 {
                assert_eq!(find_label(&kids, b), scan(&kids, b), "{kids:?} {b}");
            }
        }
        let base = crate::ActorBase::embedded().unwrap();
        let t = &base.ac.trie;
        let mut node = 0;
        while let Some((first, count, _)) = t.record(node) {
            let kids = &t.labels[first.min(t.labels.len())..(first + count).min(t.labels.len())];
            for b in 0..=255u8 {
                assert_eq!(find_label(kids, b), scan(kids, b), "node {node}");
            }
            node += 1;
        }
        assert!(node > 1000);
    }

    /// The breadth-first numbering the trie had before [`numbered`]: every
    /// node's children consecutive, numbered level by level.
    fn breadth_first(t: &[BuildNode]) -> (Vec<usize>, Vec<usize>, Vec<u8>) {
        let (mut order, mut firsts, mut labels) = (Vec::new(), Vec::new(), Vec::new());
        let mut queue: std::collections::VecDeque<(usize, u8)> = [(0, 0)].into();
        let mut next = 1;
        while let Some((old, label)) = queue.pop_front() {
            order.push(old);
            firsts.push(next);
            labels.push(label);
            for &(b, kid) in &t[old].kids {
                queue.push_back((kid, b));
                next += 1;
            }
        }
        (order, firsts, labels)
    }

    /// Every (end, pattern) the walk finds from every position of `text`.
    fn all_walks(t: &Trie, text: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut got = Vec::new();
        for s in 0..=text.len() {
            t.walk(text, s, |e, p| got.push((s, e, p)));
        }
        got
    }

    /// Numbered depth first, the trie finds what the breadth-first one found
    /// (same walk, same patterns, same order), and a chain of single children
    /// is a run of consecutive nodes.
    #[test]
    fn depth_first_numbering_walks_as_breadth_first() {
        let mut keys: Vec<String> = Vec::new();
        let mut x: u64 = 7;
        for _ in 0..600 {
            let mut k = String::new();
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for j in 0..(x >> 60) as usize + 1 {
                let c = b"abc -"[((x >> (4 * j)) % 5) as usize];
                k.push(c as char);
            }
            keys.push(k);
        }
        keys.extend(["the taliban", "the", "taliban fighters", ""].map(String::from));
        let t = linked(&keys);
        let dfs = Trie::build(&keys);
        let bfs = {
            let saved = breadth_first(&t);
            let mut nodes = Vec::new();
            for (&old, &first) in saved.0.iter().zip(&saved.1) {
                nodes.extend_from_slice(&u32_le(first));
                let pattern = t[old].pattern.map_or(0, |p| p + 1);
                nodes.extend_from_slice(&u32_le(pattern << 9 | t[old].kids.len()));
            }
            let mut bfs = dfs.clone();
            bfs.nodes = Cow::Owned(nodes);
            bfs.labels = Cow::Owned(saved.2);
            // The dense tables of the first two steps, of this numbering.
            let mut root = vec![0u8; 256 * 4];
            let (first, count) = bfs.record(0).map(|(f, c, _)| (f, c)).unwrap();
            let mut second = vec![0u8; 256 * 4 * count];
            for r in first..first + count {
                set_u32(&mut root, usize::from(bfs.labels[r]), r);
                let (f, c, _) = bfs.record(r).unwrap();
                for kid in f..f + c {
                    set_u32(
                        &mut second,
                        256 * (r - 1) + usize::from(bfs.labels[kid]),
                        kid,
                    );
                }
            }
            bfs.root = Cow::Owned(root);
            bfs.second = Cow::Owned(second);
            bfs
        };
        assert_eq!(dfs.labels.len(), bfs.labels.len());
        assert_ne!(dfs.nodes, bfs.nodes);
        let mut text = Vec::new();
        for _ in 0..3000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push(b"abc -x"[((x >> 33) % 6) as usize]);
        }
        text.extend_from_slice(b" the taliban fighters the talib");
        let got = all_walks(&dfs, &text);
        assert!(got.len() > 3000);
        assert_eq!(got, all_walks(&bfs, &text));
        // A chain of single children ("yzzyplugh" after "x") follows its head.
        let chain = Trie::build(&["xyzzyplugh".to_string(), "xa".to_string()]);
        let (mut node, mut steps) = (3usize, 0);
        while let Some((first, 1, _)) = chain.record(node) {
            assert_eq!(first, node + 1);
            node = first;
            steps += 1;
        }
        assert_eq!(steps, 8);
    }
}
