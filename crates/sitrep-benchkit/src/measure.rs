/*!
The figures every benchmark prints, computed one way: this thread's CPU time (which other
processes sharing the cores disturb less than wall time), resident memory, MB/s, and the
best of several timed passes. Linux `/proc` is read; elsewhere the figures are unknown
(`None`, or NaN where a number is printed) rather than an error.
*/

use std::time::Instant;

/// Nanoseconds this thread has run on a CPU (`/proc/thread-self/schedstat`): unlike wall
/// time, it does not count time spent waiting for a core that other processes hold.
pub fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// [`thread_cpu_ns`] in seconds, NaN when unknown.
pub fn thread_cpu_s() -> f64 {
    thread_cpu_ns().map_or(f64::NAN, |ns| ns as f64 / 1e9)
}

/// Resident memory of this process in KiB (`VmRSS` of `/proc/self/status`).
pub fn rss_kb() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// [`rss_kb`] in MiB, NaN when unknown.
pub fn rss_mb() -> f64 {
    rss_kb().map_or(f64::NAN, |kb| kb as f64 / 1024.0)
}

/// Throughput in MB (10^6 bytes) per second.
pub fn mb_per_s(bytes: usize, secs: f64) -> f64 {
    bytes as f64 / 1e6 / secs
}

/// The shortest times of several passes of the same work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Best {
    /// Shortest wall time of a pass, in seconds.
    pub wall_s: f64,
    /// Shortest CPU time of this thread in a pass, in seconds (`None` when unknown).
    pub cpu_s: Option<f64>,
}

/// Runs `pass` `passes` times, timing each, and returns the shortest wall and CPU times.
/// Run a pass before when the first would pay for lazily loaded data.
pub fn best_of(passes: usize, mut pass: impl FnMut()) -> Best {
    let mut wall = f64::INFINITY;
    let mut cpu: Option<u64> = None;
    for _ in 0..passes {
        let t = Instant::now();
        let c0 = thread_cpu_ns();
        pass();
        wall = wall.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c0, thread_cpu_ns()) {
            let d = b.saturating_sub(a);
            cpu = Some(cpu.map_or(d, |c| c.min(d)));
        }
    }
    Best {
        wall_s: wall,
        cpu_s: cpu.map(|ns| ns as f64 / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures() {
        assert!((mb_per_s(3_000_000, 2.0) - 1.5).abs() < 1e-12);
        let mut n = 0;
        let b = best_of(3, || n += 1);
        assert_eq!(n, 3);
        assert!(b.wall_s >= 0.0 && b.wall_s.is_finite());
        if cfg!(target_os = "linux") {
            assert!(rss_kb().is_some_and(|kb| kb > 0));
            assert!(thread_cpu_ns().is_some());
        }
    }
}
