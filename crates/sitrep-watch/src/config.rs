/*!
`watch.toml`: what to watch, how politely to fetch, and when to alert.

```toml
interval = 300            # seconds between polls (default 300)

[fetch]                   # all optional
timeout = 20              # seconds for one request
retries = 3               # further attempts after a failed one (transport error, 5xx, 429)
backoff_ms = 500          # first wait before a retry; doubles each time
per_host_ms = 1000        # at least this long between two requests to one host
max_bytes = 5_000_000     # larger pages and feeds are refused
max_redirects = 5
max_attempts = 3          # a page that failed this many polls is given up

[[feed]]                  # RSS or Atom
url = "https://example.org/world/rss.xml"

[[dir]]                   # a folder whose new files are ingested
path = "inbox/"

[[alert]]
name = "somalia"
country = ["SO"]          # also admin1, bbox = [w, s, e, n], type, sub_type, actor, words
min_fatalities = 5
thresholds = [20, 50]     # alert again when a revised toll reaches each of these
file = "alerts.jsonl"     # or webhook = "http://…", or command = "…"
```

Relative paths are taken from the config file's folder.
*/

use crate::WatchError;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_interval")]
    pub interval: u64,
    #[serde(default)]
    pub fetch: FetchConfig,
    #[serde(default)]
    pub feed: Vec<Feed>,
    #[serde(default)]
    pub dir: Vec<Dir>,
    #[serde(default)]
    pub alert: Vec<AlertRule>,
}

fn default_interval() -> u64 {
    300
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct FetchConfig {
    pub timeout: u64,
    pub retries: u32,
    pub backoff_ms: u64,
    pub per_host_ms: u64,
    pub max_bytes: u64,
    pub max_redirects: u32,
    pub max_attempts: u32,
    pub user_agent: String,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            timeout: 20,
            retries: 3,
            backoff_ms: 500,
            per_host_ms: 1000,
            max_bytes: 5_000_000,
            max_redirects: 5,
            max_attempts: 3,
            user_agent: concat!("sitrep-watch/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Feed {
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Dir {
    pub path: PathBuf,
}

/// One alert rule: every condition given must hold (lists: any of their values).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AlertRule {
    pub name: String,
    /// ISO 3166-1 alpha-2 codes.
    pub country: Vec<String>,
    /// Admin1 names or codes (`Banaadir`, `SO.02`).
    pub admin1: Vec<String>,
    /// `[min_lon, min_lat, max_lon, max_lat]`.
    pub bbox: Option<[f64; 4]>,
    #[serde(rename = "type")]
    pub event_type: Vec<String>,
    pub sub_type: Vec<String>,
    /// Actor ids or names.
    pub actor: Vec<String>,
    /// Words of which one must be in the report (case-insensitive).
    pub words: Vec<String>,
    pub min_fatalities: Option<u32>,
    /// Tolls that, once reached by a revision, alert again.
    pub thresholds: Vec<u32>,
    pub file: Option<PathBuf>,
    pub webhook: Option<String>,
    pub command: Option<String>,
}

impl Config {
    /// Read and check a config file; relative paths are resolved from its folder.
    pub fn load(path: &Path) -> Result<Config, WatchError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| WatchError::Config(format!("{}: {e}", path.display())))?;
        let mut cfg = Config::parse(&text)
            .map_err(|e| WatchError::Config(format!("{}: {e}", path.display())))?;
        let base = path.parent().unwrap_or(Path::new("."));
        for d in &mut cfg.dir {
            if d.path.is_relative() {
                d.path = base.join(&d.path);
            }
        }
        for a in &mut cfg.alert {
            if let Some(f) = &a.file {
                if f.is_relative() {
                    a.file = Some(base.join(f));
                }
            }
        }
        Ok(cfg)
    }

    /// Parse and check the TOML text.
    pub fn parse(text: &str) -> Result<Config, String> {
        let cfg: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        for f in &cfg.feed {
            if !(f.url.starts_with("http://") || f.url.starts_with("https://")) {
                return Err(format!(
                    "feed url {:?}: expected http:// or https://",
                    f.url
                ));
            }
        }
        for a in &cfg.alert {
            if a.name.trim().is_empty() {
                return Err("every [[alert]] needs a name".into());
            }
            let sinks = [a.file.is_some(), a.webhook.is_some(), a.command.is_some()];
            if sinks.iter().filter(|s| **s).count() != 1 {
                return Err(format!(
                    "alert {:?}: give exactly one of file, webhook, command",
                    a.name
                ));
            }
        }
        if cfg.feed.is_empty() && cfg.dir.is_empty() {
            return Err("nothing to watch: add a [[feed]] or a [[dir]]".into());
        }
        Ok(cfg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_example_parses_with_defaults() {
        let c = Config::parse(
            r#"
[[feed]]
url = "https://example.org/world/rss.xml"
[[dir]]
path = "inbox/"
[[alert]]
name = "somalia"
country = ["SO"]
min_fatalities = 5
file = "alerts.jsonl"
"#,
        )
        .unwrap();
        assert_eq!(c.interval, 300);
        assert_eq!(c.fetch.retries, 3);
        assert_eq!(c.alert[0].country, vec!["SO"]);
        assert_eq!(c.alert[0].min_fatalities, Some(5));
    }

    #[test]
    fn mistakes_are_named() {
        let e = Config::parse("[[feed]]\nurl = \"ftp://x\"\n").unwrap_err();
        assert!(e.contains("ftp://x"), "{e}");
        let e = Config::parse("[[dir]]\npath = \"a\"\n[[alert]]\nname = \"x\"\n").unwrap_err();
        assert!(e.contains("exactly one"), "{e}");
        let e = Config::parse("[[feed]]\nurl = \"http://a\"\ncolour = 1\n").unwrap_err();
        assert!(e.contains("colour"), "{e}");
        assert!(Config::parse("").unwrap_err().contains("nothing to watch"));
    }
}
