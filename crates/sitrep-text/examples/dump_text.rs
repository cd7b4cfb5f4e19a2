/*!
dump_text: print the fold, clean, dates, quantities, sentences and inferred
reference date of every blank-line-separated block of a file, in a stable debug
format (developer aid: compare two builds' outputs to check that a speed change
changes nothing).
Usage: `cargo run --release --example dump_text -- FILE`.
*/
use sitrep_text::Lexicons;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump_text FILE");
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let lex = Lexicons::embedded();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    for (i, block) in text.split("\n\n").enumerate() {
        println!("{i}\tfold\t{:?}", sitrep_text::fold(block));
        println!("{i}\tclean\t{:?}", lex.clean(block));
        for d in lex.find_dates(block) {
            println!("{i}\tdate\t{d:?}");
        }
        for q in lex.quantities(block) {
            println!("{i}\tqty\t{q:?}");
        }
        for s in lex.sentences(block) {
            println!("{i}\tsent\t{s:?}");
        }
        let dates = lex.find_dates(block);
        println!(
            "{i}\tinfer\t{:?}",
            lex.infer_reference_date(block, &dates, None, today)
        );
        println!("{i}\tfold_str\t{:?}", sitrep_text::fold_str(block));
    }
}
