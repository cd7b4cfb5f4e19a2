/*!
`sitrep eval-geo`: score sitrep's toponym recognition and resolution on public
geoparsing gold corpora (LGL, GeoWebNews, GeoVirus — see
`../shared/geoparsing/README.md`), so that the gazetteer and resolver can be
compared with published geoparsers. The corpora are read at run time only;
nothing from them is shipped. Scoring conventions: `sitrep_geo::eval` and
`docs/geo.md`.
*/

use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use sitrep_geo::eval::{self, CorpusKind, EvalCase, EvalReport};
use sitrep_geo::Gazetteer;
use std::path::PathBuf;
use std::process::ExitCode;

/// Geoparsing evaluation commands.
#[derive(Subcommand, Debug)]
pub enum GeoCommand {
    /// Score toponym recognition and resolution on public gold corpora
    /// (LGL, GeoWebNews, GeoVirus): recognition P/R/F1 by span overlap,
    /// exact GeoNames-id match, accuracy within 161 km, mean/median error.
    EvalGeo(EvalGeoArgs),
}

/// Arguments of `sitrep eval-geo`.
#[derive(Args, Debug)]
pub struct EvalGeoArgs {
    /// Directory holding LGL_lgl.xml, GeoWebNews_GWN.xml, GeoVirus.xml
    /// (e.g. ../shared/geoparsing).
    #[arg(long)]
    pub corpus: PathBuf,
    /// Which corpus to score: lgl, gwn, geovirus or all.
    #[arg(long, default_value = "all")]
    pub which: String,
    /// Print a JSON report instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list up to N wrong resolutions, misses and spurious mentions per corpus.
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
    #[command(flatten)]
    pub data: crate::DataArg,
}

/// Run a geo command.
pub fn run(cmd: GeoCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        GeoCommand::EvalGeo(a) => run_eval_geo(&a),
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |v| format!("{:.1}%", v * 100.0))
}

fn km(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |v| format!("{v:.0}"))
}

fn run_eval_geo(a: &EvalGeoArgs) -> anyhow::Result<ExitCode> {
    let kinds: Vec<CorpusKind> = if a.which.eq_ignore_ascii_case("all") {
        CorpusKind::all().to_vec()
    } else {
        match CorpusKind::parse(&a.which) {
            Some(k) => vec![k],
            None => bail!(
                "--which must be lgl, gwn, geovirus or all, not {:?}",
                a.which
            ),
        }
    };
    let gaz = match a.data.dir() {
        Some(d) => Gazetteer::load_dir(&d.join("gazetteer"), &d.join("lexicons")),
        None => Gazetteer::embedded(),
    }
    .context("loading the gazetteer")?;
    let mut reports = Vec::new();
    for k in kinds {
        let path = a.corpus.join(k.file_name());
        if !path.exists() {
            eprintln!("eval-geo: {} not found, skipped", path.display());
            continue;
        }
        let arts =
            eval::read_corpus(k, &path).with_context(|| format!("reading {}", path.display()))?;
        reports.push(eval::evaluate(&gaz, k.name(), &arts));
    }
    if reports.is_empty() {
        bail!("no corpus file found in {}", a.corpus.display());
    }
    if a.json {
        let v: Vec<serde_json::Value> = reports.iter().map(|r| to_json(r, a.errors)).collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print_table(&reports);
        if a.errors > 0 {
            for r in &reports {
                print_cases(r, a.errors);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(reports: &[EvalReport]) {
    println!(
        "{:<9} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} | {:>7} {:>7} {:>7} {:>7} {:>7} | {:>7} {:>7} | {:>6}",
        "corpus",
        "docs",
        "gold",
        "pred",
        "P",
        "R",
        "F1",
        "exact",
        "acc161",
        "pt161",
        "meankm",
        "medkm",
        "e2e-ex",
        "e2e-161",
        "MB/s"
    );
    for r in reports {
        println!(
            "{:<9} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} | {:>7} {:>7} {:>7} {:>7} {:>7} | {:>7} {:>7} | {:>6.2}",
            r.corpus,
            r.articles,
            r.gold,
            r.predicted,
            pct(Some(r.precision())),
            pct(Some(r.recall())),
            pct(Some(r.f1())),
            pct(r.exact_rate()),
            pct(r.acc161()),
            pct(r.acc161_points()),
            km(r.mean_error_km()),
            km(r.median_error_km()),
            pct(r.exact_end_to_end()),
            pct(r.acc161_end_to_end()),
            r.mb_per_s()
        );
    }
    println!(
        "P/R/F1: recognition by span overlap. exact: same GeoNames id, over matched gold with an id; \
acc161: error <= 161 km, over matched gold with coordinates; pt161: the same where sitrep chose a populated place or site; e2e-*: the same over all gold (misses wrong)."
    );
}

fn case_line(c: &EvalCase) -> String {
    let pred = c
        .predicted
        .as_ref()
        .map_or("-".to_string(), |(n, id, cc, fc)| {
            format!(
                "{n} [{}] {cc} {fc}",
                id.map_or("-".to_string(), |i| i.to_string())
            )
        });
    format!(
        "  {}: {:?} gold {} {} -> {} {}",
        c.article,
        c.text,
        c.gold_id.map_or("-".to_string(), |i| i.to_string()),
        c.gold_point
            .map_or("-".to_string(), |(a, b)| format!("({a:.2},{b:.2})")),
        pred,
        c.error_km.map_or(String::new(), |e| format!("{e:.0} km")),
    )
}

fn print_cases(r: &EvalReport, n: usize) {
    for (title, list) in [
        ("wrong", &r.wrong),
        ("missed", &r.missed),
        ("spurious", &r.spurious),
    ] {
        println!("== {} {title} ({}):", r.corpus, list.len());
        for c in list.iter().take(n) {
            println!("{}", case_line(c));
        }
    }
}

fn case_json(c: &EvalCase) -> serde_json::Value {
    serde_json::json!({
        "article": c.article,
        "text": c.text,
        "gold_id": c.gold_id,
        "gold_point": c.gold_point.map(|(a, b)| [a, b]),
        "predicted": c.predicted.as_ref().map(|(n, id, cc, fc)| serde_json::json!({
            "name": n, "geonames_id": id, "where": cc, "feature_code": fc})),
        "error_km": c.error_km,
    })
}

fn to_json(r: &EvalReport, n: usize) -> serde_json::Value {
    let cases =
        |l: &[EvalCase]| -> Vec<serde_json::Value> { l.iter().take(n).map(case_json).collect() };
    serde_json::json!({
        "corpus": r.corpus,
        "articles": r.articles,
        "bytes": r.bytes,
        "gold": r.gold,
        "predicted": r.predicted,
        "matched": r.matched,
        "precision": r.precision(),
        "recall": r.recall(),
        "f1": r.f1(),
        "matched_with_id": r.matched_with_id,
        "matched_with_point": r.matched_with_point,
        "exact": r.exact,
        "within_161km": r.within_161,
        "exact_rate": r.exact_rate(),
        "acc161": r.acc161(),
        "acc161_points": r.acc161_points(),
        "point_matched": r.point_matched,
        "exact_end_to_end": r.exact_end_to_end(),
        "acc161_end_to_end": r.acc161_end_to_end(),
        "mean_error_km": r.mean_error_km(),
        "median_error_km": r.median_error_km(),
        "seconds": r.seconds,
        "mb_per_s": r.mb_per_s(),
        "wrong": cases(&r.wrong),
        "missed": cases(&r.missed),
        "spurious": cases(&r.spurious),
    })
}
