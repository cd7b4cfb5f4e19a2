/*!
The one knowledge loader: every crate reads the files of `data/` through here.

A [`Data`] is where knowledge files come from: the copies compiled into the
binary ([`Data::embedded`], a table of `include_str!` each crate keeps beside
its parser) or a directory laid out like the repository's `data/` ([`Data::dir`],
the `--data DIR` of the command line). Both are read by the same
[`Data::text`], so embedded and run-time knowledge go through one path, and a
missing file is an error ([`DataError::Missing`]), never empty knowledge.

[`rows`] and [`lines`] are the one reader of the line files (`*.txt`) and
tab-separated files (`*.tsv`): blank lines and lines starting with `#` are
skipped, each row knows its file and 1-based line, and [`Row::error`] makes the
error every parser returns for a malformed row: `file:line: reason`.

This crate does I/O (reading the directory); the parsers over (file name, text)
it serves do not, so they are tested without files.
*/

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// What can go wrong while loading knowledge.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A knowledge file is not there (in the directory or the embedded table).
    #[error("{file}: missing knowledge file")]
    Missing { file: String },
    /// The file is there but cannot be read.
    #[error("cannot read {file}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    /// A row or line does not say what its file expects.
    #[error("{file}:{line}: {reason}")]
    Malformed {
        file: String,
        line: usize,
        reason: String,
    },
}

impl DataError {
    /// A malformed row of `file` at 1-based `line` (0 when the fault is the
    /// file as a whole).
    pub fn malformed(file: &str, line: usize, reason: impl Into<String>) -> DataError {
        DataError::Malformed {
            file: file.to_string(),
            line,
            reason: reason.into(),
        }
    }
}

/// Embedded knowledge files: (name relative to the loading crate's folder, text).
pub type Embedded = &'static [(&'static str, &'static str)];

/// Where knowledge files come from.
#[derive(Debug, Clone)]
pub enum Data {
    /// Compiled into the binary.
    Embedded(Embedded),
    /// Read from this directory at run time.
    Dir(PathBuf),
}

impl Data {
    /// The files compiled into the binary.
    pub fn embedded(files: Embedded) -> Data {
        Data::Embedded(files)
    }

    /// The files of a directory (e.g. `data/lexicons`).
    pub fn dir(dir: impl AsRef<Path>) -> Data {
        Data::Dir(dir.as_ref().to_path_buf())
    }

    /// How the file `name` is named in messages: its path, or `name` itself
    /// when embedded.
    pub fn display(&self, name: &str) -> String {
        match self {
            Data::Embedded(_) => name.to_string(),
            Data::Dir(d) => d.join(name).display().to_string(),
        }
    }

    /// The text of the file `name`: borrowed when embedded, read when in a
    /// directory. A file that is not there is [`DataError::Missing`].
    pub fn text(&self, name: &str) -> Result<Cow<'static, str>, DataError> {
        match self {
            Data::Embedded(files) => files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| Cow::Borrowed(*t))
                .ok_or_else(|| DataError::Missing {
                    file: name.to_string(),
                }),
            Data::Dir(d) => {
                let p = d.join(name);
                std::fs::read_to_string(&p)
                    .map(Cow::Owned)
                    .map_err(|source| {
                        let file = p.display().to_string();
                        if source.kind() == std::io::ErrorKind::NotFound {
                            DataError::Missing { file }
                        } else {
                            DataError::Io { file, source }
                        }
                    })
            }
        }
    }

    /// The names of the files ending in `suffix` directly in folder `sub`
    /// (`""` for the top), each as `sub/NAME` (or `NAME` at the top): in the
    /// embedded table's order, or in name order in a directory. A directory
    /// source whose folder `sub` is absent has none; the top folder itself
    /// must exist.
    pub fn list(&self, sub: &str, suffix: &str) -> Result<Vec<String>, DataError> {
        let prefix = if sub.is_empty() {
            String::new()
        } else {
            format!("{sub}/")
        };
        match self {
            Data::Embedded(files) => Ok(files
                .iter()
                .map(|(n, _)| *n)
                .filter(|n| {
                    n.strip_prefix(prefix.as_str())
                        .is_some_and(|rest| !rest.contains('/') && rest.ends_with(suffix))
                })
                .map(str::to_string)
                .collect()),
            Data::Dir(d) => {
                let dir = if sub.is_empty() {
                    d.clone()
                } else {
                    d.join(sub)
                };
                if !sub.is_empty() && !dir.is_dir() {
                    return Ok(Vec::new());
                }
                let file = dir.display().to_string();
                let io = |source: std::io::Error| {
                    if source.kind() == std::io::ErrorKind::NotFound {
                        DataError::Missing { file: file.clone() }
                    } else {
                        DataError::Io {
                            file: file.clone(),
                            source,
                        }
                    }
                };
                let mut out = Vec::new();
                for ent in std::fs::read_dir(&dir).map_err(io)? {
                    let p = ent.map_err(io)?.path();
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    if p.is_file() && name.ends_with(suffix) {
                        out.push(format!("{prefix}{name}"));
                    }
                }
                out.sort();
                Ok(out)
            }
        }
    }
}

/// One line of a line file: its file, 1-based line number and trimmed text.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub file: &'a str,
    pub line: usize,
    pub text: &'a str,
}

impl Line<'_> {
    /// The error for this line: `file:line: reason`.
    pub fn error(&self, reason: impl Into<String>) -> DataError {
        DataError::malformed(self.file, self.line, reason)
    }
}

/// The lines of a line file that say something: trimmed, without blank lines
/// and `#` comments.
pub fn lines<'a>(file: &'a str, text: &'a str) -> impl Iterator<Item = Line<'a>> {
    text.lines().enumerate().filter_map(move |(i, l)| {
        let t = l.trim();
        (!t.is_empty() && !t.starts_with('#')).then_some(Line {
            file,
            line: i + 1,
            text: t,
        })
    })
}

/// One row of a tab-separated file: its file, 1-based line number and
/// fields (each trimmed; the line is split as written, so a trailing tab
/// gives a last empty field).
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub file: &'a str,
    pub line: usize,
    pub fields: Vec<&'a str>,
}

impl<'a> Row<'a> {
    /// Field `i`, or `""` when the row is shorter.
    pub fn get(&self, i: usize) -> &'a str {
        self.fields.get(i).copied().unwrap_or("")
    }

    /// Field `i`, or the error naming the column when the row is shorter or
    /// the field empty.
    pub fn need(&self, i: usize, what: &str) -> Result<&'a str, DataError> {
        match self.get(i) {
            "" => Err(self.error(format!("column {} ({what}) is missing", i + 1))),
            f => Ok(f),
        }
    }

    /// The error for this row: `file:line: reason`.
    pub fn error(&self, reason: impl Into<String>) -> DataError {
        DataError::malformed(self.file, self.line, reason)
    }
}

/// The rows of a tab-separated file, without blank lines and `#` comments.
pub fn rows<'a>(file: &'a str, text: &'a str) -> impl Iterator<Item = Row<'a>> {
    text.lines().enumerate().filter_map(move |(i, l)| {
        let t = l.trim();
        (!t.is_empty() && !t.starts_with('#')).then(|| Row {
            file,
            line: i + 1,
            fields: l.split('\t').map(str::trim).collect(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: Embedded = &[
        ("a.tsv", "# comment\n\nx\t1\n  y\t2\t\n"),
        ("sub/e.toml", ""),
        ("sub/b.toml", "k = 1"),
        ("sub/c.txt", ""),
        ("sub/deeper/d.toml", ""),
    ];

    #[test]
    fn rows_skip_comments_and_blanks_and_count_lines_from_one() {
        let r: Vec<Row> = rows("a.tsv", FILES[0].1).collect();
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].line, r[0].fields.clone()), (3, vec!["x", "1"]));
        assert_eq!((r[1].line, r[1].fields.clone()), (4, vec!["y", "2", ""]));
        assert_eq!(r[1].get(7), "");
    }

    #[test]
    fn a_malformed_row_names_file_and_line() {
        let r: Vec<Row> = rows("numbers.tsv", "ok\t1\n\nbad\n").collect();
        let e = r[1].need(1, "value").unwrap_err();
        assert_eq!(e.to_string(), "numbers.tsv:3: column 2 (value) is missing");
        let l: Vec<Line> = lines("words.txt", "# c\n one \n").collect();
        assert_eq!(l[0].text, "one");
        assert_eq!(l[0].error("why").to_string(), "words.txt:2: why");
    }

    #[test]
    fn a_missing_file_is_an_error_embedded_or_on_disk() {
        let e = Data::embedded(FILES).text("nope.tsv").unwrap_err();
        assert!(matches!(e, DataError::Missing { .. }), "{e}");
        let dir = std::env::temp_dir().join(format!("sitrep-data-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let e = Data::dir(&dir).text("nope.tsv").unwrap_err();
        assert!(matches!(e, DataError::Missing { .. }), "{e}");
        assert!(e.to_string().contains("nope.tsv"), "{e}");
        std::fs::write(dir.join("here.tsv"), "a\tb\n").unwrap();
        assert_eq!(Data::dir(&dir).text("here.tsv").unwrap(), "a\tb\n");
        assert_eq!(Data::dir(&dir).list("", ".tsv").unwrap(), ["here.tsv"]);
        assert!(Data::dir(&dir).list("absent", ".tsv").unwrap().is_empty());
        let e = Data::dir(dir.join("absent")).list("", ".tsv").unwrap_err();
        assert!(matches!(e, DataError::Missing { .. }), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn embedded_files_are_listed_by_folder_and_suffix() {
        let d = Data::embedded(FILES);
        assert_eq!(
            d.list("sub", ".toml").unwrap(),
            ["sub/e.toml", "sub/b.toml"]
        );
        assert_eq!(d.list("", ".tsv").unwrap(), ["a.tsv"]);
        assert_eq!(d.text("a.tsv").unwrap(), FILES[0].1);
    }
}
