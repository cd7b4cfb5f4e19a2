/*!
Export of the actor graph: every named entry (curated, state, imported; generic
actors left out) as a node, every relation and parent link as an edge, in JSON,
Graphviz DOT or GraphML, for analysts who want to draw or query the base.

Output is ordered by entry id and edge, so the same base gives the same file.
*/

use crate::ActorBase;
use std::fmt::Write as _;

/// (source id, kind, target id, from, to) of every edge, sorted.
fn edges(base: &ActorBase) -> Vec<(String, String, String, String, String)> {
    let mut v = Vec::new();
    for e in base.entries().filter(|e| !e.generic) {
        if let Some(p) = &e.parent {
            v.push((
                e.id.clone(),
                "parent".to_string(),
                p.clone(),
                String::new(),
                String::new(),
            ));
        }
        for r in &e.relations {
            let d = |x: Option<chrono::NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
            v.push((
                e.id.clone(),
                r.kind.as_str().to_string(),
                r.target.clone(),
                d(r.from),
                d(r.to),
            ));
        }
    }
    v.sort();
    v.dedup();
    v
}

fn nodes(base: &ActorBase) -> Vec<&crate::Entry> {
    let mut v: Vec<&crate::Entry> = base.entries().filter(|e| !e.generic).collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// The graph as JSON: `{"nodes":[{id,name,type,country,ucdp_id,source,file}],
/// "edges":[{source,kind,target,from,to}]}`.
pub fn graph_json(base: &ActorBase) -> String {
    let ns: Vec<serde_json::Value> = nodes(base)
        .into_iter()
        .map(|e| {
            serde_json::json!({
                "id": e.id,
                "name": e.name,
                "type": e.kind,
                "country": e.country,
                "ucdp_id": e.ucdp_id,
                "source": e.source,
                "file": e.file,
            })
        })
        .collect();
    let es: Vec<serde_json::Value> = edges(base)
        .into_iter()
        .map(|(s, k, t, f, to)| {
            serde_json::json!({
                "source": s, "kind": k, "target": t,
                "from": if f.is_empty() { None } else { Some(f) },
                "to": if to.is_empty() { None } else { Some(to) },
            })
        })
        .collect();
    serde_json::json!({ "nodes": ns, "edges": es }).to_string()
}

fn dot_q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The graph in Graphviz DOT.
pub fn graph_dot(base: &ActorBase) -> String {
    let mut o = String::from("digraph actors {\n  node [shape=box];\n");
    for e in nodes(base) {
        let ty = serde_json::to_value(e.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "  {} [label={}, type={}, country={}];",
            dot_q(&e.id),
            dot_q(&e.name),
            dot_q(&ty),
            dot_q(e.country.as_deref().unwrap_or(""))
        );
    }
    for (s, k, t, f, to) in edges(base) {
        let _ = writeln!(
            o,
            "  {} -> {} [label={}, from={}, to={}];",
            dot_q(&s),
            dot_q(&t),
            dot_q(&k),
            dot_q(&f),
            dot_q(&to)
        );
    }
    o.push_str("}\n");
    o
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The graph in GraphML (node keys: name, type, country, ucdp_id; edge keys: kind,
/// from, to).
pub fn graph_graphml(base: &ActorBase) -> String {
    let mut o = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n\
  <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n\
  <key id=\"country\" for=\"node\" attr.name=\"country\" attr.type=\"string\"/>\n\
  <key id=\"ucdp_id\" for=\"node\" attr.name=\"ucdp_id\" attr.type=\"string\"/>\n\
  <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n\
  <key id=\"from\" for=\"edge\" attr.name=\"from\" attr.type=\"string\"/>\n\
  <key id=\"to\" for=\"edge\" attr.name=\"to\" attr.type=\"string\"/>\n\
  <graph id=\"actors\" edgedefault=\"directed\">\n",
    );
    for e in nodes(base) {
        let ty = serde_json::to_value(e.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = write!(
            o,
            "    <node id=\"{}\"><data key=\"name\">{}</data><data key=\"type\">{}</data>",
            xml(&e.id),
            xml(&e.name),
            xml(&ty)
        );
        if let Some(c) = &e.country {
            let _ = write!(o, "<data key=\"country\">{}</data>", xml(c));
        }
        if let Some(u) = e.ucdp_id {
            let _ = write!(o, "<data key=\"ucdp_id\">{u}</data>");
        }
        o.push_str("</node>\n");
    }
    for (i, (s, k, t, f, to)) in edges(base).into_iter().enumerate() {
        let _ = write!(
            o,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"kind\">{}</data>",
            xml(&s),
            xml(&t),
            xml(&k)
        );
        if !f.is_empty() {
            let _ = write!(o, "<data key=\"from\">{}</data>", xml(&f));
        }
        if !to.is_empty() {
            let _ = write!(o, "<data key=\"to\">{}</data>", xml(&to));
        }
        o.push_str("</edge>\n");
    }
    o.push_str("  </graph>\n</graphml>\n");
    o
}
