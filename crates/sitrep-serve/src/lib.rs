/*!
`sitrep serve`: an HTTP API over the event store, and an offline dashboard.

The API answers the questions of the CLI's store commands over HTTP: events with
the CLI's filters and a cursor (JSON, CSV or GeoJSON), one event with its sources,
report texts, evidence spans and revisions, actors with their graph neighbours,
statistics, extraction of a posted text (nothing stored), and, only when the
server was started with a write token, ingestion. [`openapi`] describes every
endpoint from the same table the router is built from. The dashboard (`/`) is a
page of plain JavaScript with a vendored Leaflet and an offline basemap, all
embedded in the binary ([`assets`]), so it works with no network.

# Safe by default
* the server binds loopback unless told otherwise, and a non-loopback address
  needs [`Config::allow_remote`] ([`check_addr`]);
* read-only unless [`Config::write_token`] is set; the write endpoints then want
  `Authorization: Bearer TOKEN`;
* request bodies are bounded ([`Config::max_body`], 413 beyond), as are query
  strings ([`MAX_QUERY`], 414), page sizes and scans; every request has a timeout;
* the store runs its parameterised SQL (see `sitrep-store`) on tokio's blocking
  pool, one connection per worker ([`pool`]);
* no CORS header unless [`Config::cors_origin`] names an origin.
*/

pub mod api;
pub mod assets;
pub mod evidence;
pub mod openapi;
pub mod params;
pub mod pool;

use axum::Router;
use sitrep_actors::ActorBase;
use sitrep_extract::Extractor;
use sitrep_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Longest query string accepted (bytes).
pub const MAX_QUERY: usize = 4096;

/// Everything that can stop the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0} is not a loopback address: pass --allow-remote to serve other machines")]
    RemoteBind(SocketAddr),
    #[error("the store: {0}")]
    Store(#[from] sitrep_store::StoreError),
    #[error("the knowledge base: {0}")]
    Knowledge(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Invalid(String),
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen (loopback by default).
    pub addr: SocketAddr,
    /// Allow a non-loopback `addr`.
    pub allow_remote: bool,
    /// With a token, `POST /api/ingest` accepts requests carrying it.
    pub write_token: Option<String>,
    /// Send `Access-Control-Allow-Origin` for this origin (`*` for any).
    pub cors_origin: Option<String>,
    /// Largest request body (bytes).
    pub max_body: usize,
    /// Time allowed to one request.
    pub timeout: Duration,
    /// Largest page of `GET /api/events` as JSON.
    pub max_page: usize,
    /// Largest page as CSV or GeoJSON (exports, the map).
    pub max_export: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            allow_remote: false,
            write_token: None,
            cors_origin: None,
            max_body: 1 << 20,
            timeout: Duration::from_secs(30),
            max_page: 1000,
            max_export: 20_000,
        }
    }
}

/// Refuse a non-loopback address unless remote serving was asked for.
pub fn check_addr(addr: SocketAddr, allow_remote: bool) -> Result<(), ServeError> {
    if addr.ip().is_loopback() || allow_remote {
        Ok(())
    } else {
        Err(ServeError::RemoteBind(addr))
    }
}

/// What the handlers share.
pub struct AppState {
    pub pool: pool::Pool,
    pub extractor: Arc<Extractor>,
    pub cfg: Config,
}

impl AppState {
    /// The actor knowledge base (the extractor's).
    pub fn actors(&self) -> &ActorBase {
        &self.extractor.actors
    }
}

/// Open `connections` connections to the store at `db` (one for `:memory:`).
pub fn open_pool(db: &str, connections: usize) -> Result<pool::Pool, ServeError> {
    let n = if db == ":memory:" {
        1
    } else {
        connections.max(1)
    };
    let mut stores = Vec::with_capacity(n);
    for _ in 0..n {
        stores.push(Store::open(db)?);
    }
    Ok(pool::Pool::new(stores))
}

/// The router with every endpoint and the dashboard.
pub fn router(state: Arc<AppState>) -> Router {
    api::router(state)
}

/// Bind (after [`check_addr`]) and serve until `shutdown` resolves.
pub async fn serve(
    state: Arc<AppState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let listener = bind(&state.cfg).await?;
    run(listener, state, shutdown).await
}

/// Bind the configured address (after [`check_addr`]).
pub async fn bind(cfg: &Config) -> Result<tokio::net::TcpListener, ServeError> {
    check_addr(cfg.addr, cfg.allow_remote)?;
    Ok(tokio::net::TcpListener::bind(cfg.addr).await?)
}

/// Serve on a bound listener until `shutdown` resolves.
pub async fn run(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

/// Build a runtime, bind, tell `on_bound` the address, and serve until Ctrl-C
/// (or SIGTERM).
pub fn serve_blocking(
    state: AppState,
    on_bound: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = bind(&state.cfg).await?;
        on_bound(listener.local_addr()?);
        run(listener, Arc::new(state), shutdown_signal()).await
    })
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_bind_needs_the_flag() {
        let lo: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let lo6: SocketAddr = "[::1]:0".parse().unwrap();
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(check_addr(lo, false).is_ok());
        assert!(check_addr(lo6, false).is_ok());
        assert!(matches!(
            check_addr(any, false),
            Err(ServeError::RemoteBind(_))
        ));
        assert!(check_addr(any, true).is_ok());
    }
}
