/*!
Stable identifiers.

The contract asks that the same input text and knowledge base give the same event
id on every run, on every machine. [`stable_id`] is FNV-1a (64-bit) over the parts,
separated by a byte that cannot occur in UTF-8 text, written as 16 hex digits. It is
not cryptographic; it only has to be deterministic and well spread.
*/

/// A deterministic 16-hex-digit id from the given parts.
pub fn stable_id(parts: &[&str]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0xff;
            h = h.wrapping_mul(PRIME);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    // (Sixteen lower-case hex digits, as `format!("{h:016x}")` writes them,
    // without the formatting machinery: one id per event.)
    const HEX: &[u8; 16] = b"0123456789abcdef";
    (0..16)
        .rev()
        .map(|k| char::from(HEX[(h >> (4 * k)) as usize & 15]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_separated() {
        assert_eq!(stable_id(&["a", "b"]), stable_id(&["a", "b"]));
        assert_ne!(stable_id(&["ab", ""]), stable_id(&["a", "b"]));
        assert_eq!(stable_id(&["x"]).len(), 16);
        // The hex digits of the hash, as format! writes them.
        assert_eq!(stable_id(&[]), format!("{:016x}", 0xcbf2_9ce4_8422_2325u64));
        // Pinned: a change of algorithm would change every stored id.
        assert_eq!(stable_id(&[""]), "cbf29ce484222325");
    }
}
