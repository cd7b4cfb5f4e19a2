/*!
The lines of a text, as `str::split('\n')` and `str::split_inclusive('\n')` give
them, found with the `memchr` crate's vector search: the standard library's
character search reads a word or two per step, and the cleaner, the sentence
splitter and the paragraph finder each cut a whole report into its lines.
*/

/// The lines of `text` cut at each `\n` (left out), exactly as
/// `text.split('\n')`: an empty text is one empty line, and a text ending in
/// `\n` ends with an empty line.
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        // (`\n` is one byte of its own: every cut is a character boundary.)
        match ends.next() {
            Some(e) => {
                let line = text.get(start..e);
                start = e + 1;
                line
            }
            None => {
                done = true;
                text.get(start..)
            }
        }
    })
}

/// The lines of `text`, each with its `\n` when it has one, exactly as
/// `text.split_inclusive('\n')`: an empty text has none, and no empty line
/// follows a final `\n`.
pub(crate) fn split_lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || match ends.next() {
        Some(e) => {
            let line = text.get(start..=e);
            start = e + 1;
            line
        }
        None if start < text.len() => {
            let line = text.get(start..);
            start = text.len();
            line
        }
        None => None,
    })
}

/// Whether `text` holds a `\r`.
pub(crate) fn has_cr(text: &str) -> bool {
    memchr::memchr(b'\r', text.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_those_of_split() {
        let pieces = [
            "\n",
            "\n\n",
            "\r",
            "\r\n",
            "a",
            "word ",
            "é",
            "\u{2029}",
            " ",
            "..",
            "\u{2019}",
            "long line of words ",
        ];
        let mut texts = crate::testgen::glue(5, 5_000, &pieces, 40);
        texts.extend(["", "\n", "a", "a\n", "\na", "\n\n"].map(String::from));
        for t in &texts {
            assert_eq!(
                split_lines(t).collect::<Vec<_>>(),
                t.split('\n').collect::<Vec<_>>(),
                "{t:?}"
            );
            assert_eq!(
                split_lines_inclusive(t).collect::<Vec<_>>(),
                t.split_inclusive('\n').collect::<Vec<_>>(),
                "{t:?}"
            );
            assert_eq!(has_cr(t), t.contains('\r'), "{t:?}");
        }
    }
}
