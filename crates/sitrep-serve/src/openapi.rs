/*!
The endpoint table, and the OpenAPI 3.1 document built from it.

[`ENDPOINTS`] is the one list of what the server answers: the router registers
each entry's handler ([`crate::api::method_router`]) and `GET /api/openapi.json`
describes the same entries, with the query parameters of [`crate::params`], so
neither can name an endpoint the other lacks (a test checks both ways).
*/

use crate::params::{ParamDoc, FILTERS, PAGING};
use serde_json::{json, Map, Value};

/// One endpoint.
pub struct Endpoint {
    pub method: &'static str,
    /// With `{name}` path parameters (axum's syntax and OpenAPI's).
    pub path: &'static str,
    pub summary: &'static str,
    pub params: &'static [&'static [ParamDoc]],
    /// What the JSON body holds (POST).
    pub body: Option<&'static str>,
    /// Needs the write token.
    pub write: bool,
    /// Status codes and what they mean.
    pub responses: &'static [(u16, &'static str)],
}

const BY: &[ParamDoc] = &[ParamDoc {
    name: "by",
    kind: "string",
    doc: "Group by: day, week, month (default), year, type, actor, admin1, country",
}];
const ACTOR_Q: &[ParamDoc] = &[
    ParamDoc {
        name: "q",
        kind: "string",
        doc: "Words of an actor's name or id: search the actor base instead of counting events",
    },
    ParamDoc {
        name: "limit",
        kind: "integer",
        doc: "Most actors (default 50, at most 1000)",
    },
];

/// Every endpoint of the server.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "get",
        path: "/healthz",
        summary: "Liveness: the store answers",
        params: &[],
        body: None,
        write: false,
        responses: &[(200, "ok"), (503, "the store does not answer")],
    },
    Endpoint {
        method: "get",
        path: "/api/openapi.json",
        summary: "This document",
        params: &[],
        body: None,
        write: false,
        responses: &[(200, "OpenAPI 3.1")],
    },
    Endpoint {
        method: "get",
        path: "/api/events",
        summary: "Stored events matching the filters, newest first, one page (next_cursor for the next)",
        params: &[FILTERS, PAGING],
        body: None,
        write: false,
        responses: &[
            (200, "json: {events, next_cursor, total?}; csv and geojson: the page, next cursor in X-Next-Cursor"),
            (400, "a parameter cannot be read"),
            (414, "query string too long"),
        ],
    },
    Endpoint {
        method: "get",
        path: "/api/events/{id}",
        summary: "One event: the record, its sources with report texts and evidence segments, its revisions",
        params: &[],
        body: None,
        write: false,
        responses: &[(200, "the event"), (404, "no such event")],
    },
    Endpoint {
        method: "get",
        path: "/api/actors",
        summary: "Actors of the matching events (perpetrators, with counts), or actors of the base matching q",
        params: &[FILTERS, ACTOR_Q],
        body: None,
        write: false,
        responses: &[(200, "{actors}"), (400, "a parameter cannot be read")],
    },
    Endpoint {
        method: "get",
        path: "/api/actors/{id}",
        summary: "One actor: the base's entry, its graph neighbours, its stored events",
        params: &[],
        body: None,
        write: false,
        responses: &[(200, "the actor"), (404, "neither in the base nor in the store")],
    },
    Endpoint {
        method: "get",
        path: "/api/stats",
        summary: "Counts and tolls of the matching events, grouped",
        params: &[FILTERS, BY],
        body: None,
        write: false,
        responses: &[(200, "{by, rows: [{key, events, fatalities, fatalities_high}]}"), (400, "a parameter cannot be read")],
    },
    Endpoint {
        method: "post",
        path: "/api/extract",
        summary: "Extract events from a posted report; nothing is stored",
        params: &[],
        body: Some("{text, published?: YYYY-MM-DD, title?, url?, id?}"),
        write: false,
        responses: &[(200, "{events}"), (400, "not a report"), (413, "body too large")],
    },
    Endpoint {
        method: "post",
        path: "/api/ingest",
        summary: "Extract and store reports (only with the server's write token: Authorization: Bearer TOKEN)",
        params: &[],
        body: Some("{documents: [{id, text, published?, title?, url?, source_name?}]}"),
        write: true,
        responses: &[
            (200, "{docs_new, docs_skipped, events_new, events_merged}"),
            (401, "missing or wrong token"),
            (403, "the server is read-only (no write token)"),
            (413, "body too large"),
        ],
    },
];

fn param(p: &ParamDoc, location: &str, required: bool) -> Value {
    json!({
        "name": p.name,
        "in": location,
        "required": required,
        "description": p.doc,
        "schema": {"type": p.kind},
    })
}

/// The OpenAPI document of [`ENDPOINTS`].
pub fn document() -> Value {
    let mut paths = Map::new();
    for ep in ENDPOINTS {
        let mut params: Vec<Value> = Vec::new();
        for seg in ep.path.split('/') {
            if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let doc = ParamDoc {
                    name,
                    kind: "string",
                    doc: "identifier",
                };
                params.push(param(&doc, "path", true));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for group in ep.params {
            for p in group.iter() {
                if seen.insert(p.name) {
                    params.push(param(p, "query", false));
                }
            }
        }
        let responses: Map<String, Value> = ep
            .responses
            .iter()
            .map(|(code, what)| (code.to_string(), json!({"description": what})))
            .collect();
        let mut op = json!({
            "summary": ep.summary,
            "operationId": format!("{}{}", ep.method, ep.path.replace(['/', '{', '}', '.'], "_")),
            "parameters": params,
            "responses": responses,
        });
        if let (Some(body), Some(o)) = (ep.body, op.as_object_mut()) {
            o.insert(
                "requestBody".into(),
                json!({"required": true, "description": body,
                       "content": {"application/json": {"schema": {"type": "object"}}}}),
            );
            if ep.write {
                o.insert("security".into(), json!([{"bearer": []}]));
            }
        }
        let entry = paths
            .entry(ep.path.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(m) = entry.as_object_mut() {
            m.insert(ep.method.to_string(), op);
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "sitrep",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Conflict events extracted from news reports: query, inspect, extract.",
        },
        "paths": paths,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_is_described_once() {
        let doc = document();
        let paths = doc["paths"].as_object().unwrap();
        let n: usize = paths.values().map(|m| m.as_object().unwrap().len()).sum();
        assert_eq!(n, ENDPOINTS.len());
        let list = &doc["paths"]["/api/events"]["get"]["parameters"];
        let names: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        for want in ["country", "bbox", "cursor", "format", "sub_type"] {
            assert!(names.contains(&want), "{want}");
        }
        assert_eq!(
            doc["paths"]["/api/events/{id}"]["get"]["parameters"][0]["in"],
            "path"
        );
    }
}
