/*!
Reports from the web, before sitrep reads them:

* [`article`]: a news page's article text, title, author, publication date and
  canonical URL, with navigation, related links, comments, captions and banners left
  out (html5ever parsing, a Readability-style scorer, knowledge in
  `data/web/content-hints.tsv`);
* [`warc`]: a streaming reader of WARC archives (plain or gzipped record by record, as
  Common Crawl writes them) that yields the HTML responses;
* [`lang`]: the language of a text (whatlang), so that reports sitrep cannot read
  (it reads English) are counted and named instead of silently giving no events.

Nothing here panics on any input; bad input is an error value or an `issue` message.
*/

pub mod article;
pub mod hints;
pub mod lang;
pub mod measure;
pub mod warc;

pub use article::{extract, Article};
pub use hints::Hints;

/// What can go wrong reading the web's formats.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("content hints, line {0}: {1}")]
    Hints(usize, String),
    #[error("WARC record {0}: {1}")]
    Warc(usize, String),
}
