/*!
actors-bench: measure the actor linker's throughput (MB/s) and the knowledge-base
load time, on a synthetic text (or on files named on the command line).

Usage: `actors-bench [FILE…]` — without files, a built-in mix of sentences is
repeated to about 4 MB. Run it with `--release` for meaningful figures.
*/

use sitrep_actors::{ActorBase, LinkContext};
use std::time::Instant;

const SAMPLE: &str = "Militants from the Islamic State Khorasan Province (ISKP) attacked a \
Taliban checkpoint in Nangarhar on Tuesday, killing four guards, officials said. The group \
later claimed the attack. Security forces returned fire and the Haqqani Network denied any \
role. Unidentified gunmen killed two villagers near a market in Borno, where ISWAP and Boko \
Haram are active; the Nigerian army said troops repelled the attackers.\n\nIn Sudan, the \
Rapid Support Forces shelled a displacement camp; the Sudanese Armed Forces blamed the \
paramilitary. This is a sentence with no actor at all, which is what most text is. The \
Kuki Freedom Army (KFA) said its fighters were not involved.\n";

fn main() {
    let t0 = Instant::now();
    let base = match ActorBase::embedded() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot load the actor base: {e}");
            std::process::exit(1);
        }
    };
    let load = t0.elapsed();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = if args.is_empty() {
        SAMPLE.repeat(4_000_000 / SAMPLE.len() + 1)
    } else {
        let mut t = String::new();
        for a in &args {
            match std::fs::read_to_string(a) {
                Ok(s) => {
                    t.push_str(&s);
                    t.push('\n');
                }
                Err(e) => eprintln!("skip {a}: {e}"),
            }
        }
        t
    };
    let ctx = LinkContext::new(None, Some("AF"));
    // Whole text at once, and as 2 kB documents (the realistic case).
    let t1 = Instant::now();
    let n_all = base.link(&text, &ctx).len();
    let whole = t1.elapsed();
    // Best of five passes: the figure least disturbed by other processes.
    let mut docs = std::time::Duration::MAX;
    let mut n_docs = 0usize;
    for _ in 0..5 {
        let t2 = Instant::now();
        n_docs = 0;
        let mut start = 0;
        while start < text.len() {
            let mut end = (start + 2000).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            n_docs += base.link(text.get(start..end).unwrap_or(""), &ctx).len();
            start = end;
        }
        docs = docs.min(t2.elapsed());
    }
    let mb = text.len() as f64 / 1_000_000.0;
    println!(
        "entries {} patterns {} load {:.1} ms",
        base.len(),
        base.pattern_count(),
        load.as_secs_f64() * 1e3
    );
    println!(
        "text {:.2} MB: whole {:.1} MB/s ({} mentions); 2 kB docs {:.1} MB/s ({} mentions)",
        mb,
        mb / whole.as_secs_f64(),
        n_all,
        mb / docs.as_secs_f64(),
        n_docs
    );
}
