/*!
Errors of the gazetteer crate: I/O while building or loading, and malformed data
files (reported with file and line so an analyst can fix them).
*/

use std::path::PathBuf;

/// Everything that can go wrong while building or loading the gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}: {msg}")]
    Format {
        file: String,
        line: usize,
        msg: String,
    },
    #[error("missing input {0}")]
    Missing(PathBuf),
}

impl GeoError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> GeoError {
        GeoError::Io {
            path: path.into(),
            source,
        }
    }
    pub(crate) fn format(file: &str, line: usize, msg: impl Into<String>) -> GeoError {
        GeoError::Format {
            file: file.to_string(),
            line,
            msg: msg.into(),
        }
    }
}
