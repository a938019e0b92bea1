//! The listener, the worker pool and file responses of the dev server.
//!
//! What it is for: answering `GET` and `HEAD` for files under the output folder with correct
//! HTTP — content type, `Content-Length`, a strong `ETag` and `304` on `If-None-Match`,
//! `Cache-Control: no-cache` (always revalidate, so a rebuilt page shows at once), `index.html`
//! for folders, `301` from `/dir` to `/dir/`, the site's own `404.html` — and routing
//! `/__credcat/…` to live reload. A small pool of workers pulls requests from one
//! `tiny_http::Server`, so many browsers (and their parallel asset requests) are fine.
//!
//! What it is not: the decision about which URL may name a file (that is `path`), nor the event
//! stream (that is `reload`). Safety here is the second line: the joined path is canonicalized
//! at every request and must lie under the canonical root, so a symlink cannot lead out, and
//! the root is re-canonicalized each time because `write` may swap the whole folder.
//!
//! Files are read whole into memory before answering: a file rewritten mid-request then gives
//! one consistent body, length and ETag. Sites are small and this is a dev server.
//!
//! A request for a deferred file (see `gate`) waits, holding its worker, while that file is
//! owed: at most the gate's timeout, then it gets what is on disk.

use std::fs;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use sha2::{Digest, Sha256};
use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::gate::Gate;
use super::path::{self, SafePath};
use super::reload::{self, Broadcaster, EVENTS_PATH, SCRIPT_PATH};
use super::{mime, socket, ServeError};

/// How to run the dev server. Start from [`ServeOptions::new`] and change fields.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The output folder to serve (`public/`). It may be missing at start (the first build
    /// failed); pages then get a 503 placeholder until it appears.
    pub root: PathBuf,
    /// Address to listen on; `127.0.0.1` by default, so the site is not on the network.
    pub bind: IpAddr,
    /// Port; `0` picks a free one (see [`ServerHandle::addr`]).
    pub port: u16,
    /// Serve `/__credcat/events` and inject the reload script into HTML pages.
    pub live_reload: bool,
    /// Worker threads answering requests (event streams have their own threads).
    pub workers: usize,
    /// Where live-reload events come from. Pass your own to push events (an error from the
    /// first build, say) before the server starts; [`ServerHandle::broadcaster`] returns it.
    pub broadcaster: Broadcaster,
    /// Holds requests for files a rebuild still owes. The default holds nothing.
    pub gate: Gate,
    /// Files are read under it, so a page a rebuild is overwriting is never read half-done.
    pub output_lock: crate::write::OutputLock,
    /// How long a connection may send nothing before it is dropped (`socket::READ_TIMEOUT`
    /// by default).
    pub read_timeout: Duration,
}

impl ServeOptions {
    /// Serve `root` on 127.0.0.1:1111 with live reload, 4 workers and a new broadcaster.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            live_reload: true,
            workers: 4,
            broadcaster: Broadcaster::new(),
            gate: Gate::default(),
            output_lock: Default::default(),
            read_timeout: socket::READ_TIMEOUT,
        }
    }
}

/// A running server. Dropping it shuts the server down; [`shutdown`](Self::shutdown) does the
/// same explicitly.
pub struct ServerHandle {
    addr: SocketAddr,
    server: Arc<tiny_http::Server>,
    stopping: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
    broadcaster: Broadcaster,
}

impl std::fmt::Debug for ServerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerHandle")
            .field("addr", &self.addr)
            .field("workers", &self.workers.len())
            .finish()
    }
}

impl ServerHandle {
    /// The address actually bound (the real port when `port` was 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://addr/`, for the terminal message.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The broadcaster feeding this server's event streams (a clone; all clones are one).
    pub fn broadcaster(&self) -> Broadcaster {
        self.broadcaster.clone()
    }

    /// Stops accepting requests, lets workers finish the request in hand, ends event streams
    /// and waits for the workers.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if self.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        // `unblock` wakes one waiting `recv`; every worker needs its own.
        for _ in 0..self.workers.len() {
            self.server.unblock();
        }
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
        self.broadcaster.close_all();
        // The last `Arc<Server>` is dropped with `self`, which stops tiny_http's accept thread.
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

/// What every worker shares.
struct Site {
    root: PathBuf,
    live_reload: bool,
    broadcaster: Broadcaster,
    gate: Gate,
    output_lock: crate::write::OutputLock,
}

/// Binds the listener and starts the workers. Returns once the server accepts connections.
pub fn start(opts: ServeOptions) -> Result<ServerHandle, ServeError> {
    match fs::metadata(&opts.root) {
        Ok(meta) if !meta.is_dir() => return Err(ServeError::RootNotDir { path: opts.root }),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(ServeError::Root {
                path: opts.root,
                source,
            })
        }
    }
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = std::net::TcpListener::bind(addr).map_err(|e| ServeError::Bind {
        addr,
        source: Box::new(e),
    })?;
    socket::tune_listener(&listener, opts.read_timeout);
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|source| ServeError::Bind { addr, source })?;
    let bound = match server.server_addr() {
        tiny_http::ListenAddr::IP(a) => a,
        // `Server::http` only makes IP listeners.
        #[allow(unreachable_patterns)]
        _ => addr,
    };
    let server = Arc::new(server);
    let stopping = Arc::new(AtomicBool::new(false));
    let broadcaster = opts.broadcaster;
    let site = Arc::new(Site {
        root: opts.root,
        live_reload: opts.live_reload,
        broadcaster: broadcaster.clone(),
        gate: opts.gate,
        output_lock: opts.output_lock,
    });
    let mut handle = ServerHandle {
        addr: bound,
        server: server.clone(),
        stopping: stopping.clone(),
        workers: Vec::new(),
        broadcaster,
    };
    for i in 0..opts.workers.max(1) {
        let (server, stopping, site) = (server.clone(), stopping.clone(), site.clone());
        let worker = std::thread::Builder::new()
            .name(format!("credcat-http-{i}"))
            .spawn(move || work(&server, &stopping, &site))
            .map_err(ServeError::Thread)?; // `handle` drops here and stops the started workers
        handle.workers.push(worker);
    }
    wake_listener(bound, opts.read_timeout, stopping)?;
    Ok(handle)
}

/// Connects to the listener, and drops the connection, well within every `read_timeout`.
/// The listener's receive timeout (which bounds each connection's reads, see `socket`) also
/// bounds `accept` on Linux, and tiny_http's accept thread stops at its first error: without
/// a connection before the timeout passes, the server would stop accepting for good (it did,
/// after the first 15 quiet seconds; a first build of 10,000 credentials takes longer).
fn wake_listener(
    addr: SocketAddr,
    read_timeout: Duration,
    stopping: Arc<AtomicBool>,
) -> Result<(), ServeError> {
    let target = match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
        }
        ip if ip.is_unspecified() => SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), addr.port()),
        _ => addr,
    };
    let every = read_timeout / 3;
    let step = every.min(Duration::from_millis(200));
    std::thread::Builder::new()
        .name("credcat-http-wake".into())
        .spawn(move || {
            let mut since = std::time::Instant::now();
            while !stopping.load(Ordering::SeqCst) {
                std::thread::sleep(step);
                if since.elapsed() >= every {
                    // Refused or timed out: the next round tries again.
                    let _ = std::net::TcpStream::connect_timeout(&target, every);
                    since = std::time::Instant::now();
                }
            }
        })
        .map(|_| ())
        .map_err(ServeError::Thread)
}

fn work(server: &tiny_http::Server, stopping: &AtomicBool, site: &Site) {
    loop {
        match server.recv() {
            Ok(request) => {
                // `handle` does not panic by design; this keeps the worker alive if a bug says
                // otherwise (the request is dropped, which closes its connection).
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    handle(request, site)
                }));
            }
            // `recv` fails when unblocked (shutdown) or when accepting failed; only the first
            // ends the worker.
            Err(_) if stopping.load(Ordering::SeqCst) => return,
            Err(_) => continue,
        }
        if stopping.load(Ordering::SeqCst) {
            return;
        }
    }
}

/// A response before it is turned into bytes.
enum Reply {
    /// A file or page body.
    Body {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
        etag: Option<String>,
    },
    NotModified {
        etag: String,
        len: usize,
    },
    Redirect(String),
    Error {
        status: u16,
        message: String,
    },
}

fn handle(request: Request, site: &Site) {
    if let Some(why) = bad_framing(&request) {
        let mut response = build(Reply::Error {
            status: 400,
            message: format!("bad request: {why}"),
        });
        add_header(&mut response, "Connection", "close");
        let _ = request.respond(response);
        return;
    }
    let is_head = match request.method() {
        Method::Get => false,
        Method::Head => true,
        _ => {
            let reply = Reply::Error {
                status: 405,
                message: "only GET and HEAD are supported".into(),
            };
            let mut response = build(reply);
            add_header(&mut response, "Allow", "GET, HEAD");
            let _ = request.respond(response);
            return;
        }
    };
    let (raw_path, query) = path::split_target(request.url());
    if site.live_reload && raw_path == EVENTS_PATH && !is_head {
        site.broadcaster.attach(request);
        return;
    }
    let reply = if site.live_reload && raw_path == SCRIPT_PATH {
        let body = reload::SCRIPT.as_bytes().to_vec();
        Reply::Body {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            etag: Some(etag_of(&body)),
            body,
        }
    } else if raw_path.starts_with("/__credcat/") {
        not_found(site)
    } else {
        match path::parse(raw_path) {
            Err(why) => Reply::Error {
                status: 400,
                message: format!("bad request path: {why}"),
            },
            Ok(safe) => {
                wait_if_owed(site, &safe);
                serve_path(site, raw_path, query, &safe)
            }
        }
    };
    let reply = match reply {
        Reply::Body {
            etag: Some(etag),
            body,
            ..
        } if if_none_match(&request, &etag) => Reply::NotModified {
            etag,
            len: body.len(),
        },
        other => other,
    };
    respond(request, reply);
}

/// Bodies at least this large are sent from a thread of their own, so a client that reads
/// slowly holds that thread, not a worker.
const OWN_THREAD_FROM: usize = 64 * 1024;
/// At most this many such senders at once; past it, a worker sends (as before).
const MAX_SENDERS: usize = 64;

static SENDERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Sends a reply. A large body goes out from its own thread (bounded by [`MAX_SENDERS`]): four
/// clients reading a large file slowly once held every worker, and nobody else was served.
/// The socket's send timeout (see `socket`) ends a send that makes no progress.
fn respond(request: Request, reply: Reply) {
    let large = matches!(&reply, Reply::Body { body, .. } if body.len() >= OWN_THREAD_FROM);
    if large && SENDERS.fetch_add(1, Ordering::SeqCst) < MAX_SENDERS {
        let sent = std::thread::Builder::new()
            .name("credcat-http-send".into())
            .spawn(move || {
                let _ = request.respond(build(reply));
                SENDERS.fetch_sub(1, Ordering::SeqCst);
            });
        if sent.is_err() {
            SENDERS.fetch_sub(1, Ordering::SeqCst);
        }
        return;
    }
    if large {
        SENDERS.fetch_sub(1, Ordering::SeqCst);
    }
    let _ = request.respond(build(reply));
}

/// Request framing the server refuses instead of guessing: a `Transfer-Encoding` other than
/// `chunked` (RFC 9112 §6.1: a server that does not understand it answers 400 and closes),
/// and one together with a `Content-Length`.
fn bad_framing(request: &Request) -> Option<&'static str> {
    let te = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Transfer-Encoding"))?;
    if !te.value.as_str().trim().eq_ignore_ascii_case("chunked") {
        return Some("unsupported Transfer-Encoding");
    }
    if request
        .headers()
        .iter()
        .any(|h| h.field.equiv("Content-Length"))
    {
        return Some("both Transfer-Encoding and Content-Length");
    }
    None
}

/// A file under the root, `index.html` for a folder, a redirect, or a 404.
fn serve_path(site: &Site, raw_path: &str, query: Option<&str>, safe: &SafePath) -> Reply {
    let Ok(root) = site.root.canonicalize() else {
        return not_built(site);
    };
    let mut candidate = root.clone();
    for segment in &safe.segments {
        candidate.push(segment);
    }
    // `path::parse` already refused every segment that is not a plain name; on Windows a name
    // can still be a prefix or a root (`C:`), which `push` would let replace the whole path.
    if candidate.strip_prefix(&root).map_or(true, |rel| {
        rel.components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    }) {
        return not_found(site);
    }
    let Some((file, meta)) = inside(&root, &candidate) else {
        return not_found(site);
    };
    let file = if meta.is_dir() {
        if !safe.trailing_slash {
            let location = match query {
                Some(q) => format!("{raw_path}/?{q}"),
                None => format!("{raw_path}/"),
            };
            return Reply::Redirect(location);
        }
        match inside(&root, &file.join("index.html")) {
            Some((index, meta)) if meta.is_file() => index,
            _ => return not_found(site),
        }
    } else if meta.is_file() && !safe.trailing_slash {
        file
    } else {
        return not_found(site);
    };
    match read_page(site, &file, 200) {
        Ok(reply) => reply,
        Err(e) if e.kind() == io::ErrorKind::NotFound => not_found(site),
        Err(e) => Reply::Error {
            status: 500,
            message: format!("cannot read {}: {e}", raw_path),
        },
    }
}

/// Waits while the file `safe` names is owed by a rebuild (see `gate`).
fn wait_if_owed(site: &Site, safe: &SafePath) {
    if !safe.trailing_slash && site.gate.holds(&safe.segments.join("/")) {
        site.gate.wait();
    }
}

/// The canonical form of `path` and its metadata, if it exists and lies under `root` (itself
/// canonical). Symlinks are followed by `canonicalize`, so one pointing out is refused here.
fn inside(root: &Path, path: &Path) -> Option<(PathBuf, fs::Metadata)> {
    let canonical = path.canonicalize().ok()?;
    if !canonical.starts_with(root) {
        return None;
    }
    let meta = fs::metadata(&canonical).ok()?;
    Some((canonical, meta))
}

/// Reads a file into a body, injecting the reload script into HTML when live reload is on.
fn read_page(site: &Site, file: &Path, status: u16) -> io::Result<Reply> {
    let bytes = {
        let _reading = site.output_lock.read();
        fs::read(file)?
    };
    let content_type = mime::content_type(file);
    let body = if site.live_reload && content_type == mime::HTML {
        reload::inject(&bytes)
    } else {
        bytes
    };
    Ok(Reply::Body {
        status,
        content_type,
        etag: (status == 200).then(|| etag_of(&body)),
        body,
    })
}

/// The site's own `404.html` with status 404, or a plain one.
fn not_found(site: &Site) -> Reply {
    let page = site
        .root
        .canonicalize()
        .ok()
        .and_then(|root| inside(&root, &root.join("404.html")))
        .filter(|(_, meta)| meta.is_file());
    if let Some((file, _)) = page {
        if let Ok(reply) = read_page(site, &file, 404) {
            return reply;
        }
    }
    Reply::Error {
        status: 404,
        message: "not found".into(),
    }
}

/// The output folder does not exist (yet): a page that waits for the build.
fn not_built(site: &Site) -> Reply {
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>credcat</title></head>\
         <body><p>The site has not been built yet (<code>{}</code> is missing).</p></body></html>",
        crate::emit::templates::escape_html(&site.root.display().to_string())
    );
    let body = if site.live_reload {
        reload::inject(html.as_bytes())
    } else {
        html.into_bytes()
    };
    Reply::Body {
        status: 503,
        content_type: mime::HTML,
        body,
        etag: None,
    }
}

/// A strong validator from the bytes actually sent, so the injected and plain forms of a page
/// never share one.
fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("\"{}\"", hex::encode(&digest[..16]))
}

/// `If-None-Match` matches `etag` (weak comparison, as RFC 9110 asks for this header).
fn if_none_match(request: &Request, etag: &str) -> bool {
    request
        .headers()
        .iter()
        .filter(|h| h.field.equiv("If-None-Match"))
        .flat_map(|h| h.value.as_str().split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

fn build(reply: Reply) -> Response<io::Cursor<Vec<u8>>> {
    let (status, content_type, body, etag, location) = match reply {
        Reply::Body {
            status,
            content_type,
            body,
            etag,
        } => (status, content_type, body, etag, None),
        Reply::NotModified { etag, len } => {
            // No body is sent for 304; `Content-Length` states the length of the 200 body
            // (RFC 9110 §8.6), which tiny_http takes from `data_length`.
            let mut response = Response::new(
                StatusCode(304),
                Vec::new(),
                io::Cursor::new(Vec::new()),
                Some(len),
                None,
            )
            .with_chunked_threshold(usize::MAX);
            add_header(&mut response, "ETag", &etag);
            add_header(&mut response, "Cache-Control", "no-cache");
            return response;
        }
        Reply::Redirect(location) => (
            301,
            "text/plain; charset=utf-8",
            format!("moved to {location}\n").into_bytes(),
            None,
            Some(location),
        ),
        Reply::Error { status, message } => (
            status,
            "text/plain; charset=utf-8",
            format!("{status} {message}\n").into_bytes(),
            None,
            None,
        ),
    };
    let len = body.len();
    // Never chunked: `Content-Length` is always known, and HEAD must report it too.
    let mut response = Response::new(
        StatusCode(status),
        Vec::new(),
        io::Cursor::new(body),
        Some(len),
        None,
    )
    .with_chunked_threshold(usize::MAX);
    add_header(&mut response, "Content-Type", content_type);
    add_header(&mut response, "Cache-Control", "no-cache");
    add_header(&mut response, "X-Content-Type-Options", "nosniff");
    if let Some(etag) = etag {
        add_header(&mut response, "ETag", &etag);
    }
    if let Some(location) = location {
        add_header(&mut response, "Location", &location);
    }
    response
}

/// Adds a header; values here are ASCII (constants, hex, or an already validated request
/// path), so `from_bytes` does not fail, and if it ever did the header is left out.
fn add_header<R: io::Read>(response: &mut Response<R>, name: &str, value: &str) {
    if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        response.add_header(header);
    }
}
