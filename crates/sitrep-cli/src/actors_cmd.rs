/*!
`sitrep actors`: look into the actor knowledge base — list actors, show one with its
aliases and relations, export the actor graph, and print the linking corpus accuracy.
(`data/actors/imported/` is rebuilt offline by `build-actors` of the `sitrep-tools` crate.)

Kept in its own module so the knowledge-base commands stay apart from extraction.
*/

use anyhow::{bail, Context, Result};
use clap::{Subcommand, ValueEnum};
use sitrep_actors::{
    corpus_accuracy, graph_dot, graph_graphml, graph_json, ActorBase, EMBEDDED_CORPUS,
};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum ActorsCommand {
    /// List actors (id, type, country, name), or JSON lines with --json.
    List {
        /// Only this type (state_forces, police, rebel_group, political_militia,
        /// identity_militia, civilians, protesters, rioters, external, unknown).
        #[arg(long = "type", value_name = "T")]
        kind: Option<String>,
        /// Only this country (ISO 3166-1 alpha-2).
        #[arg(long, value_name = "CC")]
        country: Option<String>,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: crate::DataArg,
    },
    /// Show one actor: type, country, UCDP id, source, aliases, relations, events by role.
    Show {
        id: String,
        #[command(flatten)]
        data: crate::DataArg,
        /// Count the actor's events by role in this store (SQLite path or postgres:// URL).
        #[arg(long, value_name = "PATH|URL")]
        db: Option<String>,
    },
    /// Export the actor graph (nodes = actors, edges = relations and parents).
    Graph {
        #[arg(long, value_enum, default_value = "json")]
        format: GraphFormat,
        #[command(flatten)]
        data: crate::DataArg,
    },
    /// Print the accuracy of the actor-linking corpus (data/corpus/actors.tsv) and
    /// every failing case; exit 1 below 100%.
    Corpus {
        #[command(flatten)]
        data: crate::DataArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    Json,
    Dot,
    Graphml,
}

fn load(data: Option<&Path>) -> Result<ActorBase> {
    match data {
        Some(d) => ActorBase::load_dir(d.join("actors"))
            .with_context(|| format!("loading {}", d.join("actors").display())),
        None => ActorBase::embedded().context("loading the embedded actor base"),
    }
}

fn type_name(t: sitrep_core::ActorType) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Run one actors subcommand.
pub fn run(cmd: ActorsCommand) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cmd {
        ActorsCommand::List {
            kind,
            country,
            json,
            data,
        } => list(&mut out, kind, country, json, &data)?,
        ActorsCommand::Show { id, data, db } => show(&mut out, &id, &data, db)?,
        ActorsCommand::Graph { format, data } => graph(&mut out, format, &data)?,
        ActorsCommand::Corpus { data } => return corpus(&mut out, &data),
    }
    Ok(ExitCode::SUCCESS)
}

/// `actors list`.
fn list(
    out: &mut impl Write,
    kind: Option<String>,
    country: Option<String>,
    json: bool,
    data: &crate::DataArg,
) -> Result<()> {
    let base = load(data.dir())?;
    let mut n = 0usize;
    for e in base.entries() {
        let ty = type_name(e.kind);
        if kind.as_deref().is_some_and(|k| k != ty) {
            continue;
        }
        if country.as_deref().is_some_and(|c| {
            !e.country
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(c))
        }) {
            continue;
        }
        n += 1;
        if json {
            let v = serde_json::json!({
                "id": e.id, "name": e.name, "type": ty, "country": e.country,
                "ucdp_id": e.ucdp_id, "aliases": e.aliases.len(), "file": e.file,
            });
            writeln!(out, "{v}")?;
        } else {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                e.id,
                ty,
                e.country.as_deref().unwrap_or("-"),
                e.name
            )?;
        }
    }
    if !json {
        eprintln!("{n} actors");
    }
    Ok(())
}

/// `actors show`.
fn show(out: &mut impl Write, id: &str, data: &crate::DataArg, db: Option<String>) -> Result<()> {
    let base = load(data.dir())?;
    let Some(e) = base.get(id) else {
        bail!("no actor with id {id:?} (try `sitrep actors list`)");
    };
    writeln!(out, "id:       {}", e.id)?;
    writeln!(out, "name:     {}", e.name)?;
    writeln!(out, "type:     {}", type_name(e.kind))?;
    writeln!(out, "country:  {}", e.country.as_deref().unwrap_or("-"))?;
    writeln!(
        out,
        "ucdp_id:  {}",
        e.ucdp_id
            .map(|u| u.to_string())
            .unwrap_or_else(|| "-".into())
    )?;
    writeln!(out, "parent:   {}", e.parent.as_deref().unwrap_or("-"))?;
    writeln!(out, "source:   {}", e.source.as_deref().unwrap_or("-"))?;
    writeln!(out, "file:     {}", e.file)?;
    writeln!(out, "aliases ({}):", e.aliases.len())?;
    for a in &e.aliases {
        let mut tags = Vec::new();
        if let Some(l) = &a.lang {
            tags.push(format!("lang {l}"));
        }
        if !a.countries.is_empty() {
            tags.push(format!("only in {}", a.countries.join(",")));
        }
        if a.generated {
            tags.push("generated".into());
        }
        if a.imported {
            tags.push("imported".into());
        }
        let t = if tags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", tags.join("; "))
        };
        writeln!(out, "  {}{t}", a.text)?;
    }
    writeln!(out, "relations ({}):", e.relations.len())?;
    for r in &e.relations {
        let span = match (r.from, r.to) {
            (None, None) => String::new(),
            (f, t) => format!(
                "  [{} .. {}]",
                f.map(|d| d.to_string()).unwrap_or_default(),
                t.map(|d| d.to_string()).unwrap_or_default()
            ),
        };
        writeln!(out, "  {} {}{span}", r.kind.as_str(), r.target)?;
    }
    let incoming: Vec<String> = base
        .entries()
        .flat_map(|o| {
            o.relations
                .iter()
                .filter(|r| r.target == e.id)
                .map(move |r| format!("{} {} this", o.id, r.kind.as_str()))
        })
        .collect();
    writeln!(out, "incoming ({}):", incoming.len())?;
    for s in incoming {
        writeln!(out, "  {s}")?;
    }
    match db.as_deref() {
        Some(db) => {
            let mut store = sitrep_store::Store::open(db)
                .with_context(|| format!("opening the event store {db}"))?;
            writeln!(out, "events by role in {db}:")?;
            for role in [
                "perpetrator",
                "claimant",
                "accuser",
                "participant",
                "target",
                "victim",
            ] {
                let q = sitrep_store::EventQuery {
                    actor: Some(e.id.clone()),
                    role: Some(role.to_string()),
                    ..Default::default()
                };
                let n = store
                    .count(&q)
                    .with_context(|| format!("counting events in {db}"))?;
                writeln!(out, "  {role:<12} {n}")?;
            }
        }
        None => writeln!(
            out,
            "events by role: give --db (e.g. sitrep.db) to count them in an event store"
        )?,
    }
    Ok(())
}

/// `actors graph`.
fn graph(out: &mut impl Write, format: GraphFormat, data: &crate::DataArg) -> Result<()> {
    let base = load(data.dir())?;
    let s = match format {
        GraphFormat::Json => graph_json(&base),
        GraphFormat::Dot => graph_dot(&base),
        GraphFormat::Graphml => graph_graphml(&base),
    };
    writeln!(out, "{}", s.trim_end())?;
    Ok(())
}

/// `actors corpus`: exit 1 below 100%.
fn corpus(out: &mut impl Write, data: &crate::DataArg) -> Result<ExitCode> {
    let base = load(data.dir())?;
    let corpus = match data.dir() {
        Some(d) => std::fs::read_to_string(d.join("corpus").join("actors.tsv"))
            .with_context(|| format!("reading {}", d.join("corpus/actors.tsv").display()))?,
        None => EMBEDDED_CORPUS.to_string(),
    };
    let r = corpus_accuracy(&base, &corpus).map_err(anyhow::Error::msg)?;
    for (line, text, exp, got) in &r.failures {
        writeln!(
            out,
            "FAIL line {line}: {text:?}\n  expected {exp:?}\n  got      {got:?}"
        )?;
    }
    writeln!(
        out,
        "actor corpus: {}/{} = {:.1}%",
        r.passed,
        r.total,
        r.accuracy() * 100.0
    )?;
    if !r.failures.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
