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

/// Bytes per node record: first child, number of children, pattern id + 1 (0:
/// none), each a little-endian u32.
const NODE_BYTES: usize = 12;

/// The trie's tables (see the module doc).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Trie {
    /// Per node, [`NODE_BYTES`] bytes.
    pub(crate) nodes: Cow<'static, [u8]>,
    /// Per node, the byte of the edge into it (0 for the root).
    pub(crate) labels: Cow<'static, [u8]>,
    /// Per byte, the root's child it leads to (a little-endian u32; 0: none, the
    /// root being no node's child).
    pub(crate) root: Cow<'static, [u8]>,
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    let s = b.get(4 * i..4 * i + 4)?;
    Some(u32::from_le_bytes(s.try_into().ok()?))
}

fn usize_of(v: u32) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

/// A node of the trie while it is built: its children by byte, its pattern.
#[derive(Default)]
struct BuildNode {
    kids: Vec<(u8, usize)>,
    pattern: Option<usize>,
}

impl Trie {
    /// The trie of `keys` (pattern id = index; of equal keys the first counts).
    pub(crate) fn build(keys: &[String]) -> Trie {
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
        // Breadth first: the children of a node get consecutive numbers.
        let mut nodes = Vec::with_capacity(t.len() * NODE_BYTES);
        let mut labels = Vec::with_capacity(t.len());
        let mut queue: VecDeque<(usize, u8)> = VecDeque::from([(0, 0)]);
        let mut next = 1usize;
        let mut root = vec![0u8; 256 * 4];
        while let Some((old, label)) = queue.pop_front() {
            let Some(node) = t.get(old) else { continue };
            let first = next;
            for &(b, kid) in &node.kids {
                if old == 0 {
                    let at = 4 * usize::from(b);
                    if let Some(slot) = root.get_mut(at..at + 4) {
                        slot.copy_from_slice(&u32_le(next));
                    }
                }
                queue.push_back((kid, b));
                next += 1;
            }
            nodes.extend_from_slice(&u32_le(first));
            nodes.extend_from_slice(&u32_le(node.kids.len()));
            nodes.extend_from_slice(&u32_le(node.pattern.map_or(0, |p| p + 1)));
            labels.push(label);
        }
        Trie {
            nodes: Cow::Owned(nodes),
            labels: Cow::Owned(labels),
            root: Cow::Owned(root),
        }
    }

    /// The pattern that ends at `node`.
    fn pattern(&self, node: usize) -> Option<usize> {
        match u32_at(&self.nodes, node * 3 + 2)? {
            0 => None,
            p => Some(usize_of(p) - 1),
        }
    }

    /// The child of `node` along byte `b`.
    fn child(&self, node: usize, b: u8) -> Option<usize> {
        if node == 0 {
            return match u32_at(&self.root, usize::from(b))? {
                0 => None,
                n => Some(usize_of(n)),
            };
        }
        let first = usize_of(u32_at(&self.nodes, node * 3)?);
        let n = usize_of(u32_at(&self.nodes, node * 3 + 1)?);
        let kids = self.labels.get(first..first + n)?;
        kids.iter().position(|&c| c == b).map(|k| first + k)
    }

    /// Calls `found(end, pattern)` for every pattern that `hay` holds at `start`,
    /// shortest first.
    pub(crate) fn walk(&self, hay: &[u8], start: usize, mut found: impl FnMut(usize, usize)) {
        let mut node = 0;
        if let Some(p) = self.pattern(node) {
            found(start, p);
        }
        for (k, &b) in hay.get(start..).unwrap_or(&[]).iter().enumerate() {
            let Some(next) = self.child(node, b) else {
                return;
            };
            node = next;
            if let Some(p) = self.pattern(node) {
                found(start + k + 1, p);
            }
        }
    }
}

fn u32_le(v: usize) -> [u8; 4] {
    u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes()
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
