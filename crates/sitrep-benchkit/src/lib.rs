/*!
The measuring kit of sitrep's benchmarks, examples and measuring tests, and nothing else.

sitrep's crates each carry small developer programs (`benches/`, `examples/`, a test that
counts allocations) that measure speed and memory or dump a stage's output for comparison
between builds. They read the same texts, time the same way and print the same figures;
this crate holds the one copy of those pieces so that every program measures alike and a
figure from one stays comparable with another's:

* [`corpus`] — the bench corpus: the sample reports of `examples/reports` and the
  report corpus `data/corpus/events.tsv`, read in a fixed order;
* [`measure`] — this thread's CPU time, resident memory, MB/s, best of several passes;
* [`alloc`] — a counting global allocator, to prove a path does not allocate;
* [`blocks`] — a text file named on the command line, read as blank-line-separated
  blocks, for the `dump_*` examples;
* [`shapes`] — texts of many shapes from a seed (ordinary reports, and the shapes
  that once cost more than linear time), for the shapes benchmark and fuzz test.

It is a dev-dependency only (`[dev-dependencies]`, `publish = false`): no library or
binary of sitrep depends on it, and it depends on no sitrep crate, so any crate (even
`sitrep-text`, which the others build on) can use it without a dependency cycle. It reads
the repository's files by path at run time, which shipped code must never do.
*/

pub mod alloc;
pub mod blocks;
pub mod corpus;
pub mod measure;
pub mod shapes;

pub use alloc::{allocations, CountingAlloc};
pub use blocks::{ok_or_print, BlockFile};
pub use corpus::{
    event_corpus, read_corpus_file, read_reports, repo_root, sample_report_paths, Text,
};
pub use measure::{best_of, mb_per_s, rss_kb, rss_mb, thread_cpu_ns, thread_cpu_s, Best};
