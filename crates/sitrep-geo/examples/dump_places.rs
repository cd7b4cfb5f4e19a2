/*!
dump_places: print every place mention of every blank-line-separated block of a
file, in a stable debug format (developer aid: compare two builds' outputs to
check that a speed change changes nothing).
With `--time` after FILE: no output, the best of five timed passes (MB/s).
Usage: `cargo run --release --example dump_places -- FILE [--time]`.
*/
use sitrep_geo::{Gazetteer, GeoContext};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump_places FILE");
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let gaz = match Gazetteer::embedded() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    if std::env::args().nth(2).as_deref() == Some("--time") {
        let mut best = f64::MAX;
        // A first, untimed pass touches the lazily parsed data.
        for pass in 0..6 {
            let t = std::time::Instant::now();
            let n: usize = text
                .split("\n\n")
                .map(|b| gaz.find_places(b, &GeoContext::default()).len())
                .sum();
            if pass > 0 {
                best = best.min(t.elapsed().as_secs_f64());
            }
            std::hint::black_box(n);
        }
        println!("{:.2} MB/s", text.len() as f64 / 1e6 / best);
        return;
    }
    for (i, block) in text.split("\n\n").enumerate() {
        for m in gaz.find_places(block, &GeoContext::default()) {
            println!("{i}\t{:?}", m);
        }
    }
}
