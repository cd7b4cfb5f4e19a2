/*!
`sitrep-store-load DB FILE [BATCH]`: load pre-extracted reports into a store;
`sitrep-store-load DB FILE --reprocess`: reprocess the store with them.

FILE is JSON Lines, one `{"document": <Document>, "events": [<sitrep.event/1>, …]}`
per line (a report already run through extraction). Reports are stored in batches
of BATCH (default 5,000), one transaction each, with the same deduplication as
`sitrep ingest`. Used by the kill-and-resume test and to load extraction output
produced elsewhere; malformed lines are reported on stderr and skipped.

With `--reprocess`, FILE is the new extraction of the stored reports (matched by
document id; a stored report missing from FILE gives no events) and the store is
reprocessed with it ([`Store::reprocess`]): used by the kill-during-reprocess test.
*/

use sitrep_core::{Document, Event};
use sitrep_store::{BatchSummary, IngestDoc, Store};
use std::io::BufRead;
use std::process::ExitCode;

#[derive(serde::Deserialize)]
struct Line {
    document: Document,
    #[serde(default)]
    events: Vec<Event>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(db), Some(file)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: sitrep-store-load DB FILE [BATCH]");
        return ExitCode::from(1);
    };
    if args.iter().any(|a| a == "--reprocess") {
        return match reprocess(db, file) {
            Ok(s) => {
                eprintln!(
                    "sitrep-store-load: reprocessed {} documents: {} events before, {} after, {} changed",
                    s.documents, s.events_before, s.events_after, s.changed
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("sitrep-store-load: error: {e}");
                ExitCode::from(1)
            }
        };
    }
    let batch_size: usize = args.get(3).and_then(|b| b.parse().ok()).unwrap_or(5000);
    match run(db, file, batch_size) {
        Ok((sum, bad)) => {
            eprintln!(
                "sitrep-store-load: {} documents stored, {} already stored, {} new events, {} merged",
                sum.docs_new, sum.docs_skipped, sum.events_new, sum.events_merged
            );
            if bad > 0 {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("sitrep-store-load: error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(db: &str, file: &str, batch_size: usize) -> Result<(BatchSummary, usize), String> {
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let f = std::fs::File::open(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let mut sum = BatchSummary::default();
    let mut bad = 0;
    let mut batch = Vec::with_capacity(batch_size);
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| format!("{file}: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(&line) {
            Ok(l) => batch.push(IngestDoc {
                doc: l.document,
                events: l.events,
            }),
            Err(e) => {
                eprintln!("sitrep-store-load: {file}:{}: {e} (skipped)", i + 1);
                bad += 1;
            }
        }
        if batch.len() >= batch_size {
            sum.add(store.ingest_batch(&batch).map_err(|e| e.to_string())?);
            batch.clear();
        }
    }
    if !batch.is_empty() {
        sum.add(store.ingest_batch(&batch).map_err(|e| e.to_string())?);
    }
    Ok((sum, bad))
}

fn reprocess(db: &str, file: &str) -> Result<sitrep_store::ReprocessSummary, String> {
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let f = std::fs::File::open(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let mut by_id: std::collections::HashMap<String, Vec<Event>> = Default::default();
    for line in std::io::BufReader::new(f).lines() {
        let line = line.map_err(|e| format!("{file}: {e}"))?;
        if let Ok(l) = serde_json::from_str::<Line>(&line) {
            by_id.insert(l.document.id, l.events);
        }
    }
    let mut extract = |d: &sitrep_store::StoredDoc| {
        let doc = Document {
            id: d.id.clone(),
            source_name: d.source_name.clone(),
            url: d.url.clone(),
            title: d.title.clone(),
            published: d.published,
            text: d.text.clone(),
            title_span: None,
            dateline: None,
        };
        (doc, by_id.get(&d.id).cloned().unwrap_or_default())
    };
    let mut said = false;
    let mut progress = |_: usize, _: usize| {
        if !said {
            eprintln!("sitrep-store-load: reprocessing");
            said = true;
        }
    };
    store
        .reprocess(&mut extract, &mut progress)
        .map_err(|e| e.to_string())
}
