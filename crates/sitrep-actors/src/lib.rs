/*!
sitrep-actors: the actor knowledge base and the actor linker.

The knowledge lives in plain TOML files under `data/actors/` (one per theatre, plus
`states.toml` for national forces and `generic.toml` for generic actors, coreference
phrases, provisional-name rules and context rules), so an analyst can add an alias
or a group without touching Rust. [`ActorBase::embedded`] compiles those files into
the binary; [`ActorBase::load_dir`] reads an edited copy at run time.

[`ActorBase::link`] finds every actor reference in a text: knowledge-base aliases
(one trie over folded text, walked from each word start; for the embedded base it
is prepared at build time with the rest of the base, see `build.rs`), acronyms defined
in the document, coreferent phrases ("the group"), generic actors ("gunmen",
"security forces") and provisional actors (unknown organisation-like names).
*/

mod base;
mod corpus;
mod embedded;
mod error;
mod graph;
mod image;
mod link;
mod phrases;
mod schema;
mod trie;

pub use base::{
    alias_keys, norm_key, ActorBase, Alias, CuratedView, Entry, Relation, RelationKind,
    IMPORTED_DIR,
};
pub use corpus::{corpus_accuracy, parse_corpus, CorpusCase, CorpusReport};
pub use error::ActorError;
pub use graph::{graph_dot, graph_graphml, graph_json};
pub use link::LinkContext;

/// The linking corpus (`data/corpus/actors.tsv`), compiled in for `sitrep actors corpus`.
pub const EMBEDDED_CORPUS: &str = include_str!("../../../data/corpus/actors.tsv");
