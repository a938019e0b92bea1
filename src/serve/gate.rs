//! The gate in front of the dev server's deferred files (`emit::DEFERRED`: the bulk CTDL
//! graph and other large data files no page shows).
//!
//! What it is for: a rebuild writes the pages first and those files a moment later. While
//! they are owed, a request for one waits here until they are written, so a reader who loads
//! a fresh page and then fetches the bulk graph (or the search index) never gets the old one.
//! The serve loop closes the gate before a rebuild writes anything and opens it once the
//! deferred files are written (or their write failed: nothing would come by waiting).
//!
//! What it is not: the list of those files (that is `emit::DEFERRED`, handed in by the serve
//! loop) or the decision of which URL names a file (that is `path`). A request that waits
//! longer than the gate's timeout gets whatever is on disk: a slow disk must not hang a
//! browser forever.

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Shared by the serve loop and every HTTP worker; clones are one gate.
#[derive(Debug, Clone, Default)]
pub struct Gate {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// The site paths this gate holds (`catalog.jsonld`); none for a default gate.
    paths: Vec<String>,
    /// How long a request waits at most.
    timeout: Duration,
    /// Closed: the files are owed.
    closed: Mutex<bool>,
    opened: Condvar,
}

impl Gate {
    /// How long a request for an owed file waits before it gets what is on disk: far longer
    /// than writing the deferred files of a large catalog takes, short of a browser giving up.
    pub const TIMEOUT: Duration = Duration::from_secs(30);

    /// An open gate for these site paths (`/`-separated, relative to the output folder),
    /// holding requests at most [`Gate::TIMEOUT`].
    pub fn new<S: Into<String>>(paths: impl IntoIterator<Item = S>) -> Gate {
        Gate::with_timeout(paths, Gate::TIMEOUT)
    }

    pub fn with_timeout<S: Into<String>>(
        paths: impl IntoIterator<Item = S>,
        timeout: Duration,
    ) -> Gate {
        Gate {
            inner: Arc::new(Inner {
                paths: paths.into_iter().map(Into::into).collect(),
                timeout,
                closed: Mutex::new(false),
                opened: Condvar::new(),
            }),
        }
    }

    /// Whether requests for `path` wait at this gate.
    pub fn holds(&self, path: &str) -> bool {
        self.inner
            .paths
            .iter()
            .any(|p| crate::emit::covers(p, path))
    }

    /// The files are owed: requests for them wait from now on.
    pub fn close(&self) {
        *self.lock() = true;
    }

    /// The files are written: waiting requests go on.
    pub fn open(&self) {
        *self.lock() = false;
        self.inner.opened.notify_all();
    }

    pub fn is_closed(&self) -> bool {
        *self.lock()
    }

    /// Waits until the gate is open, at most its timeout. Returns whether it is open.
    pub fn wait(&self) -> bool {
        let deadline = Instant::now() + self.inner.timeout;
        let mut closed = self.lock();
        while *closed {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            closed = match self.inner.opened.wait_timeout(closed, left) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        true
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, bool> {
        // The flag is a plain bool: a panic elsewhere cannot leave it half-set.
        self.inner.closed.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_only_its_paths() {
        let gate = Gate::new(["catalog.jsonld"]);
        assert!(gate.holds("catalog.jsonld"));
        assert!(!gate.holds("index.html"));
        assert!(!Gate::default().holds("catalog.jsonld"));
        // A folder holds what is in it.
        let folder = Gate::new(["search/"]);
        assert!(folder.holds("search/index.json"));
        assert!(folder.holds("search/w/sa.bin"));
        assert!(!folder.holds("search"));
        assert!(!folder.holds("searches/x.json"));
    }

    #[test]
    fn a_closed_gate_holds_until_opened_or_timed_out() {
        let gate = Gate::with_timeout(["x"], Duration::from_millis(50));
        assert!(gate.wait(), "open at first");
        gate.close();
        let t = Instant::now();
        assert!(!gate.wait());
        assert!(t.elapsed() >= Duration::from_millis(50));
        let gate = Gate::new(["x"]);
        gate.close();
        let opener = {
            let gate = gate.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                gate.open();
            })
        };
        let t = Instant::now();
        assert!(gate.wait());
        assert!(t.elapsed() >= Duration::from_millis(40));
        assert!(t.elapsed() < Duration::from_secs(5));
        opener.join().unwrap();
        assert!(!gate.is_closed());
    }
}
