/*!
The errors of loading the actor knowledge base: a module of its own, with no
dependency on the rest of the crate, because `build.rs` compiles it too (it runs
the loader on the embedded files at build time).
*/

/// Errors raised while loading or validating the actor knowledge base.
#[derive(Debug, thiserror::Error)]
pub enum ActorError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A knowledge file is missing or unreadable.
    #[error(transparent)]
    Data(#[from] sitrep_data::DataError),
    #[error("{file}: TOML error: {source}")]
    Toml {
        file: String,
        #[source]
        source: toml::de::Error,
    },
    #[error("{file}: {msg}")]
    Invalid { file: String, msg: String },
    /// The prepared image of the embedded base (`build.rs`) does not decode.
    #[error("the prepared actor base image is malformed: {0}")]
    Image(String),
}
