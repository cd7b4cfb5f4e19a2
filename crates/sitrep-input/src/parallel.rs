/*!
An ordered parallel map over a stream: `jobs` threads take the items in turn
(each reads the next item itself, under one lock, when it is free to code it),
and the caller's thread takes the results in input order.

The pipeline is bounded: at most `WINDOW_PER_JOB * jobs` items are between the
stream and the caller at any time (being coded, or coded and waiting for an
earlier one), so memory does not grow with the input, and a slow item holds the
reading back instead of letting results pile up behind it. (A thread of its own
for reading, handing each item over a channel, cost two channel operations and
a contended lock per item for no gain: reading a report is a small part of
coding it.) With `jobs <= 1` it is a
plain loop on the caller's thread, the single-threaded path that the parallel one
must match.
*/

use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;

/// Items in flight per coding thread.
pub const WINDOW_PER_JOB: usize = 16;

/// The number of threads to code with when none is asked for: the cores this
/// process may use (1 when that cannot be told).
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Apply `work` to every item of `items` on `jobs` threads and give each result
/// to `sink` in the order of `items`. The first error of `sink` stops the
/// pipeline (the coding threads end without reading further) and is returned.
/// A panic in `work` is raised again on the caller's thread.
pub fn map_ordered<I, R, E, W, S>(items: I, jobs: usize, work: W, mut sink: S) -> Result<(), E>
where
    I: Iterator + Send,
    I::Item: Send,
    R: Send,
    W: Fn(I::Item) -> R + Sync,
    S: FnMut(R) -> Result<(), E>,
{
    if jobs <= 1 {
        for it in items {
            sink(work(it))?;
        }
        return Ok(());
    }
    let window = WINDOW_PER_JOB * jobs;
    let work = &work;
    // One token per item in flight: a coding thread takes one before it reads
    // an item, the caller gives it back when the item's result is used.
    let (token_tx, token_rx) = sync_channel::<()>(window);
    for _ in 0..window {
        let _ = token_tx.send(());
    }
    let source = &Mutex::new((token_rx, items.enumerate()));
    std::thread::scope(|s| {
        // (Owned here: a caller gone, dropping it ends the threads' wait.)
        let token_tx = token_tx;
        let (res_tx, res_rx) = sync_channel::<(usize, std::thread::Result<R>)>(window);
        for _ in 0..jobs {
            let res_tx = res_tx.clone();
            s.spawn(move || {
                while let Some((i, it)) = next_item(source) {
                    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(it)));
                    if res_tx.send((i, r)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(res_tx);
        let mut waiting = BTreeMap::new();
        let mut next = 0usize;
        for (i, r) in res_rx.iter() {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&next) {
                match r {
                    Ok(r) => sink(r)?,
                    Err(panic) => std::panic::resume_unwind(panic),
                }
                next += 1;
                let _ = token_tx.send(());
            }
        }
        Ok(())
    })
}

/// The next item for a coding thread, with its index, once a token is free;
/// `None` when the stream is done, the caller gone or another thread panicked
/// reading.
fn next_item<T: Iterator>(source: &Mutex<(Receiver<()>, T)>) -> Option<T::Item> {
    let mut guard = source.lock().ok()?;
    let (tokens, items) = &mut *guard;
    tokens.recv().ok()?;
    items.next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_jobs() {
        // Uneven work, so that later items finish before earlier ones.
        let work = |i: u64| {
            let mut x = i;
            for _ in 0..(i % 7) * 20_000 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            }
            (i, x)
        };
        let mut one = Vec::new();
        map_ordered(0..500u64, 1, work, |r| {
            one.push(r);
            Ok::<_, ()>(())
        })
        .unwrap();
        for jobs in [2, 3, 8] {
            let mut many = Vec::new();
            map_ordered(0..500u64, jobs, work, |r| {
                many.push(r);
                Ok::<_, ()>(())
            })
            .unwrap();
            assert_eq!(many, one, "jobs {jobs}");
        }
        assert_eq!(one.len(), 500);
        assert!(one.iter().enumerate().all(|(i, r)| r.0 == i as u64));
    }

    #[test]
    fn a_sink_error_stops_the_reader() {
        let read = std::sync::atomic::AtomicUsize::new(0);
        let items = (0..1_000_000usize).inspect(|_| {
            read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        let mut seen = 0;
        let r = map_ordered(
            items,
            2,
            |i| i,
            |i| {
                seen += 1;
                if i == 10 {
                    Err("full")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err("full"));
        assert_eq!(seen, 11);
        // The window bounds how far the reader went.
        let n = read.load(std::sync::atomic::Ordering::Relaxed);
        assert!(n <= 11 + 2 * WINDOW_PER_JOB + 1, "{n} items read");
    }

    #[test]
    fn a_panic_in_work_reaches_the_caller() {
        let r = std::panic::catch_unwind(|| {
            map_ordered(
                0..100u32,
                2,
                |i| {
                    if i == 40 {
                        panic!("boom")
                    }
                    i
                },
                |_| Ok::<_, ()>(()),
            )
        });
        assert!(r.is_err());
    }
}
