/*!
dump_text: the fold, clean, dates, quantities, sentences and inferred reference date of
every blank-line-separated block of a file; the convention of the `dump_*` examples is in
`sitrep_benchkit::blocks` (this one has no `--time`).
Usage: `cargo run --release --example dump_text -- FILE`.
*/
use sitrep_benchkit::BlockFile;
use sitrep_text::Lexicons;

fn main() {
    let Some(file) = BlockFile::from_args("dump_text") else {
        return;
    };
    let lex = match Lexicons::embedded() {
        Ok(lex) => lex,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    for (i, block) in file.blocks().enumerate() {
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
