//! Live reload: the Server-Sent Events endpoint, the [`Broadcaster`] that feeds it, and the
//! script injected into HTML pages.
//!
//! What it is for: telling every open page that the site was rebuilt (`reload`), that the
//! build failed (`error`, with the same text the terminal shows), or that it was fixed
//! (`clear`). The last error is remembered, so a page opened while the build is broken shows
//! the overlay as soon as it connects.
//!
//! What it is not: the watcher or the rebuild; they only call [`Broadcaster`] methods. The
//! script lives only in this binary: it is served at [`SCRIPT_PATH`] in serve mode and is
//! never written to the output folder.
//!
//! Why the stream is written by hand: tiny_http buffers a `Response` body until its reader
//! ends, so an event stream must take the raw writer (`Request::into_writer`), write the status
//! line and headers itself and flush each event. Each connection gets its own thread, fed by a
//! channel, so a slow or idle browser never holds an HTTP worker, and a broadcast never blocks
//! on one socket. Connections are capped at [`MAX_CLIENTS`].

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The SSE endpoint, on the same port as the site.
pub const EVENTS_PATH: &str = "/__credcat/events";
/// The live-reload script, referenced from every HTML page in serve mode.
pub const SCRIPT_PATH: &str = "/__credcat/live-reload.js";

/// More open event streams than this get `503`: each one costs a thread.
pub(crate) const MAX_CLIENTS: usize = 64;
/// An idle stream gets a comment this often so proxies keep it open and dead peers are found.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What a stream thread is told to send.
#[derive(Debug, Clone)]
enum Event {
    Reload,
    Error(String),
    Clear,
    Close,
}

#[derive(Default)]
struct State {
    clients: Vec<Sender<Event>>,
    error: Option<String>,
}

/// Pushes `reload`, `error` and `clear` events to every connected page. Cheap to clone; all
/// clones share the same clients and error state, so the watcher can hold one and the server
/// another.
#[derive(Clone)]
pub struct Broadcaster {
    state: Arc<Mutex<State>>,
    live: Arc<AtomicUsize>,
    /// Differs between server runs; a page that reconnects to a new run reloads.
    instance: String,
}

impl Default for Broadcaster {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Broadcaster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Broadcaster")
            .field("clients", &self.client_count())
            .field("error", &self.current_error())
            .finish()
    }
}

impl Broadcaster {
    /// A broadcaster with no clients and no error.
    pub fn new() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        Broadcaster {
            state: Arc::default(),
            live: Arc::default(),
            instance: format!("{:x}-{:x}", nanos, std::process::id()),
        }
    }

    /// Every open page reloads. Call after a successful rebuild: it also forgets the error, so
    /// the reloaded pages come back without the overlay.
    pub fn reload(&self) {
        let mut state = self.lock();
        state.error = None;
        Self::send_locked(&mut state, Event::Reload);
    }

    /// Every open page (and every page opened until [`clear_error`](Self::clear_error)) shows
    /// `message` in a full-page overlay. Pass the text the terminal shows (file:line:col, the
    /// caret line, `help:`); ANSI colour codes are stripped.
    pub fn error(&self, message: &str) {
        let message = strip_ansi(message);
        let mut state = self.lock();
        state.error = Some(message.clone());
        Self::send_locked(&mut state, Event::Error(message));
    }

    /// Forgets the error; pages remove the overlay and reload. Returns `false`, sending
    /// nothing, if no error was shown. (After a rebuild, [`reload`](Self::reload) alone is
    /// enough; this is for an error that went away without one.)
    pub fn clear_error(&self) -> bool {
        let mut state = self.lock();
        if state.error.take().is_none() {
            return false;
        }
        Self::send_locked(&mut state, Event::Clear);
        true
    }

    /// The error pages are showing, if any.
    pub fn current_error(&self) -> Option<String> {
        self.lock().error.clone()
    }

    /// How many event streams are open.
    pub fn client_count(&self) -> usize {
        self.live.load(Ordering::SeqCst)
    }

    /// Ends every stream (server shutdown).
    pub(crate) fn close_all(&self) {
        let mut state = self.lock();
        for client in state.clients.drain(..) {
            let _ = client.send(Event::Close);
        }
    }

    /// Sends to every client; a client whose thread has ended (its write failed) is dropped.
    fn send_locked(state: &mut State, event: Event) {
        state.clients.retain(|c| c.send(event.clone()).is_ok());
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock cannot leave `State` half-updated in a way that
        // matters (a Vec push/retain, an Option swap), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes over an SSE request: answers it by hand and gives it a thread of its own.
    pub(crate) fn attach(&self, request: tiny_http::Request) {
        if self.client_count() >= MAX_CLIENTS {
            let response = tiny_http::Response::from_string("too many live-reload connections\n")
                .with_status_code(503);
            let _ = request.respond(response);
            return;
        }
        let version = request.http_version().clone();
        let writer = request.into_writer();
        let (tx, rx) = mpsc::channel();
        // Register and read the error state under one lock, so no event can fall between the
        // snapshot and the registration.
        let error = {
            let mut state = self.lock();
            state.clients.push(tx);
            state.error.clone()
        };
        let guard = LiveGuard::new(self.live.clone());
        let instance = self.instance.clone();
        let spawned = std::thread::Builder::new()
            .name("credcat-sse".into())
            .spawn(move || {
                let _guard = guard;
                let _ = stream(writer, &version, &instance, error, rx);
            });
        // If no thread could be started, the closure (writer, guard, receiver) is dropped: the
        // connection closes and the next broadcast drops the sender.
        drop(spawned);
    }
}

/// Counts a live stream for as long as it exists.
struct LiveGuard(Arc<AtomicUsize>);

impl LiveGuard {
    fn new(count: Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        LiveGuard(count)
    }
}

impl Drop for LiveGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs one event stream until the peer goes away or the server shuts down.
fn stream(
    mut w: Box<dyn Write + Send>,
    version: &tiny_http::HTTPVersion,
    instance: &str,
    error: Option<String>,
    rx: Receiver<Event>,
) -> std::io::Result<()> {
    write!(
        w,
        "HTTP/{}.{} 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
         Connection: keep-alive\r\nX-Content-Type-Options: nosniff\r\n\r\n",
        version.0, version.1
    )?;
    // `retry` makes the browser reconnect within a second when the server restarts; `hello`
    // carries the instance so the page can tell a restart from a dropped connection.
    w.write_all(b"retry: 1000\n\n")?;
    w.write_all(format_event("hello", instance).as_bytes())?;
    if let Some(message) = error {
        w.write_all(format_event("error", &message).as_bytes())?;
    }
    w.flush()?;
    loop {
        let text = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(Event::Reload) => format_event("reload", ""),
            Ok(Event::Error(message)) => format_event("error", &message),
            Ok(Event::Clear) => format_event("clear", ""),
            Ok(Event::Close) | Err(RecvTimeoutError::Disconnected) => return Ok(()),
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
        };
        w.write_all(text.as_bytes())?;
        w.flush()?;
    }
}

/// One SSE event; every line of `data` becomes its own `data:` line, which the browser joins
/// back with `\n`.
pub(crate) fn format_event(name: &str, data: &str) -> String {
    let data = data.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = format!("event: {name}\n");
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Removes ANSI escape sequences (CSI `ESC [ … final` and OSC `ESC ] … BEL/ST`), so a
/// coloured terminal diagnostic reads cleanly in the browser.
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\u{7}' {
                        break;
                    }
                    if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                        chars.next();
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The `<script>` tag put into HTML pages in serve mode. An external script rather than an
/// inline one, so a site's own `script-src 'self'` policy does not block it.
const SCRIPT_TAG: &str = "<script src=\"/__credcat/live-reload.js\"></script>";

/// Adds the live-reload script tag before the last `</body>` (any case), or at the end.
pub(crate) fn inject(html: &[u8]) -> Vec<u8> {
    let at = rfind_ascii_ci(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The client: opens an EventSource; `reload` reloads; `error` shows an overlay whose text is
/// set with `textContent` (never parsed as HTML); `clear` removes it and reloads; a `hello`
/// from a different server run (a restart) reloads.
pub(crate) const SCRIPT: &str = r#"// credcat live reload: served by `credcat serve` only, never written to disk.
(function () {
  "use strict";
  if (!window.EventSource || window.__credcatLiveReload) return;
  window.__credcatLiveReload = true;
  var OVERLAY_ID = "__credcat-error-overlay";
  var instance = null;

  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old && old.parentNode) old.parentNode.removeChild(old);
  }

  function showOverlay(text) {
    removeOverlay();
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "credcat build error");
    box.style.cssText = "position:fixed;top:0;left:0;right:0;bottom:0;z-index:2147483647;" +
      "overflow:auto;margin:0;padding:2em;box-sizing:border-box;background:rgba(24,24,28,0.97);" +
      "color:#f4f4f4;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;";
    var title = document.createElement("div");
    title.textContent = "credcat: build failed \u2014 fix the file and save; this page reloads by itself";
    title.style.cssText = "color:#ff7b72;font-weight:bold;margin-bottom:1em;";
    var pre = document.createElement("pre");
    pre.textContent = text;
    pre.style.cssText = "margin:0;white-space:pre-wrap;word-break:break-word;font:inherit;color:inherit;";
    box.appendChild(title);
    box.appendChild(pre);
    (document.body || document.documentElement).appendChild(box);
  }

  var source = new EventSource("/__credcat/events");
  source.addEventListener("hello", function (e) {
    if (instance !== null && instance !== e.data) location.reload();
    instance = e.data;
  });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("error", function (e) {
    // The browser also fires a plain "error" Event when the connection drops; only ours has data.
    if (typeof e.data === "string") showOverlay(e.data);
  });
  source.addEventListener("clear", function () { removeOverlay(); location.reload(); });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_lines() {
        assert_eq!(format_event("reload", ""), "event: reload\ndata: \n\n");
        assert_eq!(
            format_event("error", "a.md:3:5 bad\r\nhelp: fix\rit"),
            "event: error\ndata: a.md:3:5 bad\ndata: help: fix\ndata: it\n\n"
        );
    }

    #[test]
    fn strips_colours() {
        assert_eq!(strip_ansi("\u{1b}[31;1merror\u{1b}[0m: x"), "error: x");
        assert_eq!(strip_ansi("\u{1b}]8;;http://x\u{1b}\\link"), "link");
    }

    #[test]
    fn injects_before_last_body() {
        let out = inject(b"<html><body><p>x</p></BODY></html>");
        let s = String::from_utf8(out).unwrap_or_default();
        assert_eq!(s, format!("<html><body><p>x</p>{SCRIPT_TAG}</BODY></html>"));
        let out = inject(b"<p>no body</p>");
        assert!(out.ends_with(SCRIPT_TAG.as_bytes()));
        assert_eq!(inject(b""), SCRIPT_TAG.as_bytes());
    }

    #[test]
    fn error_state_is_remembered_and_cleared() {
        let b = Broadcaster::new();
        assert!(!b.clear_error());
        b.error("\u{1b}[31mx.md:3:5\u{1b}[0m broken");
        assert_eq!(b.current_error().as_deref(), Some("x.md:3:5 broken"));
        assert!(b.clear_error());
        assert_eq!(b.current_error(), None);
        b.error("again");
        b.clone().reload();
        assert_eq!(b.current_error(), None, "a good rebuild forgets the error");
    }

    #[test]
    fn script_and_tag_agree_with_the_paths() {
        assert!(SCRIPT_TAG.contains(&format!("src=\"{SCRIPT_PATH}\"")));
        assert!(SCRIPT.contains(&format!("new EventSource(\"{EVENTS_PATH}\")")));
    }
}
