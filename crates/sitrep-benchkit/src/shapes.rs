/*!
Texts of many shapes, made from a seed: ordinary news reports written from templates,
and the shapes that once cost extraction more than linear time (one very large
document, report text with its sentence stops removed, date-like and number-like
floods, HTML heavy with entities or nesting, very long lines, random characters).

The benchmark of shapes (`cargo bench -p sitrep-cli --bench shapes`) measures each
shape's MB/s against ordinary reports; the bounded fuzz test of `sitrep-cli`
(`tests/shapes.rs`) runs hundreds of them through the readers and extraction and fails
on a panic or on a shape far slower per byte than ordinary text.

Everything is deterministic: the same seed gives the same text on every machine (a
xorshift generator, no dependency). The sentences are the kit's own, written for it;
the place and group names are common ones the embedded knowledge knows.
*/

/// A small deterministic generator (xorshift64*): not for cryptography, only for
/// reproducible test and bench inputs.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (any value; zero is replaced).
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// One item of a non-empty slice (the first for an empty one: never called so).
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }

    /// True with probability `p` (0..=1).
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

const TOWNS: &[&str] = &[
    "Kunduz",
    "Goma",
    "Mopti",
    "Kandahar",
    "Mosul",
    "Aleppo",
    "Sanaa",
    "Kidal",
    "Gao",
    "Kherson",
    "Bunia",
    "Marawi",
    "Quetta",
    "Maiduguri",
    "Timbuktu",
    "Beni",
];
const DOERS: &[&str] = &[
    "gunmen",
    "suspected militants",
    "army troops",
    "police officers",
    "unidentified attackers",
    "rebel fighters",
    "a suicide bomber",
    "Boko Haram fighters",
];
const ACTS: &[&str] = &[
    "opened fire on a bus station in",
    "ambushed a supply convoy near",
    "stormed a farming village outside",
    "shelled a residential district of",
    "raided a police post in",
    "set fire to a school in",
    "detonated explosives at a checkpoint in",
];
const WHEN: &[&str] = &[
    "on Monday",
    "late on Tuesday",
    "on Wednesday night",
    "early on Thursday",
    "on Friday",
    "on 14 June",
    "on June 2, 2025",
    "last weekend",
];
const TOLLS: &[&str] = &[
    "killing {n} people",
    "killing at least {n} civilians",
    "wounding {m} others",
    "leaving {n} dead and {m} injured",
    "killing {n} soldiers and a driver",
];
const TOLD: &[&str] = &[
    "a police spokesman said",
    "a district official told reporters",
    "the army said in a statement",
    "residents said by telephone",
    "according to a hospital worker",
];

/// One sentence of an ordinary report, with its stop.
pub fn sentence(rng: &mut Rng) -> String {
    let n = 2 + rng.below(40);
    let m = 1 + rng.below(30);
    let doer = rng.pick(DOERS);
    let mut s = String::new();
    let mut first = doer.chars();
    if let Some(c) = first.next() {
        s.extend(c.to_uppercase());
        s.push_str(first.as_str());
    }
    let toll = rng
        .pick(TOLLS)
        .replace("{n}", &n.to_string())
        .replace("{m}", &m.to_string());
    s.push_str(&format!(
        " {} {} {}, {}, {}.",
        rng.pick(ACTS),
        rng.pick(TOWNS),
        rng.pick(WHEN),
        toll,
        rng.pick(TOLD)
    ));
    if rng.chance(0.3) {
        s.push_str(&format!(
            " The assault on {} was the second there this month.",
            rng.pick(TOWNS)
        ));
    }
    if rng.chance(0.2) {
        s.push_str(&format!(
            " Mr. Daoud, who runs a shop 2.5 km away, said he heard {} blasts.",
            3 + rng.below(6)
        ));
    }
    s
}

/// One ordinary report of about `bytes` bytes: a title, then paragraphs of one to
/// three sentences.
pub fn report(rng: &mut Rng, bytes: usize) -> String {
    let mut out = format!(
        "{} kill {} in {}\n\n",
        rng.pick(&["Gunmen", "Militants", "Rebels", "Attackers"]),
        3 + rng.below(30),
        rng.pick(TOWNS)
    );
    while out.len() < bytes {
        for k in 0..1 + rng.below(3) {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(&sentence(rng));
        }
        out.push_str("\n\n");
    }
    out
}

/// Ordinary reports of 1 to 3 KB each, `bytes` bytes in all.
pub fn reports(rng: &mut Rng, bytes: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut total = 0;
    while total < bytes {
        let size = 1000 + rng.below(2000);
        let r = report(rng, size);
        total += r.len();
        out.push(r);
    }
    out
}

/// Ordinary reports joined into one document of `bytes` bytes.
pub fn single_document(rng: &mut Rng, bytes: usize) -> String {
    reports(rng, bytes).join("\n\n")
}

/// One document of report text with its sentence stops and line breaks removed (as
/// scraped tables and lists come).
pub fn no_stops(rng: &mut Rng, bytes: usize) -> String {
    single_document(rng, bytes)
        .chars()
        .filter(|c| !matches!(c, '.' | '!' | '?'))
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect()
}

/// Pieces that look like dates, times and numbers, `bytes` bytes of them separated by
/// spaces and now and then a stop.
pub fn date_like(rng: &mut Rng, bytes: usize) -> String {
    const PIECES: &[&str] = &[
        "12 March 2024",
        "on Tuesday",
        "March 3, 2024",
        "2024-03-12",
        "last week",
        "3/12/2024",
        "between 4 and 6 May",
        "Friday 12 May",
        "in 2023",
        "1 2 3 4",
        "May 2024 - June 2024",
        "the 3rd",
        "yesterday",
        "12.03.2024",
        "11:30",
        "two days later",
    ];
    flood(rng, bytes, PIECES, 0.05)
}

/// Numbers and counts in every notation, `bytes` bytes of them.
pub fn number_like(rng: &mut Rng, bytes: usize) -> String {
    const PIECES: &[&str] = &[
        "12",
        "1,200",
        "3.5",
        "dozens",
        "two hundred",
        "at least 40",
        "10-15",
        "1.2 million",
        "a dozen",
        "40 or 50",
        "seven",
        "100,000,000",
        "(12)",
        "-",
        "killed",
        "wounded",
    ];
    flood(rng, bytes, PIECES, 0.02)
}

/// Capitalised words and group-like names without end, `bytes` bytes of them.
pub fn capitals(rng: &mut Rng, bytes: usize) -> String {
    const PIECES: &[&str] = &[
        "Al",
        "Shabaab",
        "Islamic",
        "State",
        "Mr",
        "General",
        "North",
        "Kivu",
        "Army",
        "Front",
        "Liberation",
        "of",
        "the",
        "People's",
        "Goma",
        "Mosul",
        "JNIM",
        "ISWAP",
        "and",
    ];
    flood(rng, bytes, PIECES, 0.01)
}

/// Clause punctuation, brackets and dashes between counts and casualty words.
pub fn punctuation(rng: &mut Rng, bytes: usize) -> String {
    const PIECES: &[&str] = &[
        "(", ")", "—", "–", ",", "12", "people", "killed", "were", "said", ";", ":", "\"", "'s",
    ];
    flood(rng, bytes, PIECES, 0.01)
}

fn flood(rng: &mut Rng, bytes: usize, pieces: &[&str], stop: f64) -> String {
    let mut out = String::with_capacity(bytes + 32);
    while out.len() < bytes {
        out.push_str(rng.pick(pieces));
        out.push_str(if rng.chance(stop) { ". " } else { " " });
    }
    out
}

/// An HTML page of `bytes` bytes heavy with entities (named, numeric, unknown, and
/// bare `&` with no `;` after), inside paragraphs.
pub fn entity_html(rng: &mut Rng, bytes: usize) -> String {
    const PIECES: &[&str] = &[
        "&amp;",
        "&lt;",
        "&gt;",
        "&quot;",
        "&#39;",
        "&nbsp;",
        "&#8217;",
        "&mdash;",
        "&bogus;",
        "&",
        "AT&T ",
        "R&D ",
        "&#x201C;",
        "&#99999999;",
        "word ",
        "&amp",
        "&#",
    ];
    let mut out = String::from("<html><head><title>Report</title></head><body><p>");
    while out.len() < bytes {
        out.push_str(rng.pick(PIECES));
        if rng.chance(0.01) {
            out.push_str("</p><p>");
        }
    }
    out.push_str("</p></body></html>");
    out
}

/// An HTML page of `bytes` bytes of deeply nested and broken tags around report text.
pub fn nested_html(rng: &mut Rng, bytes: usize) -> String {
    const TAGS: &[&str] = &["div", "p", "span", "b", "li", "script", "nav", "td", "br"];
    let mut out = String::from("<html><body>");
    while out.len() < bytes {
        match rng.below(6) {
            0 => out.push_str(&format!("<{}>", rng.pick(TAGS))),
            1 => out.push_str(&format!("</{}>", rng.pick(TAGS))),
            2 => out.push_str("<!-- note -->"),
            3 => out.push_str(&format!("<a href=\"/x?a=1&b=2\">{}</a>", rng.pick(TOWNS))),
            _ => out.push_str(&sentence(rng)),
        }
    }
    out.push_str("</body></html>");
    out
}

/// Random characters: mostly ASCII letters, digits, spaces and punctuation, some
/// line breaks and some non-ASCII letters, quotes and dashes.
pub fn random_text(rng: &mut Rng, len: usize) -> String {
    const ODD: &[&str] = &[
        "é", "ß", "—", "\u{2019}", "\u{a0}", "ı", "İ", "ﬁ", "中", "😀", "\u{301}", "\t", "\r\n",
    ];
    let mut out = String::with_capacity(len + 8);
    while out.len() < len {
        match rng.below(20) {
            0 => out.push_str(rng.pick(ODD)),
            1 => out.push('\n'),
            2 | 3 => out.push(' '),
            4 => out.push(char::from(b"0123456789"[rng.below(10)])),
            5 => out.push(char::from(b".,;:!?()'\"-&<>"[rng.below(14)])),
            _ => out.push(char::from(b'a' + rng.below(26) as u8)),
        }
    }
    out
}

/// Random bytes, any values (not always UTF-8).
pub fn random_bytes(rng: &mut Rng, len: usize) -> Vec<u8> {
    (0..len).map(|_| (rng.next_u64() >> 32) as u8).collect()
}

/// The adversarial shapes by name, each made to `bytes` bytes from `rng`: what the
/// benchmark and the bounded fuzz test compare with ordinary reports.
pub fn adversarial(rng: &mut Rng, bytes: usize) -> Vec<(&'static str, String)> {
    vec![
        ("single document", single_document(rng, bytes)),
        ("no stops", no_stops(rng, bytes)),
        ("date-like", date_like(rng, bytes)),
        ("number-like", number_like(rng, bytes)),
        ("capitals", capitals(rng, bytes)),
        ("punctuation", punctuation(rng, bytes)),
        ("random text", random_text(rng, bytes)),
        (
            "one long line",
            single_document(rng, bytes).replace('\n', " "),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_text_and_sizes_reached() {
        let a = single_document(&mut Rng::new(3), 5000);
        let b = single_document(&mut Rng::new(3), 5000);
        assert_eq!(a, b);
        assert!(a.len() >= 5000);
        assert_ne!(a, single_document(&mut Rng::new(4), 5000));
        let n = no_stops(&mut Rng::new(3), 5000);
        assert!(!n.contains(['.', '\n']), "{n}");
        assert!(entity_html(&mut Rng::new(1), 2000).contains('&'));
        assert!(random_text(&mut Rng::new(1), 300).len() >= 300);
    }
}
