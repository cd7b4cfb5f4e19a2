/*!
An ordered parallel map over a stream: one thread reads the items, `jobs`
threads code them, and the caller's thread takes the results in input order.

The pipeline is bounded: at most `WINDOW_PER_JOB * jobs` items are between the
reader and the caller at any time (read, being coded, or coded and waiting for an
earlier one), so memory does not grow with the input, and a slow item holds the
reader back instead of letting results pile up behind it. With `jobs <= 1` it is a
plain loop on the caller's thread, the single-threaded path that the parallel one
must match.
*/

use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};

/// Items in flight per coding thread.
pub const WINDOW_PER_JOB: usize = 16;

/// The number of threads to code with when none is asked for: the cores this
/// process may use (1 when that cannot be told).
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Apply `work` to every item of `items` on `jobs` threads and give each result
/// to `sink` in the order of `items`. The first error of `sink` stops the
/// pipeline (the reader and coders end without reading further) and is returned.
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
    std::thread::scope(|s| {
        // One token per item in flight: the reader takes one before it sends an
        // item, the caller gives it back when the item's result is used.
        let (token_tx, token_rx) = sync_channel::<()>(window);
        for _ in 0..window {
            let _ = token_tx.send(());
        }
        let (item_tx, item_rx) = sync_channel::<(usize, I::Item)>(2 * jobs);
        let item_rx = Arc::new(Mutex::new(item_rx));
        let (res_tx, res_rx) = sync_channel::<(usize, std::thread::Result<R>)>(window);
        s.spawn(move || {
            for (i, it) in items.enumerate() {
                if token_rx.recv().is_err() || item_tx.send((i, it)).is_err() {
                    return;
                }
            }
        });
        for _ in 0..jobs {
            let item_rx = Arc::clone(&item_rx);
            let res_tx = res_tx.clone();
            s.spawn(move || {
                while let Some((i, it)) = next_item(&item_rx) {
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

/// The next item for a coding thread; `None` when the reader is done or gone.
fn next_item<T>(rx: &Mutex<Receiver<T>>) -> Option<T> {
    rx.lock().ok()?.recv().ok()
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
