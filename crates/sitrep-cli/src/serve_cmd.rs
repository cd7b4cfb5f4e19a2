/*!
`sitrep serve`: the HTTP API and the dashboard over a store (see `sitrep-serve`).

Loopback only unless `--addr` names another address and `--allow-remote` says so;
read-only unless a write token is given (`--write-token` or `SITREP_WRITE_TOKEN`).
*/

use anyhow::{bail, Context, Result};
use clap::Args;
use sitrep_serve::{AppState, Config};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

#[derive(Args)]
pub struct ServeArgs {
    /// The store: a SQLite file or a postgres:// URL.
    #[arg(long, value_name = "PATH|URL", default_value = "sitrep.db")]
    db: String,
    /// Address to listen on.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Allow an --addr other than loopback (the API then answers other machines).
    #[arg(long)]
    allow_remote: bool,
    /// Accept POST /api/ingest with `Authorization: Bearer TOKEN` (else read-only).
    /// The SITREP_WRITE_TOKEN environment variable keeps it out of the process list.
    #[arg(long, value_name = "TOKEN")]
    write_token: Option<String>,
    /// Send CORS headers for this origin (`*` for any). Default: none.
    #[arg(long, value_name = "ORIGIN")]
    cors: Option<String>,
    /// Largest request body in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    max_body: usize,
    /// Seconds allowed to one request.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    timeout: u64,
    /// Store connections (requests served at once).
    #[arg(long, value_name = "N", default_value_t = 4)]
    connections: usize,
    #[command(flatten)]
    knowledge: crate::Knowledge,
}

pub fn run(a: ServeArgs) -> Result<ExitCode> {
    let write_token = a
        .write_token
        .or_else(|| std::env::var("SITREP_WRITE_TOKEN").ok())
        .filter(|t| !t.is_empty());
    if write_token.as_ref().is_some_and(|t| t.len() < 16) {
        bail!("the write token must have at least 16 characters");
    }
    let is_url = a.db.starts_with("postgres://") || a.db.starts_with("postgresql://");
    if !is_url
        && a.db != ":memory:"
        && write_token.is_none()
        && !std::path::Path::new(&a.db).exists()
    {
        bail!(
            "no store at {} (run `sitrep ingest REPORTS --db {}` first)",
            a.db,
            a.db
        );
    }
    let cfg = Config {
        addr: a.addr,
        allow_remote: a.allow_remote,
        write_token,
        cors_origin: a.cors,
        max_body: a.max_body,
        timeout: Duration::from_secs(a.timeout.max(1)),
        ..Config::default()
    };
    sitrep_serve::check_addr(cfg.addr, cfg.allow_remote)?;
    let pool = sitrep_serve::open_pool(&a.db, a.connections)
        .with_context(|| format!("opening the store {}", a.db))?;
    let extractor = Arc::new(crate::extractor(&a.knowledge)?);
    let writable = cfg.write_token.is_some();
    let state = AppState {
        pool,
        extractor,
        cfg,
    };
    sitrep_serve::serve_blocking(state, |addr| {
        eprintln!(
            "sitrep: serving {} on http://{addr}/ ({}; Ctrl-C stops)",
            a.db,
            if writable {
                "writes need the token"
            } else {
                "read-only"
            }
        );
    })?;
    Ok(ExitCode::SUCCESS)
}
