//! `credcat serve` end to end, through the real binary on an ephemeral port: pages and
//! data with the right content types, an edit served (with its list page) within two
//! seconds, the error overlay event on a broken file and its clearing, no way out of the
//! output folder, and many concurrent requests while rebuilds happen.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Server {
    child: Child,
    addr: String,
    dir: tempfile::TempDir,
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    _guard: std::sync::MutexGuard<'static, ()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One server at a time: each test measures how fast its own edits show, which five servers
/// rebuilding at once on a two-core machine would only blur.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serve() -> Server {
    let guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    serve_dir(demo(), guard)
}

/// A generated catalog of `n` credentials (bench/gen_catalog.py) with the repository's theme.
fn generated(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(repo().join("bench/gen_catalog.py"))
        .args(["--credentials", &n.to_string(), "--out"])
        .arg(dir.path())
        .arg("--force")
        .stdout(Stdio::null())
        .status()
        .expect("python3 runs bench/gen_catalog.py");
    assert!(status.success());
    copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

fn serve_dir(dir: tempfile::TempDir, guard: std::sync::MutexGuard<'static, ()>) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_credcat"))
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(i) = line.find("http://") {
            break line[i + 7..].trim_end_matches('/').to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe; keep what it said.
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    Server {
        child,
        addr,
        dir,
        log,
        _guard: guard,
    }
}

struct Response {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn get(addr: &str, target: &str) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a full response");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        headers: head,
        body: raw[split + 4..].to_vec(),
    }
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        if ok() {
            return start.elapsed();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{what} not seen within 2 s");
}

const SQL: &str = "content/credentials/sql-fundamentals.md";

#[test]
fn serves_pages_and_data_with_their_types() {
    let s = serve();
    let home = get(&s.addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.text().contains("/__credcat/"),
        "live reload script injected in serve mode"
    );
    for (path, kind) in [
        ("/credentials/sql-fundamentals/", "text/html; charset=utf-8"),
        ("/search/index.json", "application/json"),
        ("/css/site.css", "text/css"),
        ("/js/search.js", "text/javascript"),
    ] {
        let r = get(&s.addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.header("content-type")
                .unwrap_or_default()
                .starts_with(kind),
            "{path}: {:?}",
            r.header("content-type")
        );
    }
    assert_eq!(get(&s.addr, "/nope/").status, 404);
    // Links point at this server, whatever the configured base URL.
    assert!(home
        .text()
        .contains("href=\"/credentials/sql-fundamentals/\""));
    assert!(
        !s.dir.path().join(".credcat/serve/__credcat").exists()
            && !s.dir.path().join("public").exists(),
        "the reload script is never written to disk"
    );
}

#[test]
fn an_edit_is_served_with_its_list_pages_within_two_seconds() {
    let s = serve();
    edit(
        &s.dir.path().join(SQL),
        "summary = \"",
        "summary = \"Freshly edited summary. ",
    );
    let took = wait_for("the edited credential page", || {
        get(&s.addr, "/credentials/sql-fundamentals/")
            .text()
            .contains("Freshly edited summary.")
    });
    assert!(
        get(&s.addr, "/").text().contains("Freshly edited summary."),
        "home page list not updated"
    );
    eprintln!("edit visible after {took:?}");
}

/// The bulk files are written after the pages; fetched right after a page shows an edit,
/// they must show it too. The catalog is large enough that writing them takes a while, so
/// a server that handed out the old file meanwhile would be caught.
#[test]
fn bulk_files_fetched_right_after_the_page_are_current() {
    let guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let s = serve_dir(generated(600), guard);
    let creds = s.dir.path().join("content/credentials");
    let mut files: Vec<_> = std::fs::read_dir(&creds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let slug = files[0].file_stem().unwrap().to_string_lossy().into_owned();
    let page = format!("/credentials/{slug}/");
    assert_eq!(get(&s.addr, &page).status, 200);
    const NEW: &str = "Renamed Right Before The Bulk Fetch";
    assert!(!get(&s.addr, "/catalog.jsonld").text().contains(NEW));
    edit(&files[0], "name = \"", &format!("name = \"{NEW} "));
    let start = Instant::now();
    while !get(&s.addr, &page).text().contains(NEW) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the renamed page not served within 20 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let bulk = get(&s.addr, "/catalog.jsonld");
    assert_eq!(bulk.status, 200);
    assert!(bulk.text().contains(NEW), "catalog.jsonld is stale");
    // So is the search index: the word shard "renamed" falls in holds it.
    let manifest: serde_json::Value =
        serde_json::from_str(&get(&s.addr, "/search/index.json").text()).unwrap();
    let shards: Vec<String> = manifest["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k.as_str())
        .filter(|k| "renamed".starts_with(k) || k.starts_with("renamed"))
        .map(credcat::emit::search::file_name)
        .collect();
    assert!(
        shards
            .iter()
            .any(|k| get(&s.addr, &format!("/search/w/{k}.bin"))
                .body
                .windows(7)
                .any(|w| w == b"renamed")),
        "the search index is stale: {shards:?}"
    );
    let out = s.dir.path().join(".credcat/serve");
    assert!(
        common::search_cards(&out).iter().any(|f| f.contains(NEW)),
        "the search index lacks the new name"
    );
}

#[test]
fn a_broken_file_shows_the_error_and_fixing_it_clears_it() {
    let s = serve();
    let mut events = TcpStream::connect(&s.addr).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        events,
        "GET /__credcat/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        s.addr
    )
    .unwrap();
    let mut reader = BufReader::new(events);
    let mut read_until = |needle: &str| -> String {
        let mut seen = String::new();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            seen.push_str(&line);
            if seen.contains(needle) {
                return seen;
            }
        }
        panic!("no {needle:?} in event stream:\n{seen}");
    };
    read_until("event: hello");
    edit(
        &s.dir.path().join(SQL),
        "status = \"active\"",
        "status = \"retired\"",
    );
    let error = read_until("sql-fundamentals.md:5:10");
    assert!(error.contains("event: error"), "{error}");
    read_until("help:");
    // The last good build is still served.
    assert_eq!(get(&s.addr, "/credentials/sql-fundamentals/").status, 200);
    edit(
        &s.dir.path().join(SQL),
        "status = \"retired\"",
        "status = \"active\"",
    );
    read_until("event: reload");
    // A page opened now gets no overlay: the error state was cleared.
    let mut fresh = TcpStream::connect(&s.addr).unwrap();
    fresh
        .set_read_timeout(Some(Duration::from_millis(800)))
        .unwrap();
    write!(
        fresh,
        "GET /__credcat/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        s.addr
    )
    .unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = fresh.read(&mut buf) {
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&buf[..n]);
    }
    let seen = String::from_utf8_lossy(&seen);
    assert!(seen.contains("event: hello"), "{seen}");
    assert!(
        !seen.contains("event: error"),
        "error still shown after the fix: {seen}"
    );
}

#[test]
fn nothing_outside_the_output_is_served() {
    let s = serve();
    let secret = std::fs::read_to_string(s.dir.path().join("site-config.toml")).unwrap();
    for target in [
        "/../site-config.toml",
        "/%2e%2e/site-config.toml",
        "/..%2fsite-config.toml",
        "/%2e%2e%2fsite-config.toml",
        "/..\\site-config.toml",
        "//etc/passwd",
        "/%00",
        "/content/credentials/",
    ] {
        let r = get(&s.addr, target);
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.status);
        assert!(
            !r.text().contains(&secret[..40]),
            "{target} leaked the config"
        );
    }
}

#[test]
fn many_concurrent_requests_while_rebuilding() {
    let s = serve();
    let addr = s.addr.clone();
    let path = s.dir.path().join(SQL);
    let editor = std::thread::spawn(move || {
        for i in 0..10 {
            edit(&path, "summary = \"", &format!("summary = \"v{i} "));
            std::thread::sleep(Duration::from_millis(60));
        }
    });
    let workers: Vec<_> = (0..6)
        .map(|t| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let targets = [
                    "/",
                    "/credentials/sql-fundamentals/",
                    "/search/index.json",
                    "/css/site.css",
                    "/skills/",
                ];
                let mut errors = 0;
                for i in 0..400 {
                    let r = get(&addr, targets[(i + t) % targets.len()]);
                    if r.status != 200 || r.body.is_empty() {
                        errors += 1;
                    }
                }
                errors
            })
        })
        .collect();
    editor.join().unwrap();
    let errors: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(errors, 0, "{errors} of 2400 requests failed");
}

#[test]
fn an_idle_server_does_not_rebuild() {
    // The build's own reads of content and config must not look like edits.
    let s = serve();
    get(&s.addr, "/");
    std::thread::sleep(Duration::from_millis(1500));
    let log = s.log.lock().unwrap().clone();
    assert!(
        !log.iter().any(|l| l.starts_with("Rebuilt")),
        "rebuilt with no edit: {log:?}"
    );
}
