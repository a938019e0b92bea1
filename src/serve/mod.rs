//! The HTTP side of `credcat serve`: a development server for the built site in `public/`,
//! with live reload.
//!
//! What it is for: serving the files that `write` put in the output folder to a browser on this
//! machine, correctly (content types, `index.html`, redirects, ETags, HEAD, 404 page) and safely
//! (nothing outside the output folder is ever served), and telling open pages to reload — or to
//! show the build error — over Server-Sent Events.
//!
//! What it is not: a production web server (no TLS, no compression, no ranges), nor the file
//! watcher or the incremental rebuild. Those live elsewhere and talk to this module through one
//! [`Broadcaster`]: after a good rebuild they call [`Broadcaster::reload`], after a failed one
//! [`Broadcaster::error`]; and one [`Gate`], closed while a rebuild owes its deferred files.
//!
//! ```no_run
//! use credcat::serve::{start, Broadcaster, ServeOptions};
//! let events = Broadcaster::new(); // hand a clone to the watcher
//! events.error("x.md:3:5 …"); // e.g. the first build failed: pages show it when they open
//! let mut opts = ServeOptions::new("public");
//! opts.broadcaster = events.clone();
//! let server = start(opts).expect("bind");
//! println!("serving at {}", server.url());
//! events.reload(); // a rebuild succeeded: pages reload, the error is forgotten
//! server.shutdown();
//! ```
//!
//! Layout: `path` turns a request target into safe path segments (pure, no I/O);
//! `mime` maps file names to content types; `http` owns the listener, the worker pool and file
//! responses; `reload` owns the SSE endpoint, the broadcaster and the injected script; `gate`
//! holds requests for files a rebuild still owes ([`Gate`]).

mod gate;
mod http;
mod mime;
mod path;
mod reload;
pub mod run;
mod socket;
pub mod watch;

pub use gate::Gate;
pub use http::{start, ServeOptions, ServerHandle};
pub use reload::{Broadcaster, EVENTS_PATH, SCRIPT_PATH};

use std::net::SocketAddr;
use std::path::PathBuf;

/// Why the server could not start. Requests never produce a `ServeError`: a bad request gets an
/// HTTP error status and the server keeps running.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The output folder exists but is not a folder.
    #[error(
        "`{}` is not a folder\nhelp: pass the output folder of `credcat build` (usually `public`)",
        path.display()
    )]
    RootNotDir { path: PathBuf },

    /// The output folder exists but cannot be inspected.
    #[error("cannot read the output folder `{}`: {source}", path.display())]
    Root {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The listener could not be bound (port in use, address not local, no permission).
    #[error(
        "cannot listen on {addr}: {source}\nhelp: another server may use this port; pick another \
         with `--port`, or `--port 0` for any free one"
    )]
    Bind {
        addr: SocketAddr,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },

    /// The operating system refused to start a worker thread.
    #[error("cannot start a server thread: {0}")]
    Thread(#[source] std::io::Error),
}
