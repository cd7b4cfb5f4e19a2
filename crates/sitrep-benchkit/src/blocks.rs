/*!
The input of the `dump_*` examples: a text file named on the command line, read as
blocks separated by a blank line, and the optional `--time` flag after it that asks for
the speed of a stage over those blocks instead of its output.

A `dump_*` example prints what one stage finds in every block, one line an item led by
the block's number, in a stable debug format: a developer aid to compare two builds'
outputs and check that a speed change changes nothing. With `--time` it prints nothing
of the output, only the stage's speed ([`BlockFile::print_speed`]).
*/

use crate::measure::{best_of, mb_per_s};
use std::fmt::Display;

/// The value of `loaded` (a knowledge base, a gazetteer), or `None` after printing its
/// error on standard error: how an example stops when what it measures cannot be built.
pub fn ok_or_print<T, E: Display>(loaded: Result<T, E>) -> Option<T> {
    loaded.map_err(|e| eprintln!("{e}")).ok()
}

/// A text file named as the first argument (`PROGRAM FILE [--time]`).
#[derive(Debug, Clone)]
pub struct BlockFile {
    /// The whole text (empty when the file cannot be read).
    pub text: String,
    /// Whether `--time` follows FILE.
    pub time: bool,
}

impl BlockFile {
    /// Reads the file named by the first argument; `None`, after printing
    /// `usage: PROGRAM FILE` on standard error, when there is none.
    pub fn from_args(program: &str) -> Option<Self> {
        let Some(path) = std::env::args().nth(1) else {
            eprintln!("usage: {program} FILE");
            return None;
        };
        Some(BlockFile {
            text: std::fs::read_to_string(&path).unwrap_or_default(),
            time: std::env::args().nth(2).as_deref() == Some("--time"),
        })
    }

    /// The blank-line-separated blocks of the text, in order.
    pub fn blocks(&self) -> std::str::Split<'_, &'static str> {
        self.text.split("\n\n")
    }

    /// Runs `stage` over every block once untimed (to touch lazily parsed data), then
    /// five timed passes, and prints the best pass as `N.NN MB/s` of the whole text.
    pub fn print_speed(&self, mut stage: impl FnMut(&str) -> usize) {
        let mut pass = || {
            let n: usize = self.blocks().map(&mut stage).sum();
            std::hint::black_box(n);
        };
        pass();
        let best = best_of(5, pass);
        println!("{:.2} MB/s", mb_per_s(self.text.len(), best.wall_s));
    }
}
