/*!
dump_places: the place mentions (`Gazetteer::find_places`, default context) of every
blank-line-separated block of a file, or with `--time` their speed; the convention of
the `dump_*` examples is in `sitrep_benchkit::blocks`.
Usage: `cargo run --release --example dump_places -- FILE [--time]`.
*/
use sitrep_benchkit::{ok_or_print, BlockFile};
use sitrep_geo::{Gazetteer, GeoContext};

fn main() {
    let Some(file) = BlockFile::from_args("dump_places") else {
        return;
    };
    let Some(gaz) = ok_or_print(Gazetteer::embedded()) else {
        return;
    };
    if file.time {
        file.print_speed(|b| gaz.find_places(b, &GeoContext::default()).len());
        return;
    }
    for (i, block) in file.blocks().enumerate() {
        for m in gaz.find_places(block, &GeoContext::default()) {
            println!("{i}\t{:?}", m);
        }
    }
}
