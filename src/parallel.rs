//! Work over a list on several threads, with the results handed back in the list's order as
//! soon as each one's turn comes: reports stream in path order while files are still being
//! linted, and memory holds only the results that finished ahead of their turn.
//!
//! The calling thread is one of the workers: while the result it needs next is not ready, it
//! works on an item itself rather than sleep, so a run of `-j N` keeps N threads busy and the
//! threads seldom wake one another.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

/// How many results may wait for their turn per thread, before a thread that runs ahead waits.
const AHEAD_PER_THREAD: usize = 32;

/// Runs `work` over `items` on `threads` threads (0: one per core), the calling thread among
/// them, and hands `consume` an iterator of the results in the items' order. When `consume`
/// returns early (a closed pipe), the other threads stop.
pub fn map_in_order<T, R, W, C, O>(items: &[T], threads: usize, work: W, consume: C) -> O
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> R + Sync,
    C: FnOnce(&mut dyn Iterator<Item = R>) -> O,
{
    let threads = match threads {
        // One item (a file named alone) needs no count of cores, which reads cgroup files.
        _ if items.len() <= 1 => 1,
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .min(items.len())
    .max(1);
    if threads == 1 {
        // Nothing to overlap: no thread, no channel.
        return consume(&mut items.iter().map(&work));
    }
    let shared = Shared {
        len: items.len(),
        window: threads * AHEAD_PER_THREAD,
        next: AtomicUsize::new(0),
        taken: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        waiting: Mutex::new(0),
        wake: Condvar::new(),
    };
    let (send, receive) = mpsc::channel::<(usize, R)>();
    // A panic in a thread stops the others (none may wait for a result that never comes),
    // and is raised again once all are joined.
    let panicked = Mutex::new(None);
    let out = std::thread::scope(|scope| {
        for _ in 1..threads {
            let send = send.clone();
            let (shared, work, panicked) = (&shared, &work, &panicked);
            scope.spawn(move || {
                while let Some(i) = shared.claim_or_wait() {
                    match panic::catch_unwind(AssertUnwindSafe(|| work(&items[i]))) {
                        Ok(result) => {
                            if send.send((i, result)).is_err() {
                                return;
                            }
                        }
                        Err(payload) => {
                            lock(panicked).get_or_insert(payload);
                            shared.finish();
                            return;
                        }
                    }
                }
            });
        }
        drop(send);
        // However the consumer ends (done, early, or by a panic), the other threads stop.
        let _release = Release(&shared);
        let mut results = InOrder {
            items,
            work: &work,
            shared: &shared,
            receive,
            ready: BTreeMap::new(),
            next: 0,
        };
        consume(&mut results)
    });
    if let Some(payload) = lock(&panicked).take() {
        panic::resume_unwind(payload);
    }
    out
}

/// Stops the other threads when dropped.
struct Release<'a>(&'a Shared);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        self.0.finish();
    }
}

/// What the threads share: which item is next to claim, how far the consumer has taken.
struct Shared {
    len: usize,
    window: usize,
    /// The next item no thread has claimed.
    next: AtomicUsize,
    /// How many results the consumer has taken.
    taken: AtomicUsize,
    stop: AtomicBool,
    /// Threads asleep because they ran a window ahead of the consumer.
    waiting: Mutex<usize>,
    wake: Condvar,
}

impl Shared {
    /// What claiming item `i` would give now.
    fn state(&self, i: usize) -> Claim {
        if i >= self.len || self.stop.load(Ordering::Relaxed) {
            Claim::Done
        } else if i >= self.taken.load(Ordering::Acquire) + self.window {
            Claim::Ahead
        } else {
            Claim::Item(i)
        }
    }

    /// Claims the next item when it is within the window ahead of the consumer.
    fn try_claim(&self) -> Claim {
        let mut i = self.next.load(Ordering::Relaxed);
        loop {
            match self.state(i) {
                Claim::Item(_) => {}
                other => return other,
            }
            match self
                .next
                .compare_exchange_weak(i, i + 1, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return Claim::Item(i),
                Err(now) => i = now,
            }
        }
    }

    /// Claims the next item, sleeping while it is a window ahead; `None` when all are claimed.
    fn claim_or_wait(&self) -> Option<usize> {
        loop {
            match self.try_claim() {
                Claim::Item(i) => return Some(i),
                Claim::Done => return None,
                Claim::Ahead => {
                    let mut waiting = lock(&self.waiting);
                    *waiting += 1;
                    // Checked again under the lock, which the consumer takes to wake anyone:
                    // no wake-up is lost between the check and the sleep.
                    while matches!(self.state(self.next.load(Ordering::Relaxed)), Claim::Ahead) {
                        waiting = self.wake.wait(waiting).unwrap_or_else(|e| e.into_inner());
                    }
                    *waiting -= 1;
                }
            }
        }
    }

    /// The consumer took one more result: wake the threads that wait for room, if any.
    fn advance(&self, taken: usize) {
        self.taken.store(taken, Ordering::Release);
        let waiting = lock(&self.waiting);
        if *waiting > 0 {
            self.wake.notify_all();
        }
    }

    fn finish(&self) {
        let _waiting = lock(&self.waiting);
        self.stop.store(true, Ordering::Relaxed);
        self.wake.notify_all();
    }
}

enum Claim {
    Item(usize),
    /// The next item is a window ahead of the consumer.
    Ahead,
    /// Every item is claimed, or the run stopped.
    Done,
}

/// The results in order: each one as soon as it and all before it are ready. While the next
/// one is not, the consumer's thread works on an item itself.
struct InOrder<'a, T, R, W> {
    items: &'a [T],
    work: &'a W,
    shared: &'a Shared,
    receive: mpsc::Receiver<(usize, R)>,
    ready: BTreeMap<usize, R>,
    next: usize,
}

impl<T, R, W: Fn(&T) -> R> Iterator for InOrder<'_, T, R, W> {
    type Item = R;

    fn next(&mut self) -> Option<R> {
        if self.next >= self.items.len() {
            return None;
        }
        let result = loop {
            if let Some(result) = self.ready.remove(&self.next) {
                break result;
            }
            // Whatever the other threads finished meanwhile.
            match self.receive.try_recv() {
                Ok((i, result)) => {
                    self.ready.insert(i, result);
                    continue;
                }
                Err(mpsc::TryRecvError::Empty | mpsc::TryRecvError::Disconnected) => {}
            }
            if let Claim::Item(i) = self.shared.try_claim() {
                self.ready.insert(i, (self.work)(&self.items[i]));
                continue;
            }
            // Nothing to do but wait for the result that comes next. A thread that panicked
            // never sends its result: the channel then closes once the others are done, and
            // the panic is raised when the threads are joined.
            let (i, result) = self.receive.recv().ok()?;
            self.ready.insert(i, result);
        };
        self.next += 1;
        self.shared.advance(self.next);
        Some(result)
    }
}

/// A lock that a panic elsewhere cannot poison for good.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_items_order_whatever_order_they_finish_in() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [0, 1, 2, 3, 8] {
            let out: Vec<u64> = map_in_order(
                &items,
                threads,
                |&i| {
                    // Later items finish first, now and then.
                    if i % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    i * 2
                },
                |results| results.collect(),
            );
            assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn threads_run_at_most_a_window_ahead_of_the_consumer() {
        let items: Vec<usize> = (0..10_000).collect();
        let worked = AtomicUsize::new(0);
        let first: Vec<usize> = map_in_order(
            &items,
            4,
            |&i| {
                worked.fetch_add(1, Ordering::Relaxed);
                i
            },
            |results| results.take(3).collect(),
        );
        assert_eq!(first, vec![0, 1, 2]);
        // The other threads stopped at most a window ahead of what was taken.
        assert!(worked.load(Ordering::Relaxed) <= 3 + 4 * AHEAD_PER_THREAD + 4);
    }

    #[test]
    fn a_slow_first_item_does_not_let_the_rest_pile_up() {
        let items: Vec<usize> = (0..2_000).collect();
        let done = AtomicUsize::new(0);
        let done_while_the_first_ran = AtomicUsize::new(0);
        let out: Vec<usize> = map_in_order(
            &items,
            3,
            |&i| {
                if i == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    done_while_the_first_ran.store(done.load(Ordering::Relaxed), Ordering::Relaxed);
                }
                done.fetch_add(1, Ordering::Relaxed);
                i
            },
            |results| results.collect(),
        );
        assert_eq!(out, items);
        // Results waiting for the first one are at most a window.
        assert!(done_while_the_first_ran.load(Ordering::Relaxed) < 3 * AHEAD_PER_THREAD);
    }

    #[test]
    fn a_panic_on_any_thread_reaches_the_caller_and_nothing_hangs() {
        let items: Vec<usize> = (0..5_000).collect();
        for threads in [2, 4] {
            for bad in [0, 1, 700] {
                let caught = panic::catch_unwind(|| {
                    map_in_order(
                        &items,
                        threads,
                        |&i| {
                            assert!(i != bad, "item {bad}");
                            i
                        },
                        |results| results.count(),
                    )
                });
                assert!(caught.is_err(), "{threads} threads, item {bad}");
            }
        }
    }

    #[test]
    fn no_items_and_one_item() {
        let none: Vec<u8> = map_in_order(&[] as &[u8], 4, |&b| b, |r| r.collect());
        assert!(none.is_empty());
        let one: Vec<u8> = map_in_order(&[7u8], 4, |&b| b + 1, |r| r.collect());
        assert_eq!(one, vec![8]);
    }
}
