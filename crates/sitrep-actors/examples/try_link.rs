/*!
try_link: print the actor mentions of a text given on stdin (developer aid).
Usage: `echo "text" | cargo run --example try_link -- [COUNTRY] [YYYY-MM-DD]`.
*/
use sitrep_actors::{ActorBase, LinkContext};
use std::io::Read;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let country = args.first().map(String::as_str);
    let date = args
        .get(1)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let mut text = String::new();
    if std::io::stdin().read_to_string(&mut text).is_err() {
        return;
    }
    let base = match ActorBase::embedded() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    for m in base.link(&text, &LinkContext::new(date, country)) {
        println!(
            "{:?}\t{}\t{:?}\t{:?}\t{}",
            m.span.text(&text),
            m.actor.id,
            m.actor.kind,
            m.link,
            m.actor.name
        );
    }
}
