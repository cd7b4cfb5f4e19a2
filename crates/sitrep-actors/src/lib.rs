/*!
sitrep-actors: the actor knowledge base and the actor linker.

The knowledge lives in plain TOML files under `data/actors/` (one per theatre, plus
`states.toml` for national forces and `generic.toml` for generic actors, coreference
phrases, provisional-name rules and context rules), so an analyst can add an alias
or a group without touching Rust. [`ActorBase::embedded`] compiles those files into
the binary; [`ActorBase::load_dir`] reads an edited copy at run time.

[`ActorBase::link`] finds every actor reference in a text: knowledge-base aliases
(one Aho-Corasick automaton over folded text, built once at load), acronyms defined
in the document, coreferent phrases ("the group"), generic actors ("gunmen",
"security forces") and provisional actors (unknown organisation-like names).
*/

mod base;
mod corpus;
mod graph;
mod link;
mod phrases;
mod schema;

pub use base::{
    alias_keys, norm_key, ActorBase, Alias, CuratedView, Entry, Relation, RelationKind,
    IMPORTED_DIR,
};
pub use corpus::{corpus_accuracy, parse_corpus, CorpusCase, CorpusReport};
pub use graph::{graph_dot, graph_graphml, graph_json};
pub use link::LinkContext;

/// The linking corpus (`data/corpus/actors.tsv`), compiled in for `sitrep actors corpus`.
pub const EMBEDDED_CORPUS: &str = include_str!("../../../data/corpus/actors.tsv");

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
    #[error("cannot build the alias automaton: {0}")]
    Automaton(String),
}
