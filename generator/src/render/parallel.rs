//! Independent jobs on every core, results in job order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// syn and minijinja recurse on nesting: worker threads get the stack a main thread has.
const STACK_SIZE: usize = 8 * 1024 * 1024;

/// Runs `run` on every job, on up to `available_parallelism` threads (this one among them),
/// each taking the next job left, and returns the results in job order. List big jobs first.
/// If no thread can be started, this thread runs them all.
pub fn map_in_order<J: Sync, R: Send>(jobs: &[J], run: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let threads = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                return done;
            };
            done.push((i, run(job)));
        }
    };
    let mut done: Vec<(usize, R)> = thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut done = work();
        for helper in helpers {
            done.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order() {
        let jobs: Vec<u64> = (0..500).collect();
        // Uneven jobs, so that threads finish out of order.
        let out = map_in_order(&jobs, |&n| {
            let mut x = n;
            for _ in 0..(n % 7) * 1_000 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(1));
            }
            (n, x)
        });
        assert_eq!(out.len(), 500);
        for (i, (n, _)) in out.iter().enumerate() {
            assert_eq!(*n, i as u64);
        }
        assert!(map_in_order(&[] as &[u8], |_| 0).is_empty());
    }

    #[test]
    #[should_panic(expected = "job 3")]
    fn a_panic_in_a_job_reaches_the_caller() {
        let jobs: Vec<u32> = (0..8).collect();
        map_in_order(&jobs, |&n| assert_ne!(n, 3, "job 3"));
    }
}
