/*!
dump_mentions: the actor mentions (`ActorBase::link`, without context and with Nigeria as
the country) of every blank-line-separated block of a file, or with `--time` their speed
(without context); the convention of the `dump_*` examples is in `sitrep_benchkit::blocks`.
Usage: `cargo run --release --example dump_mentions -- FILE [--time]`.
*/
use sitrep_actors::{ActorBase, LinkContext};
use sitrep_benchkit::{ok_or_print, BlockFile};

fn main() {
    let Some(file) = BlockFile::from_args("dump_mentions") else {
        return;
    };
    let Some(base) = ok_or_print(ActorBase::embedded()) else {
        return;
    };
    let contexts = [LinkContext::default(), LinkContext::new(None, Some("NG"))];
    if file.time {
        file.print_speed(|b| base.link(b, &LinkContext::default()).len());
        return;
    }
    for (i, block) in file.blocks().enumerate() {
        for ctx in &contexts {
            for m in base.link(block, ctx) {
                println!("{i}\t{:?}", m);
            }
        }
    }
}
