/*!
`geo-find [FILE…]`: print the places sitrep-geo finds in each file (or stdin),
one line per mention — a tool for analysts checking the gazetteer and cue lists.
Set `SITREP_GEO_DATA=<repo>/data` to use the files on disk instead of the
embedded copies.
*/

use sitrep_geo::{Gazetteer, GeoContext};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let gaz = match std::env::var_os("SITREP_GEO_DATA") {
        Some(d) => {
            let d = PathBuf::from(d);
            Gazetteer::load_dir(&d.join("gazetteer"), &d.join("lexicons"))
        }
        None => Gazetteer::embedded(),
    };
    let gaz = match gaz {
        Ok(g) => g,
        Err(e) => {
            eprintln!("geo-find: {e}");
            return ExitCode::FAILURE;
        }
    };
    let files: Vec<String> = std::env::args().skip(1).collect();
    let mut texts = Vec::new();
    if files.is_empty() {
        let mut s = String::new();
        if std::io::stdin().read_to_string(&mut s).is_err() {
            return ExitCode::FAILURE;
        }
        texts.push(("-".to_string(), s));
    }
    for f in files {
        match std::fs::read_to_string(&f) {
            Ok(s) => texts.push((f, s)),
            Err(e) => eprintln!("geo-find: {f}: {e}"),
        }
    }
    for (name, text) in texts {
        println!("== {name}");
        for m in gaz.find_places(&text, &GeoContext::default()) {
            let p = &m.place;
            println!(
                "{:?}\t{:?}\t{:?}\t{}\t{}\t{}\t{}\t{}\t{:.2}{}{}",
                m.span.text(&text),
                m.phrase.text(&text),
                m.precision,
                p.name,
                p.feature_code,
                p.country,
                p.admin1_code.as_deref().unwrap_or("-"),
                p.admin1.as_deref().unwrap_or("-"),
                m.score,
                if m.demonym { "\tdemonym" } else { "" },
                m.unresolved_name
                    .as_deref()
                    .map(|n| format!("\tunresolved={n}"))
                    .unwrap_or_default(),
            );
        }
    }
    ExitCode::SUCCESS
}
