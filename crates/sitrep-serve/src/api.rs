/*!
The handlers, and the router built from [`crate::openapi::ENDPOINTS`].

Each handler reads its parameters ([`crate::params::Params`], refused when
unknown or malformed), runs its store calls on the blocking pool
([`crate::pool::Pool::run`]) and answers JSON (or CSV/GeoJSON for event lists).
Errors are `{"error": "..."}` with a status code that says whose fault it is.
*/

use crate::evidence::{field_spans, segments, FieldSpan};
use crate::openapi::ENDPOINTS;
use crate::params::{page, BadParam, Cursor, Params};
use crate::pool::PoolError;
use crate::{assets, AppState, MAX_QUERY};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sitrep_store::export::{self, Format};
use sitrep_store::{EventQuery, IngestDoc, StatsBy, StoredEvent};
use std::collections::BTreeMap;
use std::sync::Arc;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;

type Shared = Arc<AppState>;

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

impl From<BadParam> for ApiError {
    fn from(e: BadParam) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, e.0)
    }
}

impl From<PoolError> for ApiError {
    fn from(e: PoolError) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The serde name of an enum value (`perpetrator`).
pub fn enum_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The query string as [`Params`] (400 when unknown or malformed).
fn params(q: Result<Query<Params>, axum::extract::rejection::QueryRejection>) -> ApiResult<Params> {
    q.map(|Query(p)| p)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))
}

type QueryParams = Result<Query<Params>, axum::extract::rejection::QueryRejection>;

/// The handler of a path of [`ENDPOINTS`].
pub fn method_router(method: &str, path: &str) -> Option<MethodRouter<Shared>> {
    Some(match (method, path) {
        ("get", "/healthz") => get(healthz),
        ("get", "/api/openapi.json") => get(openapi),
        ("get", "/api/events") => get(list_events),
        ("get", "/api/events/{id}") => get(event_detail),
        ("get", "/api/actors") => get(list_actors),
        ("get", "/api/actors/{id}") => get(actor_detail),
        ("get", "/api/stats") => get(stats),
        ("post", "/api/extract") => post(extract),
        ("post", "/api/ingest") => post(ingest),
        _ => return None,
    })
}

/// Every endpoint, the dashboard's assets, and the safety layers.
pub fn router(state: Shared) -> Router {
    let mut r: Router<Shared> = Router::new();
    for ep in ENDPOINTS {
        if let Some(m) = method_router(ep.method, ep.path) {
            r = r.route(ep.path, m);
        }
    }
    r = r
        .route("/", get(assets::index))
        .route("/assets/{*path}", get(assets::asset))
        .fallback(not_found);
    let cfg = &state.cfg;
    let mut r = r
        .layer(middleware::from_fn(limit_query))
        .layer(DefaultBodyLimit::max(cfg.max_body))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            cfg.timeout,
        ));
    if let Some(origin) = &cfg.cors_origin {
        let allow = if origin == "*" {
            AllowOrigin::any()
        } else {
            match HeaderValue::from_str(origin) {
                Ok(v) => AllowOrigin::exact(v),
                Err(_) => AllowOrigin::list([]),
            }
        };
        r = r.layer(
            CorsLayer::new()
                .allow_origin(allow)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]),
        );
    }
    r.with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such resource")
}

/// Refuse long query strings before anything parses them.
async fn limit_query(req: Request, next: Next) -> Response {
    if req.uri().query().is_some_and(|q| q.len() > MAX_QUERY) {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("query string longer than {MAX_QUERY} bytes"),
        )
        .into_response();
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    res
}

async fn healthz(State(st): State<Shared>) -> ApiResult<Json<Value>> {
    let v = st
        .pool
        .run(|s| s.schema_version())
        .await
        .map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string()))?;
    Ok(Json(json!({"status": "ok", "schema_version": v})))
}

async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}

/// `GET /api/events`.
async fn list_events(State(st): State<Shared>, q: QueryParams) -> ApiResult<Response> {
    let p = params(q)?;
    let format = match p.format.as_deref().unwrap_or("json") {
        "json" | "" => None,
        "csv" => Some(Format::Csv),
        "geojson" => Some(Format::Geojson),
        other => {
            return Err(BadParam(format!("format={other:?}: expected json, csv or geojson")).into())
        }
    };
    let limit = match format {
        None => p.limit(100, st.cfg.max_page)?,
        Some(_) => p.limit(st.cfg.max_export, st.cfg.max_export)?,
    };
    let (query, sub_type) = p.query()?;
    let cursor = p
        .cursor
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(Cursor::decode)
        .transpose()?;
    let want_total = Params::flag(&p.total);
    let (pg, total, bytes) = st
        .pool
        .run(move |s| {
            let pg = page(s, &query, sub_type.as_deref(), limit, cursor)?;
            let total = if want_total && sub_type.is_none() {
                Some(s.count(&query)?)
            } else {
                None
            };
            let bytes = match format {
                Some(f) => {
                    let mut buf = Vec::new();
                    export::write(f, &pg.events, s.knowledge(), &mut buf)
                        .map_err(|e| sitrep_store::StoreError::Invalid(e.to_string()))?;
                    Some(buf)
                }
                None => None,
            };
            Ok((pg, total, bytes))
        })
        .await?;
    let next = pg.next.as_ref().map(Cursor::encode);
    match (format, bytes) {
        (Some(f), Some(buf)) => {
            let ctype = match f {
                Format::Csv => "text/csv; charset=utf-8",
                _ => "application/geo+json",
            };
            let mut res = Response::new(Body::from(buf));
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
            if let Some(n) = next.and_then(|n| HeaderValue::from_str(&n).ok()) {
                h.insert("x-next-cursor", n);
            }
            Ok(res)
        }
        _ => Ok(Json(ListBody {
            events: &pg.events,
            next_cursor: next,
            total,
        })
        .into_response()),
    }
}

/// The JSON answer of `GET /api/events` (serialized straight from the events).
#[derive(Serialize)]
struct ListBody<'a> {
    events: &'a [StoredEvent],
    next_cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<u64>,
}

/// One source of an event, with its report's text cut into evidence segments.
#[derive(Serialize)]
struct SourceView {
    doc: String,
    doc_key: Option<String>,
    url: Option<String>,
    published: Option<NaiveDate>,
    /// The report's stored text, as segments marked with the fields they support.
    segments: Option<Vec<crate::evidence::Segment>>,
    /// Fields whose evidence lies in this report.
    fields: Vec<FieldSpan>,
}

/// `GET /api/events/{id}`.
async fn event_detail(State(st): State<Shared>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    if id.len() > 200 {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "no such event"));
    }
    let found = st
        .pool
        .run(move |s| {
            let Some(ev) = s.get_event(&id)? else {
                return Ok(None);
            };
            let revisions = s.revisions(&id)?;
            // Each source's document: the revisions name the stored documents
            // (`doc_id@hash`) in the order they were merged, as the sources are.
            let mut keys: Vec<String> = Vec::new();
            for k in revisions.iter().filter_map(|r| r.doc_key.clone()) {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            let docs: Vec<String> = ev.event.sources.iter().map(|x| x.doc.clone()).collect();
            let mut texts: Vec<Option<(String, String)>> = Vec::new();
            for k in source_keys(&docs, &keys) {
                texts.push(match k {
                    Some(k) => s.document_text(&k)?.map(|t| (k, t)),
                    None => None,
                });
            }
            Ok(Some((ev, revisions, texts)))
        })
        .await?;
    let Some((ev, revisions, texts)) = found else {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "no such event"));
    };
    let mut spans = field_spans(&ev.event);
    let mut sources = Vec::new();
    for (i, src) in ev.event.sources.iter().enumerate() {
        let text = texts.get(i).and_then(Option::as_ref);
        // A field's span goes to the first report whose text holds its words.
        let mut mine = Vec::new();
        if let Some((_, t)) = text {
            let last = i + 1 == ev.event.sources.len();
            spans.retain(|f| {
                if f.fits(t) && (f.expect.is_some() || i == 0 || last) {
                    mine.push(f.clone());
                    false
                } else {
                    true
                }
            });
        }
        sources.push(SourceView {
            doc: src.doc.clone(),
            doc_key: text.map(|(k, _)| k.clone()),
            url: src.url.clone(),
            published: src.published,
            segments: text.map(|(_, t)| segments(t, &mine, &src.sentences)),
            fields: mine,
        });
    }
    Ok(Json(json!({
        "event": ev,
        "sources": sources,
        "revisions": revisions,
        "unplaced_fields": spans,
    })))
}

/// The stored document key of each source: the key whose document id is the
/// source's name (with or without its file extension), else the next unused key
/// in merge order.
fn source_keys(docs: &[String], keys: &[String]) -> Vec<Option<String>> {
    let id_of = |k: &String| k.rsplit_once('@').map_or(k.clone(), |(d, _)| d.to_string());
    let mut used = vec![false; keys.len()];
    let mut out: Vec<Option<usize>> = docs
        .iter()
        .map(|d| {
            let stem = d.rsplit_once('.').map_or(d.as_str(), |(s, _)| s);
            let i = keys
                .iter()
                .enumerate()
                .position(|(j, k)| !used[j] && (id_of(k) == *d || id_of(k) == stem))?;
            used[i] = true;
            Some(i)
        })
        .collect();
    for o in out.iter_mut().filter(|o| o.is_none()) {
        if let Some(j) = used.iter().position(|u| !u) {
            used[j] = true;
            *o = Some(j);
        }
    }
    out.into_iter()
        .map(|o| o.map(|j| keys[j].clone()))
        .collect()
}

/// An actor of a list.
#[derive(Serialize)]
struct ActorRow {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    country: Option<String>,
    events: Option<u64>,
    fatalities: Option<u64>,
}

/// `GET /api/actors`.
async fn list_actors(State(st): State<Shared>, q: QueryParams) -> ApiResult<Json<Value>> {
    let p = params(q)?;
    let limit = p.limit(50, 1000)?;
    if let Some(words) = p.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if words.chars().count() > crate::params::MAX_TEXT {
            return Err(BadParam("q is too long".into()).into());
        }
        let w = words.to_lowercase();
        let mut rows: Vec<ActorRow> = st
            .actors()
            .entries()
            .filter(|e| !e.generic)
            .filter(|e| e.id.contains(&w) || e.name.to_lowercase().contains(&w))
            .map(|e| ActorRow {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: Some(enum_name(&e.kind)),
                country: e.country.clone(),
                events: None,
                fatalities: None,
            })
            .collect();
        rows.sort_by(|a, b| a.name.len().cmp(&b.name.len()).then(a.id.cmp(&b.id)));
        rows.truncate(limit);
        return Ok(Json(json!({ "actors": rows })));
    }
    let (query, _) = p.query()?;
    let stats = st
        .pool
        .run(move |s| s.stats(&query, StatsBy::Actor))
        .await?;
    let base = st.actors();
    let rows: Vec<ActorRow> = stats
        .into_iter()
        .filter(|r| r.key != "(none)")
        .take(limit)
        .map(|r| {
            let e = base.get(&r.key);
            ActorRow {
                name: e.map_or_else(|| r.key.clone(), |e| e.name.clone()),
                kind: e.map(|e| enum_name(&e.kind)),
                country: e.and_then(|e| e.country.clone()),
                id: r.key,
                events: Some(r.events),
                fatalities: Some(r.fatalities),
            }
        })
        .collect();
    Ok(Json(json!({ "actors": rows, "role": "perpetrator" })))
}

/// `GET /api/actors/{id}`.
async fn actor_detail(State(st): State<Shared>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    if id.len() > 200 {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "no such actor"));
    }
    let qid = id.clone();
    let (count, recent, by_role) = st
        .pool
        .run(move |s| {
            let q = EventQuery {
                actor: Some(qid.clone()),
                ..EventQuery::default()
            };
            let count = s.count(&q)?;
            let recent = s.query(&EventQuery {
                limit: Some(20),
                ..q.clone()
            })?;
            let mut by_role = BTreeMap::new();
            if count > 0 {
                for role in [
                    "perpetrator",
                    "target",
                    "victim",
                    "claimant",
                    "accuser",
                    "participant",
                ] {
                    let n = s.count(&EventQuery {
                        role: Some(role.to_string()),
                        ..q.clone()
                    })?;
                    if n > 0 {
                        by_role.insert(role, n);
                    }
                }
            }
            Ok((count, recent, by_role))
        })
        .await?;
    let base = st.actors();
    let entry = base.get(&id);
    if entry.is_none() && count == 0 {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "no such actor"));
    }
    let name_of = |i: &str| base.get(i).map(|e| e.name.clone());
    let mut neighbours = Vec::new();
    if let Some(e) = entry {
        if let Some(p) = &e.parent {
            neighbours
                .push(json!({"id": p, "name": name_of(p), "kind": "parent", "direction": "out"}));
        }
        for r in &e.relations {
            neighbours.push(
                json!({"id": r.target, "name": name_of(&r.target), "kind": r.kind.as_str(),
                "direction": "out", "from": r.from, "to": r.to}),
            );
        }
        for o in base.entries().filter(|o| !o.generic && o.id != e.id) {
            if o.parent.as_deref() == Some(e.id.as_str()) {
                neighbours
                    .push(json!({"id": o.id, "name": o.name, "kind": "parent", "direction": "in"}));
            }
            for r in o.relations.iter().filter(|r| r.target == e.id) {
                neighbours.push(json!({"id": o.id, "name": o.name, "kind": r.kind.as_str(),
                    "direction": "in", "from": r.from, "to": r.to}));
            }
        }
    }
    let name = entry.map(|e| e.name.clone()).or_else(|| {
        recent
            .iter()
            .flat_map(|ev| ev.event.actors.iter())
            .find(|a| a.id == id)
            .map(|a| a.name.clone())
    });
    let recent: Vec<Value> = recent.iter().map(summary).collect();
    Ok(Json(json!({
        "id": id,
        "name": name,
        "in_base": entry.is_some(),
        "type": entry.map(|e| enum_name(&e.kind)),
        "country": entry.and_then(|e| e.country.clone()),
        "parent": entry.and_then(|e| e.parent.clone()),
        "ucdp_id": entry.and_then(|e| e.ucdp_id),
        "aliases": entry.map(|e| e.aliases.iter().take(100).map(|a| a.text.clone()).collect::<Vec<_>>()),
        "neighbours": neighbours,
        "events": count,
        "events_by_role": by_role,
        "recent_events": recent,
    })))
}

/// A short line about an event (lists of an actor's events).
fn summary(e: &StoredEvent) -> Value {
    let ev = &e.event;
    json!({
        "id": ev.id,
        "event_type": ev.event_type.as_str(),
        "sub_event_type": ev.sub_event_type,
        "date": ev.date.start,
        "location": ev.location.name,
        "country": ev.location.country,
        "fatalities": ev.fatalities.low,
    })
}

/// `GET /api/stats`.
async fn stats(State(st): State<Shared>, q: QueryParams) -> ApiResult<Json<Value>> {
    let p = params(q)?;
    let by_s =
        p.by.clone()
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| "month".into());
    let by = StatsBy::parse(&by_s).ok_or_else(|| {
        BadParam(format!(
            "by={by_s:?}: expected day, week, month, year, type, actor, admin1 or country"
        ))
    })?;
    let (query, _) = p.query()?;
    let rows = st.pool.run(move |s| s.stats(&query, by)).await?;
    Ok(Json(json!({ "by": by_s, "rows": rows })))
}

/// A posted report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostedDoc {
    #[serde(default)]
    pub id: Option<String>,
    pub text: String,
    #[serde(default)]
    pub published: Option<NaiveDate>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub source_name: Option<String>,
}

fn json_body<T: serde::de::DeserializeOwned>(
    body: Result<Json<T>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<T> {
    body.map(|Json(v)| v)
        .map_err(|e| ApiError::new(e.status(), e.body_text()))
}

/// `POST /api/extract`.
async fn extract(
    State(st): State<Shared>,
    body: Result<Json<PostedDoc>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<Json<Value>> {
    let d = json_body(body)?;
    let ex = st.extractor.clone();
    let events = tokio::task::spawn_blocking(move || {
        let doc = ex.prepare(
            d.id.as_deref().unwrap_or("posted"),
            d.source_name.as_deref().unwrap_or("api"),
            d.url,
            d.title,
            d.published,
            &d.text,
        );
        ex.extract(&doc)
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(Json(json!({ "events": events })))
}

/// The body of `POST /api/ingest`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestBody {
    pub documents: Vec<PostedDoc>,
}

/// Equal without an early exit (the time taken does not tell where they differ).
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Refuse a write without the server's token.
fn authorize(st: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    let Some(token) = st.cfg.write_token.as_deref() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this server is read-only (start it with --write-token to allow writes)",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(g) if same_secret(g.as_bytes(), token.as_bytes()) => Ok(()),
        _ => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing or wrong token (Authorization: Bearer TOKEN)",
        )),
    }
}

/// `POST /api/ingest`.
async fn ingest(
    State(st): State<Shared>,
    headers: HeaderMap,
    body: Result<Json<IngestBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<Json<Value>> {
    authorize(&st, &headers)?;
    let b = json_body(body)?;
    if b.documents
        .iter()
        .any(|d| d.id.as_deref().is_none_or(str::is_empty))
    {
        return Err(BadParam("every document needs an id".into()).into());
    }
    let ex = st.extractor.clone();
    let sum = st
        .pool
        .run(move |s| {
            let mut docs = Vec::with_capacity(b.documents.len());
            for d in b.documents {
                let doc = ex.prepare(
                    d.id.as_deref().unwrap_or(""),
                    d.source_name.as_deref().unwrap_or("api"),
                    d.url,
                    d.title,
                    d.published,
                    &d.text,
                );
                let (key, _) = sitrep_store::document_key(&doc);
                let events = if s.has_document(&key)? {
                    Vec::new()
                } else {
                    ex.extract(&doc)
                };
                docs.push(IngestDoc { doc, events });
            }
            s.ingest_batch(&docs)
        })
        .await?;
    Ok(Json(json!({
        "docs_new": sum.docs_new,
        "docs_skipped": sum.docs_skipped,
        "events_new": sum.events_new,
        "events_merged": sum.events_merged,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_has_a_handler() {
        for ep in ENDPOINTS {
            assert!(
                method_router(ep.method, ep.path).is_some(),
                "{} {}",
                ep.method,
                ep.path
            );
        }
    }

    #[test]
    fn sources_find_their_documents() {
        let keys = ["b@2".to_string(), "a@1".to_string(), "c@3".to_string()];
        let docs = ["a.txt".to_string(), "x".to_string(), "b".to_string()];
        assert_eq!(
            source_keys(&docs, &keys),
            vec![Some("a@1".into()), Some("c@3".into()), Some("b@2".into())]
        );
        assert_eq!(source_keys(&docs, &[]), vec![None, None, None]);
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"abcd"));
        assert!(!same_secret(b"", b"a"));
    }
}
