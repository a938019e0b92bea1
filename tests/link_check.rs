//! `credcat check --external-links` against a web server on 127.0.0.1: dead links are errors
//! at their place in the source, live ones (also behind a redirect, or answering only GET)
//! pass, and a server that never answers costs the timeout, not forever.

mod common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::*;

/// Serves: /ok (200), /moved (302 to /ok), /gone (404), /get-only (405 to HEAD, 200 to GET)
/// and /slow (answers after 30 s).
fn start_server() -> u16 {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            std::thread::spawn(move || {
                let head = *request.method() == tiny_http::Method::Head;
                let (code, location) = match request.url() {
                    "/ok" => (200, None),
                    "/moved" => (302, Some("/ok")),
                    "/get-only" if head => (405, None),
                    "/get-only" => (200, None),
                    "/slow" => {
                        std::thread::sleep(Duration::from_secs(30));
                        (200, None)
                    }
                    _ => (404, None),
                };
                let mut response = tiny_http::Response::from_string("page").with_status_code(code);
                if let Some(to) = location {
                    response = response
                        .with_header(tiny_http::Header::from_bytes("Location", to).unwrap());
                }
                let _ = request.respond(response);
            });
        }
    });
    port
}

#[test]
fn dead_external_links_are_errors_where_they_are_written() {
    let port = start_server();
    // A port nothing listens on.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = fixture("mini");
    let base = format!("http://127.0.0.1:{port}");
    edit(
        &dir.path().join("content/credentials/alpha.md"),
        "Alpha body with a [link](https://example.org).",
        &format!(
            "Alpha body: [ok]({base}/ok), [moved]({base}/moved), [get]({base}/get-only).\n\n\
             [Gone]({base}/gone) and [slow]({base}/slow) and [closed](http://127.0.0.1:{closed}/x)."
        ),
    );
    edit(
        &dir.path().join("content/organizations/test-college.md"),
        "url = \"https://www.example.edu\"",
        &format!("url = \"{base}/moved\""),
    );
    // Off by default: no network, no error.
    credcat()
        .args(["check", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    let start = Instant::now();
    let out = credcat()
        .args(["check", "--external-links", "--link-timeout", "2", "--root"])
        .arg(dir.path())
        .assert()
        .failure()
        .code(1);
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    // Line 26 of alpha.md holds the dead links; columns point at each address.
    assert!(
        stderr.contains(&format!("the link {base}/gone answers 404")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("the link {base}/slow does not answer")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "the link http://127.0.0.1:{closed}/x does not answer"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("alpha.md:26:8"), "{stderr}");
    assert!(
        stderr.contains("help: fix the address or remove the link"),
        "{stderr}"
    );
    for live in ["/ok", "/moved", "/get-only"] {
        assert!(
            !stderr.contains(&format!("{base}{live} ")),
            "{live} is live: {stderr}"
        );
    }
    assert!(
        stderr.contains("3 problems") || stderr.contains("3 errors"),
        "{stderr}"
    );
    // The slow server cost its timeout (HEAD, then GET), not 30 s.
    assert!(elapsed < Duration::from_secs(15), "took {elapsed:?}");
}
