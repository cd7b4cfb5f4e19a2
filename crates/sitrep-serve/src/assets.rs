/*!
The dashboard's files, compiled into the binary.

`assets/` holds the page (`index.html`, `app.js`, `app.css`) and the vendored
third-party files (`vendor/`, written by `scripts/vendor-dashboard.sh`: Leaflet,
Leaflet.markercluster, topojson-client and Natural Earth country outlines from
world-atlas). Each is included here with `include_bytes!`, so the dashboard needs
neither the repository nor the network at run time. The page is served with a
Content-Security-Policy that allows only this server's own files.
*/

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

macro_rules! assets {
    ($($path:literal => $ctype:literal),* $(,)?) => {
        /// `(path under assets/, content type, bytes)` of every embedded file.
        pub const FILES: &[(&str, &str, &[u8])] = &[
            $(($path, $ctype, include_bytes!(concat!("../assets/", $path))),)*
        ];
    };
}

assets! {
    "index.html" => "text/html; charset=utf-8",
    "app.js" => "text/javascript; charset=utf-8",
    "app.css" => "text/css; charset=utf-8",
    "vendor/leaflet/leaflet.js" => "text/javascript; charset=utf-8",
    "vendor/leaflet/leaflet.css" => "text/css; charset=utf-8",
    "vendor/leaflet/images/layers.png" => "image/png",
    "vendor/leaflet/images/layers-2x.png" => "image/png",
    "vendor/leaflet/images/marker-icon.png" => "image/png",
    "vendor/leaflet/images/marker-icon-2x.png" => "image/png",
    "vendor/leaflet/images/marker-shadow.png" => "image/png",
    "vendor/leaflet/LICENSE" => "text/plain; charset=utf-8",
    "vendor/markercluster/leaflet.markercluster.js" => "text/javascript; charset=utf-8",
    "vendor/markercluster/MarkerCluster.css" => "text/css; charset=utf-8",
    "vendor/markercluster/MarkerCluster.Default.css" => "text/css; charset=utf-8",
    "vendor/markercluster/LICENSE" => "text/plain; charset=utf-8",
    "vendor/topojson/topojson-client.min.js" => "text/javascript; charset=utf-8",
    "vendor/topojson/LICENSE" => "text/plain; charset=utf-8",
    "vendor/world-atlas/countries-50m.json" => "application/json",
    "vendor/world-atlas/LICENSE" => "text/plain; charset=utf-8",
    "vendor/README" => "text/plain; charset=utf-8",
}

/// Only this server's own files; inline styles for Leaflet's positioning.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                   connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The embedded file at `path`, if any.
pub fn lookup(path: &str) -> Option<(&'static str, &'static [u8])> {
    FILES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, t, b)| (*t, *b))
}

fn respond(path: &str) -> Response {
    match lookup(path) {
        Some((ctype, bytes)) => {
            let mut res = bytes.into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            );
            res
        }
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

/// `GET /`: the dashboard page.
pub async fn index() -> Response {
    respond("index.html")
}

/// `GET /assets/{path}`.
pub async fn asset(Path(path): Path<String>) -> Response {
    respond(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_and_its_vendored_files_are_embedded() {
        let (t, page) = lookup("index.html").unwrap();
        assert!(t.starts_with("text/html"));
        let page = String::from_utf8_lossy(page);
        // Every file the page loads is embedded.
        for part in page.split("/assets/").skip(1) {
            let file = part.split('"').next().unwrap();
            assert!(lookup(file).is_some(), "{file} is not embedded");
        }
        assert!(lookup("../Cargo.toml").is_none());
        assert!(
            lookup("vendor/world-atlas/countries-50m.json")
                .unwrap()
                .1
                .len()
                > 100_000
        );
    }
}
