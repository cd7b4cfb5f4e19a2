/*!
Reading reports as a stream: files, directories and standard input into
[`Report`]s, one at a time, so that memory stays flat whatever the input size
(see [`stream`]); and [`parallel::map_ordered`], which codes them on every core
and hands the results back in input order.

Accepted inputs:

* `.txt` (or any file not named below): one report; the document id is the file
  stem and `sources[].doc` the file name;
* `.jsonl` / `.ndjson`: one report per line, `{"id","url","title","published","text"}`
  (`text` required, the rest optional); `sources[].doc` is the line's `id`
  (or `FILE:LINE` when it has none); read line by line;
* `.html` / `.htm`: a web page, reduced to its article (title, main text, date and
  canonical URL; navigation, related links, comments and captions left out) by
  [`sitrep_web::extract`];
* `.warc` / `.warc.gz`: a web archive (Common Crawl's news format), read record by
  record; each HTML response with status 200 is one report, read like a page;
* a directory: every file above in it, recursively, in name order;
* `-`: standard input, read as JSON Lines when its first non-blank byte is `{`,
  else as one text report.

Bad input never stops the run (ripgrep's habit): an unreadable file, invalid UTF-8,
a malformed JSON line or a line without text becomes a [`Problem`] naming the path
and line, that input is skipped, and the caller counts it in the summary and the
exit code. Nothing here panics on any bytes.
*/

pub mod parallel;

use chrono::NaiveDate;
use serde::Deserialize;
use sitrep_text::parse_published;
use std::collections::VecDeque;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// A report as read, before cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub id: String,
    /// What `sources[].doc` shows.
    pub source_name: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub text: String,
    /// Where it came from, for messages: `path`, `path:line` or `path#record`.
    pub origin: String,
}

/// What went wrong with one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
    /// True when the input was skipped; false when it was repaired and kept.
    pub skipped: bool,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path, l, self.message)?,
            None => write!(f, "{}: {}", self.path, self.message)?,
        }
        if self.skipped {
            write!(f, " (skipped)")
        } else {
            write!(f, " (repaired, kept)")
        }
    }
}

/// One thing read from the inputs: a report, a problem met on the way (in the
/// order met: a repaired report's problem comes just before it), or a web page
/// still to be reduced to its report.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Report(Report),
    Problem(Problem),
    Page(Page),
}

/// An HTML page read but not yet reduced to its article. That step parses the
/// page, the costly part of reading it, so [`stream`] leaves it to whoever takes
/// the item (on a coding thread, in `sitrep extract`): [`Page::read`].
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    html: String,
    from: PageFrom,
}

#[derive(Debug, Clone, PartialEq)]
enum PageFrom {
    /// An `.html` file.
    File {
        shown: String,
        stem: String,
        file_name: String,
    },
    /// A response record of a WARC archive.
    Warc {
        shown: String,
        number: usize,
        url: Option<String>,
        date: Option<String>,
    },
}

impl Page {
    /// The page's article as a report, after the problems met: a repaired page
    /// (kept), or no text (skipped, and then no report).
    pub fn read(self) -> Vec<Item> {
        let mut out = Vec::new();
        let art = sitrep_web::extract(&self.html, sitrep_web::Hints::shared());
        match self.from {
            PageFrom::File {
                shown,
                stem,
                file_name,
            } => {
                if let Some((line, msg)) = art.issue {
                    out.push(Item::Problem(Problem {
                        path: shown.clone(),
                        line: Some(line),
                        message: msg,
                        skipped: false,
                    }));
                }
                if art.text.trim().is_empty() {
                    out.push(Item::Problem(Problem {
                        path: shown,
                        line: None,
                        message: "no text in this file".into(),
                        skipped: true,
                    }));
                    return out;
                }
                out.push(Item::Report(Report {
                    id: stem,
                    source_name: file_name,
                    url: art.canonical_url,
                    title: art.title,
                    published: art.published,
                    text: art.text,
                    origin: shown,
                }));
            }
            PageFrom::Warc {
                shown,
                number,
                url,
                date,
            } => {
                let origin = format!("{shown}#{number}");
                if let Some((line, msg)) = art.issue {
                    out.push(Item::Problem(Problem {
                        path: origin.clone(),
                        line: Some(line),
                        message: msg,
                        skipped: false,
                    }));
                }
                if art.text.trim().is_empty() {
                    out.push(Item::Problem(Problem {
                        path: shown,
                        line: None,
                        message: format!("record {number}: no text in this page"),
                        skipped: true,
                    }));
                    return out;
                }
                let url = art.canonical_url.or(url);
                let id = url.clone().unwrap_or_else(|| origin.clone());
                out.push(Item::Report(Report {
                    source_name: id.clone(),
                    id,
                    url,
                    title: art.title,
                    published: art
                        .published
                        .or_else(|| date.as_deref().and_then(parse_published)),
                    text: art.text,
                    origin,
                }));
            }
        }
        out
    }
}

/// Everything read from the inputs, in order (for the callers that need it all
/// at once: scoring, the deduplication measures, the watcher's folder files).
#[derive(Debug, Default)]
pub struct Batch {
    pub docs: Vec<Report>,
    pub problems: Vec<Problem>,
}

impl Extend<Item> for Batch {
    fn extend<T: IntoIterator<Item = Item>>(&mut self, items: T) {
        for it in items {
            match it {
                Item::Report(r) => self.docs.push(r),
                Item::Problem(p) => self.problems.push(p),
                Item::Page(p) => self.extend(p.read()),
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Jsonl,
    Html,
    Warc,
}

fn kind_of(path: &Path) -> Kind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return Kind::Warc;
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("jsonl") | Some("ndjson") => Kind::Jsonl,
        Some("html") | Some("htm") | Some("xhtml") => Kind::Html,
        _ => Kind::Text,
    }
}

fn readable_in_dir(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') {
        return false;
    }
    if kind_of(path) == Kind::Warc {
        return true;
    }
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("txt") | Some("jsonl") | Some("ndjson") | Some("html") | Some("htm")
    )
}

/// Expand the command-line inputs into files (directories recursively, sorted).
pub fn expand(inputs: &[PathBuf], problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in inputs {
        if p.as_os_str() == "-" {
            out.push(p.clone());
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out, problems, &mut seen),
            Ok(_) => out.push(p.clone()),
            Err(e) => problems.push(Problem {
                path: p.display().to_string(),
                line: None,
                message: format!("cannot read: {e}"),
                skipped: true,
            }),
        }
    }
    out
}

/// Walk a directory. `seen` holds the real paths of the directories and files
/// already taken, so a symlink loop ends and no file is read twice.
fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<Problem>,
    seen: &mut std::collections::HashSet<PathBuf>,
) {
    if let Ok(real) = std::fs::canonicalize(dir) {
        if !seen.insert(real) {
            problems.push(Problem {
                path: dir.display().to_string(),
                line: None,
                message:
                    "directory already read (a symbolic link loops back to it): not read again"
                        .into(),
                skipped: false,
            });
            return;
        }
    }
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            problems.push(Problem {
                path: dir.display().to_string(),
                line: None,
                message: format!("cannot list directory: {e}"),
                skipped: true,
            });
            return;
        }
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out, problems, seen);
        } else if readable_in_dir(&p) {
            // A file linked from two places is read once.
            if std::fs::canonicalize(&p).map_or(true, |real| seen.insert(real)) {
                out.push(p);
            }
        }
    }
}

/// The reports of the inputs, read lazily: directories are listed first (their
/// problems come first), then each file is opened when the previous one is done.
/// A JSON Lines file or standard input is read a line at a time and an archive a
/// record at a time, so at most one report (one line, page or text file) is held.
pub fn stream(inputs: &[PathBuf]) -> Inputs {
    let mut problems = Vec::new();
    let files = expand(inputs, &mut problems);
    Inputs {
        files: files.into_iter(),
        queue: problems.into_iter().map(Item::Problem).collect(),
        open: None,
    }
}

/// Read every input into a batch.
pub fn read_inputs(inputs: &[PathBuf]) -> Batch {
    let mut batch = Batch::default();
    batch.extend(stream(inputs));
    batch
}

/// Read one file (or `-`) into the batch.
pub fn read_one(path: &Path, batch: &mut Batch) {
    batch.extend(Inputs {
        files: vec![path.to_path_buf()].into_iter(),
        queue: VecDeque::new(),
        open: None,
    });
}

/// The iterator of [`stream`]: every [`Item`] of the inputs, in order.
pub struct Inputs {
    files: std::vec::IntoIter<PathBuf>,
    /// Items read but not yet handed out (a file's problem and its report).
    queue: VecDeque<Item>,
    /// The file being read a line or a record at a time.
    open: Option<Open>,
}

type Warc = sitrep_web::warc::Reader<BufReader<Box<dyn Read + Send>>>;

enum Open {
    /// JSON Lines: the reader, the name shown in problems, the last line number.
    Lines(Box<dyn BufRead + Send>, String, usize),
    Warc(Warc, String),
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(it) = self.queue.pop_front() {
                return Some(it);
            }
            if let Some(open) = &mut self.open {
                let more = match open {
                    Open::Lines(r, shown, lineno) => next_line(r, shown, lineno, &mut self.queue),
                    Open::Warc(r, shown) => next_record(r, shown, &mut self.queue),
                };
                if !more {
                    self.open = None;
                }
                continue;
            }
            let path = self.files.next()?;
            self.open = open_file(&path, &mut self.queue);
        }
    }
}

/// The first bytes of an input: at least 256 (the UTF-16 test's window) unless
/// the input is shorter, and for standard input up to its first non-blank byte
/// (which says JSON Lines or text).
fn read_head(r: &mut (impl Read + ?Sized), is_stdin: bool) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    r.take(256).read_to_end(&mut head)?;
    while is_stdin && head.len() >= 256 && head.iter().all(u8::is_ascii_whitespace) {
        if r.take(64 * 1024).read_to_end(&mut head)? == 0 {
            break;
        }
    }
    Ok(head)
}

/// Open one file (or `-`): a text or HTML file is read whole and its items queued
/// (`None` returned); JSON Lines and archives are returned open, to be read a line
/// or a record at a time.
fn open_file(path: &Path, queue: &mut VecDeque<Item>) -> Option<Open> {
    let is_stdin = path.as_os_str() == "-";
    let shown = if is_stdin {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let cannot_read = |shown: String, e: std::io::Error| {
        Item::Problem(Problem {
            path: shown,
            line: None,
            message: format!("cannot read: {e}"),
            skipped: true,
        })
    };
    if !is_stdin && kind_of(path) == Kind::Warc {
        return match sitrep_web::warc::Reader::open(path) {
            Ok(r) => Some(Open::Warc(r, shown)),
            Err(e) => {
                queue.push_back(Item::Problem(Problem {
                    path: shown,
                    line: None,
                    message: format!("cannot read: {e}"),
                    skipped: true,
                }));
                None
            }
        };
    }
    let mut src: Box<dyn Read + Send> = if is_stdin {
        Box::new(std::io::stdin())
    } else {
        match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                queue.push_back(cannot_read(shown, e));
                return None;
            }
        }
    };
    let head = match read_head(&mut src, is_stdin) {
        Ok(h) => h,
        Err(e) => {
            queue.push_back(cannot_read(shown, e));
            return None;
        }
    };
    // UTF-16 is converted whole (rare, and its lines cannot be split as bytes).
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    let head = if utf16 {
        let mut all = head;
        if let Err(e) = src.read_to_end(&mut all) {
            queue.push_back(cannot_read(shown, e));
            return None;
        }
        src = Box::new(std::io::empty());
        all
    } else {
        head
    };
    let head = match decode_bom(head) {
        Ok(b) => b,
        Err(msg) => {
            queue.push_back(Item::Problem(Problem {
                path: shown,
                line: None,
                message: msg,
                skipped: true,
            }));
            return None;
        }
    };
    let kind = if is_stdin {
        let first = head.iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'{') {
            Kind::Jsonl
        } else {
            Kind::Text
        }
    } else {
        kind_of(path)
    };
    let body = std::io::Cursor::new(head).chain(src);
    if kind == Kind::Jsonl {
        let r = BufReader::with_capacity(64 * 1024, body);
        return Some(Open::Lines(Box::new(r), shown, 0));
    }
    let mut bytes = Vec::new();
    if let Err(e) = { body }.read_to_end(&mut bytes) {
        queue.push_back(cannot_read(shown, e));
        return None;
    }
    let file_name = if is_stdin {
        "stdin".to_string()
    } else {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown.clone())
    };
    let stem = if is_stdin {
        "stdin".to_string()
    } else {
        path.file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown.clone())
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            queue.push_back(Item::Problem(utf8_problem(&shown, &bytes, e, None)));
            return None;
        }
    };
    if kind == Kind::Html {
        queue.push_back(Item::Page(Page {
            html: text.to_string(),
            from: PageFrom::File {
                shown,
                stem,
                file_name,
            },
        }));
        return None;
    }
    if text.trim().is_empty() {
        queue.push_back(Item::Problem(Problem {
            path: shown,
            line: None,
            message: "no text in this file".into(),
            skipped: true,
        }));
        return None;
    }
    queue.push_back(Item::Report(Report {
        id: stem,
        source_name: file_name,
        url: None,
        title: None,
        published: None,
        text: text.to_string(),
        origin: shown,
    }));
    None
}

/// Read the next line of a JSON Lines input into `queue`; false at its end.
fn next_line(
    r: &mut Box<dyn BufRead + Send>,
    shown: &str,
    lineno: &mut usize,
    queue: &mut VecDeque<Item>,
) -> bool {
    let mut line = Vec::new();
    match r.read_until(b'\n', &mut line) {
        Ok(0) => false,
        Ok(_) => {
            *lineno += 1;
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            jsonl_line(&line, shown, *lineno, queue);
            true
        }
        Err(e) => {
            queue.push_back(Item::Problem(Problem {
                path: shown.to_string(),
                line: Some(*lineno + 1),
                message: format!("cannot read: {e}; the rest of the file skipped"),
                skipped: true,
            }));
            false
        }
    }
}

/// Read the next record of a WARC archive into `queue`: every HTML response
/// (status 200) is a page, read like a page file ([`Page::read`]); its id and
/// `sources[].doc` are its URL, its date the page's or else the capture's. False
/// at the archive's end.
fn next_record(reader: &mut Warc, shown: &str, queue: &mut VecDeque<Item>) -> bool {
    let problem = |message: String, skipped| {
        Item::Problem(Problem {
            path: shown.to_string(),
            line: None,
            message,
            skipped,
        })
    };
    let rec = match reader.next() {
        None => return false,
        Some(Ok(r)) => r,
        Some(Err(e)) => {
            queue.push_back(problem(
                format!("{e}; the rest of the archive skipped"),
                true,
            ));
            return false;
        }
    };
    let page = match sitrep_web::warc::html_page(&rec) {
        None => return true,
        Some(Ok(p)) => p,
        Some(Err(m)) => {
            queue.push_back(problem(format!("record {}: {m}", rec.number), true));
            return true;
        }
    };
    if page.lossy {
        queue.push_back(problem(
            format!("record {}: not UTF-8; bad bytes replaced", rec.number),
            false,
        ));
    }
    queue.push_back(Item::Page(Page {
        html: page.html,
        from: PageFrom::Warc {
            shown: shown.to_string(),
            number: rec.number,
            url: page.url,
            date: page.date,
        },
    }));
    true
}

/// The bytes of an input as UTF-8: a UTF-8 byte-order mark is dropped, UTF-16
/// with its mark is converted; UTF-16 without a mark (NUL bytes between ASCII
/// letters) is refused with a message rather than read as no text. Only the
/// first 256 bytes are looked at for that test, so a head of the input will do.
fn decode_bom(bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(rest.to_vec());
    }
    let utf16 = |body: &[u8], le: bool| -> Result<Vec<u8>, String> {
        let units: Vec<u16> = body
            .chunks(2)
            .map(|c| match (c, le) {
                ([a, b], true) => u16::from_le_bytes([*a, *b]),
                ([a, b], false) => u16::from_be_bytes([*a, *b]),
                _ => 0xFFFD,
            })
            .collect();
        String::from_utf16(&units)
            .map(String::into_bytes)
            .map_err(|_| {
                "invalid UTF-16 (after its byte-order mark): convert the file to UTF-8".into()
            })
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    let head = bytes.get(..bytes.len().min(256)).unwrap_or(&bytes);
    let nuls = head.iter().filter(|&&b| b == 0).count();
    if head.len() >= 8 && nuls * 4 >= head.len() {
        return Err(
            "looks like UTF-16 without a byte-order mark (or a binary file): sitrep reads UTF-8; convert it first (e.g. `iconv -f UTF-16LE -t UTF-8`)"
                .into(),
        );
    }
    Ok(bytes)
}

fn utf8_problem(
    path: &str,
    bytes: &[u8],
    e: std::str::Utf8Error,
    base_line: Option<usize>,
) -> Problem {
    let at = e.valid_up_to();
    let line_in = bytes
        .get(..at)
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0)
        + 1;
    let line = base_line.unwrap_or(line_in);
    Problem {
        path: path.to_string(),
        line: Some(line),
        message: format!(
            "invalid UTF-8 at byte {at}: sitrep reads UTF-8 only; convert the file first (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"
        ),
        skipped: true,
    }
}

#[derive(Deserialize)]
struct JsonReport {
    id: Option<serde_json::Value>,
    url: Option<String>,
    title: Option<String>,
    published: Option<String>,
    text: Option<String>,
}

/// The reports of the JSON Lines `bytes` (named `shown` in problems), added to
/// `batch`; public for the fuzz targets and the bounded fuzz test.
pub fn read_jsonl(bytes: &[u8], shown: &str, batch: &mut Batch) {
    let mut queue = VecDeque::new();
    for (i, raw_line) in bytes.split(|&b| b == b'\n').enumerate() {
        jsonl_line(raw_line, shown, i + 1, &mut queue);
        batch.extend(queue.drain(..));
    }
}

/// One line of JSON Lines (without its `\n`), line number `lineno`: its report
/// and problems, queued; nothing for a blank line.
fn jsonl_line(raw_line: &[u8], shown: &str, lineno: usize, queue: &mut VecDeque<Item>) {
    let problem = |message: String, skipped| {
        Item::Problem(Problem {
            path: shown.to_string(),
            line: Some(lineno),
            message,
            skipped,
        })
    };
    let line = match std::str::from_utf8(raw_line) {
        Ok(l) => l.trim(),
        Err(e) => {
            queue.push_back(Item::Problem(utf8_problem(
                shown,
                raw_line,
                e,
                Some(lineno),
            )));
            return;
        }
    };
    if line.is_empty() {
        return;
    }
    let rep: JsonReport = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => {
            queue.push_back(problem(
                format!(
                    "not a JSON report object ({e}); expected {{\"id\",\"url\",\"title\",\"published\",\"text\"}}"
                ),
                true,
            ));
            return;
        }
    };
    let text = match rep.text {
        Some(t) if !t.trim().is_empty() => t,
        _ => {
            queue.push_back(problem("report has no \"text\"".into(), true));
            return;
        }
    };
    let id = match rep.id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => origin(shown, lineno),
    };
    let published = match rep.published.as_deref() {
        None | Some("") => None,
        Some(p) => match parse_published(p) {
            Some(d) => Some(d),
            None => {
                queue.push_back(problem(
                    format!("\"published\" is not a date (YYYY-MM-DD): {p:?}; kept the report without it"),
                    false,
                ));
                None
            }
        },
    };
    queue.push_back(Item::Report(Report {
        source_name: id.clone(),
        id,
        url: rep.url,
        title: rep.title,
        published,
        text,
        origin: origin(shown, lineno),
    }));
}

/// "path:line", where a report of a JSON Lines file came from: pushed piece
/// by piece, a fraction of the cost of `format!` on every report.
fn origin(shown: &str, lineno: usize) -> String {
    let line = lineno.to_string();
    let mut o = String::with_capacity(shown.len() + 1 + line.len());
    o.push_str(shown);
    o.push(':');
    o.push_str(&line);
    o
}

/// The HTML reduction used before `sitrep-web` (kept as the baseline that the
/// page-folder test measures against; the HTML path no longer calls it).
///
/// Reduce an HTML page to text: block elements become line breaks, `script`,
/// `style`, `nav`, `header`, `footer`, `aside` and comments are dropped, entities
/// are decoded. Tolerant of broken markup; returns the text and, when the page
/// was truncated or malformed, the line of the first defect with a message.
pub fn html_to_text(html: &str) -> (String, Option<(usize, String)>) {
    let mut out = String::with_capacity(html.len() / 2);
    let mut issue: Option<(usize, String)> = None;
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut skip_until: Option<&'static str> = None;
    let line_at = |pos: usize| {
        html.get(..pos)
            .map(|s| s.matches('\n').count())
            .unwrap_or(0)
            + 1
    };
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if html[i..].starts_with("<!--") {
                match html[i..].find("-->") {
                    Some(e) => i += e + 3,
                    None => {
                        issue.get_or_insert((
                            line_at(i),
                            "unterminated HTML comment; text after it dropped".into(),
                        ));
                        break;
                    }
                }
                continue;
            }
            let Some(close) = html[i..].find('>') else {
                issue.get_or_insert((
                    line_at(i),
                    "truncated HTML: a tag is never closed; kept the text before it".into(),
                ));
                break;
            };
            let tag = &html[i + 1..i + close];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            let closing = tag.starts_with('/');
            i += close + 1;
            if let Some(end) = skip_until {
                if closing && name == end {
                    skip_until = None;
                }
                continue;
            }
            if !closing {
                skip_until = match name.as_str() {
                    "script" => Some("script"),
                    "style" => Some("style"),
                    "nav" => Some("nav"),
                    "header" => Some("header"),
                    "footer" => Some("footer"),
                    "aside" => Some("aside"),
                    "noscript" => Some("noscript"),
                    _ => None,
                };
                if tag.ends_with('/') {
                    skip_until = None;
                }
            }
            if matches!(
                name.as_str(),
                "p" | "br"
                    | "div"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "li"
                    | "tr"
                    | "title"
                    | "article"
                    | "section"
                    | "blockquote"
            ) && !out.ends_with("\n\n")
                && !out.is_empty()
            {
                out.push_str(if name == "br" { "\n" } else { "\n\n" });
            }
            continue;
        }
        let next = html[i..].find('<').map(|n| i + n).unwrap_or(bytes.len());
        if skip_until.is_none() {
            let chunk = &html[i..next];
            let decoded = decode_entities(chunk);
            // Collapse runs of whitespace inside a block.
            let mut last_space = out.ends_with(' ') || out.ends_with('\n') || out.is_empty();
            for c in decoded.chars() {
                if c.is_whitespace() {
                    if !last_space {
                        out.push(' ');
                        last_space = true;
                    }
                } else {
                    out.push(c);
                    last_space = false;
                }
            }
        }
        i = next;
    }
    if let Some(end) = skip_until {
        issue.get_or_insert((line_at(html.len()), format!("<{end}> is never closed")));
    }
    let text: Vec<&str> = out.lines().map(|l| l.trim()).collect();
    let mut joined = String::new();
    let mut blank = false;
    for l in text {
        if l.is_empty() {
            if !blank && !joined.is_empty() {
                joined.push('\n');
            }
            blank = true;
        } else {
            if !joined.is_empty() && !joined.ends_with('\n') {
                joined.push('\n');
            }
            joined.push_str(l);
            joined.push('\n');
            blank = false;
        }
    }
    (joined.trim().to_string(), issue)
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let tail = &rest[p..];
        // Only the first eleven bytes can hold the `;` of an entity: a search of
        // the whole rest would make text with many bare `&` quadratic.
        let end = tail.bytes().take(11).position(|b| b == b';');
        let decoded = end.and_then(|e| {
            let ent = &tail[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                "rsquo" | "lsquo" => Some('\''),
                "ldquo" | "rdquo" => Some('"'),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                    u32::from_str_radix(&ent[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if ent.starts_with('#') => ent[1..].parse::<u32>().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch_of(name: &str, bytes: &[u8]) -> (Batch, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        (read_inputs(&[p]), dir)
    }

    #[test]
    fn invalid_utf8_is_reported_with_line_and_skipped() {
        let (b, _d) = batch_of("x.txt", b"Title\n\nA blast\nhit \xff\xfe the town.\n");
        assert!(b.docs.is_empty());
        assert_eq!(b.problems.len(), 1);
        assert_eq!(b.problems[0].line, Some(4));
        assert!(b.problems[0].skipped);
        assert!(b.problems[0].to_string().contains("x.txt:4: invalid UTF-8"));
    }

    #[test]
    fn jsonl_bad_lines_are_skipped_good_ones_kept() {
        let data = b"{\"id\":\"a\",\"text\":\"One.\",\"published\":\"2024-03-05T10:00:00Z\"}\n{not json\n{\"id\":\"c\"}\n\n{\"id\":\"d\",\"text\":\"Two.\"}\n";
        let (b, _d) = batch_of("r.jsonl", data);
        assert_eq!(b.docs.len(), 2);
        assert_eq!(b.docs[0].published, NaiveDate::from_ymd_opt(2024, 3, 5));
        assert_eq!(b.docs[1].id, "d");
        let lines: Vec<_> = b.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![Some(2), Some(3)]);
    }

    #[test]
    fn a_jsonl_file_streamed_gives_what_its_bytes_give() {
        let body: &[u8] = b"{\"id\":\"a\",\"text\":\"One.\"}\r\n\n{bad\n{\"text\":\"Two \xff.\"}\n{\"id\":7,\"text\":\"Three.\",\"published\":\"soon\"}";
        let mut whole = Batch::default();
        read_jsonl(body, "r.jsonl", &mut whole);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(body);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        std::fs::write(&p, &bom).unwrap();
        let items: Vec<Item> = stream(std::slice::from_ref(&p)).collect();
        let shown = p.display().to_string();
        let mut streamed = Batch::default();
        streamed.extend(items.iter().cloned());
        let ids: Vec<_> = streamed.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "7"]);
        assert_eq!(streamed.docs[1].origin, format!("{shown}:5"));
        let lines: Vec<_> = streamed.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![Some(3), Some(4), Some(5)]);
        assert_eq!(whole.docs.len(), 2);
        for (a, b) in whole.problems.iter().zip(&streamed.problems) {
            assert_eq!(
                (a.line, &a.message, a.skipped),
                (b.line, &b.message, b.skipped)
            );
        }
        // The repaired report's problem comes just before it.
        assert!(matches!(&items[items.len() - 2], Item::Problem(p) if !p.skipped));
    }

    #[test]
    fn missing_file_is_a_problem_not_a_panic() {
        let b = read_inputs(&[PathBuf::from("/nonexistent/really/not.txt")]);
        assert!(b.docs.is_empty());
        assert_eq!(b.problems.len(), 1);
        assert!(b.problems[0].message.contains("cannot read"));
    }

    #[test]
    fn html_is_reduced_to_text_and_truncation_reported() {
        let (t, issue) = html_to_text(
            "<html><head><style>p{}</style><title>Blast</title></head><body><nav>Menu</nav><p>A bomb &amp; a fire.</p><p>Two died</body>",
        );
        assert!(t.contains("A bomb & a fire."), "{t}");
        assert!(!t.contains("Menu"));
        assert!(!t.contains("p{}"));
        assert!(issue.is_none());
        let (t, issue) = html_to_text("<p>First para.</p>\n<p>Second <b");
        assert!(t.contains("First para."));
        assert_eq!(issue.map(|i| i.0), Some(2));
    }

    #[test]
    fn html_pages_give_the_article_with_its_metadata() {
        let page = r#"<html><head><title>Blast in Gao | Sahel Daily</title>
<link rel="canonical" href="https://sahel.example/blast-gao">
<meta property="article:published_time" content="2024-05-02T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World news</a></nav>
<article><h1>Blast in Gao</h1><p>A roadside bomb struck a minibus outside Gao on Wednesday, killing five passengers, officials said.</p>
<figure><img src="x.jpg"><figcaption>The road east of Gao, in a file photo</figcaption></figure>
<p>No group said it had planted the device, which exploded as the bus left the town.</p></article>
<div class="related-stories"><a href="/a">Convoy attacked near Menaka in overnight raid</a></div>
<p>Second <b"#;
        let (b, _d) = batch_of("gao.html", page.as_bytes());
        assert_eq!(b.docs.len(), 1);
        let d = &b.docs[0];
        assert_eq!(d.title.as_deref(), Some("Blast in Gao"));
        assert_eq!(d.url.as_deref(), Some("https://sahel.example/blast-gao"));
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2024, 5, 2));
        assert!(
            d.text.starts_with("Blast in Gao\n\nA roadside bomb"),
            "{}",
            d.text
        );
        for boiler in ["World news", "file photo", "Menaka"] {
            assert!(!d.text.contains(boiler), "{boiler}: {}", d.text);
        }
        // Truncated: repaired, kept, and reported with its line.
        assert_eq!(b.problems.len(), 1);
        assert!(!b.problems[0].skipped);
        assert_eq!(b.problems[0].line, Some(9));
    }

    #[test]
    fn warc_archives_give_one_report_per_html_response() {
        use flate2::{write::GzEncoder, Compression};
        use std::io::Write;
        let mut file = Vec::new();
        let pages = [
            ("http://n.test/a", "200 OK", "text/html", "<title>A</title><p>Militants raided a police station in the north overnight, officials said.</p>"),
            ("http://n.test/b", "404 Not Found", "text/html", "<p>Missing</p>"),
            ("http://n.test/c", "200 OK", "image/jpeg", "JFIF"),
            ("http://n.test/d", "200 OK", "text/html", "<p>Soldiers clashed with rebels near the border on Sunday.</p>"),
        ];
        for (url, status, ct, body) in pages {
            let block = format!("HTTP/1.1 {status}\r\nContent-Type: {ct}\r\n\r\n{body}");
            let mut rec = Vec::new();
            sitrep_web::warc::write_record(
                &mut rec,
                &[
                    ("WARC-Type", "response"),
                    ("WARC-Target-URI", url),
                    ("WARC-Date", "2024-07-09T11:00:00Z"),
                ],
                block.as_bytes(),
            );
            let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
            gz.write_all(&rec).unwrap();
            file.extend(gz.finish().unwrap());
        }
        file.extend_from_slice(&[0x1f, 0x8b, 0x08]); // a cut-off last member
        let (b, _d) = batch_of("news.warc.gz", &file);
        let ids: Vec<_> = b.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, vec!["http://n.test/a", "http://n.test/d"]);
        assert_eq!(b.docs[1].published, NaiveDate::from_ymd_opt(2024, 7, 9));
        assert_eq!(
            b.docs[1].origin,
            format!("{}#4", b.docs[1].origin.split('#').next().unwrap())
        );
        assert_eq!(b.problems.len(), 1, "{:?}", b.problems);
        assert!(b.problems[0].skipped);
    }

    /// The page folder, before (the old stripper) and after (sitrep-web).
    #[test]
    fn page_folder_before_and_after() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/pages");
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        names.sort();
        let mut sums = [0.0f64; 4];
        for p in &names {
            let html = std::fs::read_to_string(p).unwrap();
            let exp = std::fs::read_to_string(p.with_extension("expected.txt")).unwrap();
            let before = sitrep_web::measure::score(&exp, &html_to_text(&html).0, &html);
            let b = read_inputs(std::slice::from_ref(p));
            let after = sitrep_web::measure::score(&exp, &b.docs[0].text, &html);
            for (i, v) in [
                before.recovered,
                before.boilerplate_kept,
                after.recovered,
                after.boilerplate_kept,
            ]
            .into_iter()
            .enumerate()
            {
                sums[i] += v / names.len() as f64;
            }
        }
        println!(
            "{} pages: before recovered {:.1}% boilerplate kept {:.1}%; after recovered {:.1}% boilerplate kept {:.1}%",
            names.len(), 100.0 * sums[0], 100.0 * sums[1], 100.0 * sums[2], 100.0 * sums[3]
        );
        assert!(sums[2] >= 0.97 && sums[3] <= 0.05, "{sums:?}");
        assert!(sums[3] < sums[1]);
    }

    #[test]
    fn byte_order_marks_and_utf16_are_read() {
        let line = "{\"id\":\"a\",\"text\":\"Shelling hit the market.\"}\n";
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(line.as_bytes());
        let (b, _d) = batch_of("r.jsonl", &bom);
        assert_eq!(b.docs.len(), 1, "{:?}", b.problems);
        assert_eq!(b.docs[0].id, "a");
        let mut le = b"\xFF\xFE".to_vec();
        for u in "Shelling hit the market.".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let (b, _d) = batch_of("r.txt", &le);
        assert_eq!(b.docs.len(), 1, "{:?}", b.problems);
        assert_eq!(b.docs[0].text, "Shelling hit the market.");
        let no_mark: Vec<u8> = le[2..].to_vec();
        let (b, _d) = batch_of("r.txt", &no_mark);
        assert!(b.docs.is_empty());
        assert!(b
            .problems
            .iter()
            .any(|p| p.skipped && p.message.contains("UTF-16")));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_ends_and_files_are_read_once() {
        let d = tempfile::tempdir().unwrap();
        let sub = d.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("a.txt"), "Gunmen attacked a village.").unwrap();
        std::os::unix::fs::symlink(d.path(), sub.join("loop")).unwrap();
        std::os::unix::fs::symlink(sub.join("a.txt"), d.path().join("b.txt")).unwrap();
        let mut problems = Vec::new();
        let files = expand(&[d.path().to_path_buf()], &mut problems);
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(
            problems.iter().any(|p| p.message.contains("loops")),
            "{problems:?}"
        );
    }

    #[test]
    fn directories_are_walked_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "B report").unwrap();
        std::fs::write(dir.path().join("a.txt"), "A report").unwrap();
        std::fs::write(dir.path().join("notes.md"), "ignored").unwrap();
        let b = read_inputs(&[dir.path().to_path_buf()]);
        let ids: Vec<_> = b.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "b"]);
    }
}
