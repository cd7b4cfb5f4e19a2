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
    /// A knowledge file is missing, unreadable or has a malformed row
    /// (`file:line: reason`).
    #[error(transparent)]
    Data(#[from] sitrep_data::DataError),
    #[error("missing input {0}")]
    Missing(PathBuf),
}

impl GeoError {
    /// An I/O error on `path` (also used by the offline builders of `sitrep-tools`).
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> GeoError {
        GeoError::Io {
            path: path.into(),
            source,
        }
    }
    /// A malformed row of a knowledge file (`file:line: msg`).
    pub fn format(file: &str, line: usize, msg: impl Into<String>) -> GeoError {
        GeoError::Data(sitrep_data::DataError::malformed(file, line, msg))
    }
}
