/*!
A streaming WARC reader (ISO 28500, WARC/1.0 and 1.1) and the HTML pages in it.

Common Crawl's news archives are `.warc.gz` files in which every record is its own
gzip member; [`Reader::open`] decompresses such a file (or reads a plain `.warc`) as
one stream, record by record, so an archive of any size is read in constant memory
(one record at a time; records over [`MAX_RECORD`] bytes are skipped, not loaded).

[`html_page`] takes a `response` record whose HTTP status is 200 and whose content
type is HTML, decodes a chunked or gzip-encoded body, and returns the page with its
URL and capture date. Other records (request, metadata, warcinfo, redirects, PDFs …)
give `None`.
*/

use crate::WebError;
use flate2::read::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Records with a larger block are skipped.
pub const MAX_RECORD: u64 = 64 * 1024 * 1024;

/// One WARC record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// 1-based position in the archive.
    pub number: usize,
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
}

impl Record {
    /// A header's value (names compare case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads records one after another.
pub struct Reader<R: BufRead> {
    r: R,
    number: usize,
    done: bool,
}

impl Reader<BufReader<Box<dyn Read + Send>>> {
    /// A `.warc` or `.warc.gz` file (gzip is recognised by its magic bytes).
    pub fn open(path: &Path) -> Result<Self, WebError> {
        let io = |e| WebError::Io(path.display().to_string(), e);
        let mut f = BufReader::new(std::fs::File::open(path).map_err(io)?);
        let gz = f.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]);
        let inner: Box<dyn Read + Send> = if gz {
            Box::new(MultiGzDecoder::new(f))
        } else {
            Box::new(f)
        };
        Ok(Reader::new(BufReader::new(inner)))
    }
}

impl<R: BufRead> Reader<R> {
    pub fn new(r: R) -> Self {
        Reader {
            r,
            number: 0,
            done: false,
        }
    }

    fn line(&mut self) -> Result<Option<String>, String> {
        let mut buf = Vec::new();
        let n = self
            .r
            .read_until(b'\n', &mut buf)
            .map_err(|e| format!("cannot read: {e}"))?;
        if n == 0 {
            return Ok(None);
        }
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    fn next_record(&mut self) -> Result<Option<Record>, String> {
        // Skip the blank lines that end the previous record.
        let version = loop {
            match self.line()? {
                None => return Ok(None),
                Some(l) if l.trim().is_empty() => continue,
                Some(l) => break l,
            }
        };
        self.number += 1;
        if !version.starts_with("WARC/") {
            return Err(format!(
                "expected a WARC/1.x version line, found {version:?}"
            ));
        }
        let mut headers = Vec::new();
        loop {
            match self.line()? {
                None => return Err("the archive ends inside a record's headers".into()),
                Some(l) if l.is_empty() => break,
                Some(l) => {
                    if let Some((k, v)) = l.split_once(':') {
                        headers.push((k.trim().to_string(), v.trim().to_string()));
                    }
                }
            }
        }
        let len: u64 = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse().ok())
            .ok_or("record without a valid Content-Length")?;
        let mut block = Vec::new();
        if len > MAX_RECORD {
            std::io::copy(&mut (&mut self.r).take(len), &mut std::io::sink())
                .map_err(|e| format!("cannot read: {e}"))?;
        } else {
            (&mut self.r)
                .take(len)
                .read_to_end(&mut block)
                .map_err(|e| format!("cannot read: {e}"))?;
            if (block.len() as u64) < len {
                return Err(format!(
                    "truncated: the block has {} of its {len} bytes",
                    block.len()
                ));
            }
        }
        Ok(Some(Record {
            number: self.number,
            headers,
            block,
        }))
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Record, WebError>;

    /// The next record; after an error the archive cannot be resynchronised and the
    /// iteration ends.
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(m) => {
                self.done = true;
                Some(Err(WebError::Warc(self.number, m)))
            }
        }
    }
}

/// An HTML page captured in an archive.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub url: Option<String>,
    /// `WARC-Date` (the capture time, RFC 3339).
    pub date: Option<String>,
    pub html: String,
    /// True when the body was not valid UTF-8 and bad bytes were replaced.
    pub lossy: bool,
}

/// The HTML page of a `response` record with status 200, or `None` for any other
/// record; `Some(Err)` for a response that cannot be decoded.
pub fn html_page(rec: &Record) -> Option<Result<Page, String>> {
    if !rec
        .header("WARC-Type")
        .is_some_and(|t| t.eq_ignore_ascii_case("response"))
    {
        return None;
    }
    let split = find(&rec.block, b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| find(&rec.block, b"\n\n").map(|i| (i, 2)));
    let Some((head_end, sep)) = split else {
        return Some(Err("HTTP response without a header end".into()));
    };
    let head = String::from_utf8_lossy(&rec.block[..head_end]);
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse::<u16>().ok());
    if status != Some(200) {
        return None;
    }
    let mut ctype = String::new();
    let mut chunked = false;
    let mut gzip = false;
    for l in lines {
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let v = v.trim().to_ascii_lowercase();
        match k.trim().to_ascii_lowercase().as_str() {
            "content-type" => ctype = v,
            "transfer-encoding" => chunked = v.contains("chunked"),
            "content-encoding" => gzip = v.contains("gzip"),
            _ => {}
        }
    }
    if !(ctype.starts_with("text/html") || ctype.starts_with("application/xhtml")) {
        return None;
    }
    let mut body = rec.block[head_end + sep..].to_vec();
    if chunked {
        match dechunk(&body) {
            Some(b) => body = b,
            None => return Some(Err("bad chunked transfer encoding".into())),
        }
    }
    if gzip {
        let mut out = Vec::new();
        if MultiGzDecoder::new(&body[..])
            .read_to_end(&mut out)
            .is_err()
        {
            return Some(Err("bad gzip content encoding".into()));
        }
        body = out;
    }
    let (html, lossy) = match String::from_utf8(body) {
        Ok(s) => (s, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    };
    Some(Ok(Page {
        url: rec.header("WARC-Target-URI").map(str::to_string),
        date: rec.header("WARC-Date").map(str::to_string),
        html,
        lossy,
    }))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let nl = find(b, b"\r\n")?;
        let size_str = std::str::from_utf8(&b[..nl]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        b = &b[nl + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..)?;
    }
}

/// Write one record (for tests and tools): headers get `WARC/1.0`, the block's
/// `Content-Length`, and the record its closing blank lines.
pub fn write_record(out: &mut Vec<u8>, headers: &[(&str, &str)], block: &[u8]) {
    out.extend_from_slice(b"WARC/1.0\r\n");
    for (k, v) in headers {
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;

    fn response(url: &str, status: &str, ctype: &str, body: &str) -> Vec<u8> {
        let block = format!("HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n\r\n{body}");
        let mut r = Vec::new();
        write_record(
            &mut r,
            &[
                ("WARC-Type", "response"),
                ("WARC-Target-URI", url),
                ("WARC-Date", "2024-06-01T10:00:00Z"),
                ("Content-Type", "application/http; msgtype=response"),
            ],
            block.as_bytes(),
        );
        r
    }

    fn gz(member: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(member).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzip_per_record_archive_gives_only_html_200_pages() {
        let mut file = Vec::new();
        let mut info = Vec::new();
        write_record(
            &mut info,
            &[("WARC-Type", "warcinfo")],
            b"software: test\r\n",
        );
        for rec in [
            info,
            response(
                "http://a.test/1",
                "200 OK",
                "text/html; charset=utf-8",
                "<p>One</p>",
            ),
            response("http://a.test/2", "301 Moved", "text/html", ""),
            response("http://a.test/3", "200 OK", "application/pdf", "%PDF"),
            response("http://a.test/4", "200 OK", "text/html", "<p>Four</p>"),
        ] {
            file.extend(gz(&rec));
        }
        let dir = std::env::temp_dir().join(format!("sitrep-warc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("t.warc.gz");
        std::fs::write(&p, &file).unwrap();
        let recs: Vec<_> = Reader::open(&p).unwrap().collect();
        assert_eq!(recs.len(), 5);
        let pages: Vec<Page> = recs
            .iter()
            .filter_map(|r| html_page(r.as_ref().unwrap()))
            .map(|p| p.unwrap())
            .collect();
        let urls: Vec<_> = pages.iter().map(|p| p.url.as_deref().unwrap()).collect();
        assert_eq!(urls, vec!["http://a.test/1", "http://a.test/4"]);
        assert_eq!(pages[1].html, "<p>Four</p>");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn truncated_archive_is_an_error_not_a_panic() {
        let rec = response(
            "http://a.test/1",
            "200 OK",
            "text/html",
            "<p>One two three</p>",
        );
        let cut = &rec[..rec.len() - 12];
        let out: Vec<_> = Reader::new(cut).collect();
        assert_eq!(out.len(), 1);
        assert!(out[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("truncated"));
        let junk: Vec<_> = Reader::new(&b"GET / HTTP/1.1\r\n\r\n"[..]).collect();
        assert!(junk[0].is_err());
    }

    #[test]
    fn chunked_bodies_are_decoded() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert_eq!(dechunk(b"ff\r\nab"), None);
    }
}
