/*!
Fetching politely: timeouts, retries with exponential back-off (transport errors,
5xx and 429 only), at most one request per host per `per_host_ms`, conditional GET
(`If-None-Match` / `If-Modified-Since` from the last answer's `ETag` /
`Last-Modified`), a cap on the bytes read, and a bounded number of redirects
(ureq over rustls).

Waits are cut short when the stop flag is raised (SIGTERM), so a stop never waits
for a back-off or a rate limit.
*/

use crate::config::FetchConfig;
use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Validators remembered from the last answer for a URL.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    Body {
        /// After redirects.
        final_url: String,
        content_type: String,
        body: Vec<u8>,
        validators: Validators,
    },
    /// 304: unchanged since the validators sent.
    NotModified,
}

/// Why a fetch failed (after its retries).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("larger than the {0}-byte cap")]
    TooLarge(u64),
    #[error("too many redirects")]
    Redirects,
    #[error("{0}")]
    Transport(String),
    #[error("stopped")]
    Stopped,
}

impl FetchError {
    fn retryable(&self) -> bool {
        match self {
            FetchError::Status(s) => *s >= 500 || *s == 429,
            FetchError::Transport(_) => true,
            _ => false,
        }
    }
}

pub struct Fetcher {
    agent: ureq::Agent,
    cfg: FetchConfig,
    last: HashMap<String, Instant>,
    stop: Arc<AtomicBool>,
}

/// The host (and port) of a URL, for the rate limit.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl Fetcher {
    pub fn new(cfg: &FetchConfig, stop: Arc<AtomicBool>) -> Fetcher {
        let t = Duration::from_secs(cfg.timeout.max(1));
        // `timeout` bounds the whole request (connect, headers, body); ureq lets it
        // override the per-read limits, so it is the one that applies.
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(t)
            .timeout(t)
            .redirects(cfg.max_redirects)
            .user_agent(&cfg.user_agent)
            .build();
        Fetcher {
            agent,
            cfg: cfg.clone(),
            last: HashMap::new(),
            stop,
        }
    }

    /// Sleep up to `d`, waking early when stopped; false when stopped.
    pub fn pause(&self, d: Duration) -> bool {
        let end = Instant::now() + d;
        while Instant::now() < end {
            if self.stop.load(Ordering::Relaxed) {
                return false;
            }
            let left = end.saturating_duration_since(Instant::now());
            std::thread::sleep(left.min(Duration::from_millis(50)));
        }
        !self.stop.load(Ordering::Relaxed)
    }

    fn wait_for_host(&mut self, url: &str) -> bool {
        let host = host_of(url);
        let gap = Duration::from_millis(self.cfg.per_host_ms);
        if let Some(t) = self.last.get(&host) {
            let ready = *t + gap;
            let now = Instant::now();
            if ready > now && !self.pause(ready - now) {
                return false;
            }
        }
        self.last.insert(host, Instant::now());
        true
    }

    /// GET with the politeness rules; `cond` makes it conditional.
    pub fn get(&mut self, url: &str, cond: Option<&Validators>) -> Result<Fetched, FetchError> {
        let mut backoff = Duration::from_millis(self.cfg.backoff_ms);
        let mut attempt = 0;
        loop {
            if !self.wait_for_host(url) {
                return Err(FetchError::Stopped);
            }
            let res = self.once(url, cond);
            match res {
                Err(e) if e.retryable() && attempt < self.cfg.retries => {
                    attempt += 1;
                    if !self.pause(backoff) {
                        return Err(FetchError::Stopped);
                    }
                    backoff *= 2;
                }
                other => return other,
            }
        }
    }

    fn once(&self, url: &str, cond: Option<&Validators>) -> Result<Fetched, FetchError> {
        let mut req = self.agent.get(url);
        if let Some(v) = cond {
            if let Some(e) = &v.etag {
                req = req.set("If-None-Match", e);
            }
            if let Some(m) = &v.last_modified {
                req = req.set("If-Modified-Since", m);
            }
        }
        let resp = match req.call() {
            Ok(r) => r,
            Err(ureq::Error::Status(code, _)) => return Err(FetchError::Status(code)),
            Err(e) if e.kind() == ureq::ErrorKind::TooManyRedirects => {
                return Err(FetchError::Redirects)
            }
            Err(e) => return Err(FetchError::Transport(e.to_string())),
        };
        if resp.status() == 304 {
            return Ok(Fetched::NotModified);
        }
        if !(200..300).contains(&resp.status()) {
            return Err(FetchError::Status(resp.status()));
        }
        let cap = self.cfg.max_bytes;
        if let Some(n) = resp
            .header("Content-Length")
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            if n > cap {
                return Err(FetchError::TooLarge(cap));
            }
        }
        let validators = Validators {
            etag: resp.header("ETag").map(str::to_string),
            last_modified: resp.header("Last-Modified").map(str::to_string),
        };
        let final_url = resp.get_url().to_string();
        let content_type = resp.content_type().to_ascii_lowercase();
        let mut body = Vec::new();
        resp.into_reader()
            .take(cap + 1)
            .read_to_end(&mut body)
            .map_err(|e| FetchError::Transport(format!("reading the body: {e}")))?;
        if body.len() as u64 > cap {
            return Err(FetchError::TooLarge(cap));
        }
        Ok(Fetched::Body {
            final_url,
            content_type,
            body,
            validators,
        })
    }

    /// POST a JSON body (webhook alerts), with the same timeouts and retries.
    pub fn post_json(&mut self, url: &str, body: &str) -> Result<(), FetchError> {
        let mut backoff = Duration::from_millis(self.cfg.backoff_ms);
        let mut attempt = 0;
        loop {
            let res = match self
                .agent
                .post(url)
                .set("Content-Type", "application/json")
                .send_string(body)
            {
                Ok(_) => Ok(()),
                Err(ureq::Error::Status(code, _)) => Err(FetchError::Status(code)),
                Err(e) => Err(FetchError::Transport(e.to_string())),
            };
            match res {
                Err(e) if e.retryable() && attempt < self.cfg.retries => {
                    attempt += 1;
                    if !self.pause(backoff) {
                        return Err(FetchError::Stopped);
                    }
                    backoff *= 2;
                }
                other => return other,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Reply, Server};

    fn fetcher(max_bytes: u64) -> Fetcher {
        let cfg = FetchConfig {
            timeout: 1,
            retries: 2,
            backoff_ms: 10,
            per_host_ms: 0,
            max_bytes,
            ..FetchConfig::default()
        };
        Fetcher::new(&cfg, Arc::new(AtomicBool::new(false)))
    }

    #[test]
    fn hosts_are_keyed_with_their_port() {
        assert_eq!(host_of("http://127.0.0.1:8080/a?b"), "127.0.0.1:8080");
        assert_eq!(host_of("https://Example.org"), "example.org");
    }

    #[test]
    fn conditional_get_retries_caps_and_redirect_loops() {
        let srv = Server::start(|path, headers| match path {
            "/page" => {
                if headers.contains("if-none-match: \"v1\"") {
                    Reply::status(304)
                } else {
                    Reply::ok("text/html", "<p>hello</p>").header("ETag", "\"v1\"")
                }
            }
            "/huge" => Reply::ok("text/html", &"x".repeat(5000)),
            "/loop" => Reply::status(302).header("Location", "/loop"),
            "/flaky" => Reply::status(503),
            "/slow" => Reply::ok("text/html", "late").delay_ms(2500),
            _ => Reply::status(404),
        });
        let mut f = fetcher(1000);
        let first = f.get(&srv.url("/page"), None).unwrap();
        let Fetched::Body { validators, .. } = first else {
            panic!("{first:?}")
        };
        assert_eq!(validators.etag.as_deref(), Some("\"v1\""));
        assert_eq!(
            f.get(&srv.url("/page"), Some(&validators)).unwrap(),
            Fetched::NotModified
        );
        assert_eq!(
            f.get(&srv.url("/huge"), None),
            Err(FetchError::TooLarge(1000))
        );
        assert_eq!(f.get(&srv.url("/loop"), None), Err(FetchError::Redirects));
        assert_eq!(
            f.get(&srv.url("/nothing"), None),
            Err(FetchError::Status(404))
        );
        assert_eq!(
            f.get(&srv.url("/flaky"), None),
            Err(FetchError::Status(503))
        );
        // One first try and two retries.
        assert_eq!(srv.hits("/flaky"), 3);
        assert!(matches!(
            f.get(&srv.url("/slow"), None),
            Err(FetchError::Transport(_))
        ));
    }

    #[test]
    fn requests_to_one_host_are_spaced() {
        let srv = Server::start(|_, _| Reply::ok("text/plain", "ok"));
        let mut f = fetcher(1000);
        f.cfg.per_host_ms = 150;
        let t = Instant::now();
        for _ in 0..3 {
            f.get(&srv.url("/a"), None).unwrap();
        }
        assert!(
            t.elapsed() >= Duration::from_millis(300),
            "{:?}",
            t.elapsed()
        );
    }
}
