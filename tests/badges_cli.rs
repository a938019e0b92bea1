//! Signed badges end to end, through the real binary on copies of the demo catalog:
//! keygen, build, `credcat verify` (valid, revoked, expired, tampered, another key),
//! revoke (TOML and CSV), issue, byte-identical rebuilds, and that no output file holds the
//! private key or a recipient's email.

use sha2::Digest as _;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use base64::Engine;
use credcat::sign::keys::{parse_key, secret_multikey};
use ed25519_dalek::pkcs8::EncodePrivateKey;
use serde_json::Value;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

mod common;

/// A temporary copy of the demo catalog, without a key: these tests make their own.
fn demo() -> tempfile::TempDir {
    common::demo_without_key()
}

fn credcat(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("credcat").unwrap();
    cmd.current_dir(root)
        .env_remove("CREDCAT_ISSUER_KEY")
        .env("NO_COLOR", "1");
    cmd
}

fn keygen(root: &Path) -> String {
    let out = credcat(root)
        .arg("keygen")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn build(root: &Path, out: &str) {
    credcat(root)
        .args(["build", "--output", out])
        .assert()
        .success();
}

/// `credcat verify --site SITE FILE`: (exit ok, stdout).
fn verify(root: &Path, site: &str, file: &Path) -> (bool, String) {
    let out = credcat(root)
        .args(["verify", "--site", site])
        .arg(file)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn credential(site: &Path, id: &str) -> PathBuf {
    site.join("badges").join(id).join("credential.json")
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()
}

fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

// The demo's awards (content/issued/): valid, revoked, expired.
const VALID: &[&str] = &[
    "2026-sql-0001",
    "2026-tc-0002",
    "2026-cnc-0007",
    "2026-irs-0101",
    "2026-ctc-0004",
];
const REVOKED: &str = "2026-ta-0003";
const EXPIRED: &str = "2024-xl-0014";

#[test]
fn keygen_writes_a_private_key_and_prints_its_identity() {
    let dir = demo();
    let out = keygen(dir.path());
    let key_file = dir.path().join(".credcat/issuer.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&key_file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let key = parse_key(&fs::read_to_string(&key_file).unwrap()).unwrap();
    let multikey = credcat::sign::keys::public_multikey(&key.verifying_key());
    assert!(out.contains(&multikey), "{out}");
    assert!(
        out.contains("did:web:catalog.northfield.example.edu"),
        "{out}"
    );
    assert!(!out.contains(&secret_multikey(&key)));

    // Never silently replaced; --force does.
    let again = credcat(dir.path())
        .arg("keygen")
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&again).contains("already exists"));
    credcat(dir.path())
        .args(["keygen", "--force"])
        .assert()
        .success();
    let new_key = parse_key(&fs::read_to_string(&key_file).unwrap()).unwrap();
    assert_ne!(new_key.to_bytes(), key.to_bytes());

    // A key file others can read is refused by the build, with the fix.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&key_file, fs::Permissions::from_mode(0o644)).unwrap();
        let err = credcat(dir.path())
            .args(["build", "-o", "out"])
            .assert()
            .failure()
            .get_output()
            .stderr
            .clone();
        let err = String::from_utf8_lossy(&err);
        assert!(
            err.contains("too open") && err.contains("chmod 600"),
            "{err}"
        );
    }
}

#[test]
fn keygen_refuses_published_folders() {
    let dir = demo();
    let config = dir.path().join("site-config.toml");
    let text = fs::read_to_string(&config)
        .unwrap()
        .replace(".credcat/issuer.key", "static/issuer.key");
    fs::write(&config, text).unwrap();
    let err = credcat(dir.path())
        .arg("keygen")
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert!(
        String::from_utf8_lossy(&err).contains("inside static/"),
        "{}",
        String::from_utf8_lossy(&err)
    );
    assert!(!dir.path().join("static/issuer.key").exists());
}

#[test]
fn build_needs_a_key_but_check_does_not() {
    let dir = demo();
    let err = credcat(dir.path())
        .args(["build", "-o", "out"])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&err);
    assert!(
        err.contains("credcat keygen") && err.contains("CREDCAT_ISSUER_KEY"),
        "{err}"
    );
    credcat(dir.path()).arg("check").assert().success();
    // A key from the environment is enough.
    let key = credcat::sign::generate_key();
    credcat(dir.path())
        .env("CREDCAT_ISSUER_KEY", secret_multikey(&key))
        .args(["build", "-o", "out"])
        .assert()
        .success();
    let did = read_json(&dir.path().join("out/.well-known/did.json"));
    assert_eq!(
        did["verificationMethod"][0]["publicKeyMultibase"],
        credcat::sign::keys::public_multikey(&key.verifying_key())
    );
}

#[test]
fn built_badges_verify_and_tampered_ones_do_not() {
    let dir = demo();
    let root = dir.path();
    keygen(root);
    build(root, "public");
    let site = root.join("public");

    for id in VALID {
        let (ok, out) = verify(root, "public", &credential(&site, id));
        assert!(ok, "{id}: {out}");
        assert!(
            out.contains(
                "valid: eddsa-rdfc-2022 + eddsa-jcs-2022 by did:web:catalog.northfield.example.edu"
            ),
            "{out}"
        );
        let vc = read_json(&credential(&site, id));
        assert_eq!(vc["proof"].as_array().unwrap().len(), 2);
        assert_eq!(vc["issuer"]["id"], "did:web:catalog.northfield.example.edu");
        assert_eq!(
            vc["type"],
            serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"])
        );
        let hash = vc["credentialSubject"]["identifier"][0]["identityHash"]
            .as_str()
            .unwrap();
        assert!(hash.starts_with("sha256$") && hash.len() == 7 + 64);
    }
    // The whole set at once: exit 1 because of the revoked and the expired one.
    let mut all = credcat(root);
    all.args(["verify", "--site", "public"]);
    for f in fs::read_dir(site.join("badges")).unwrap() {
        all.arg(f.unwrap().path().join("credential.json"));
    }
    all.assert().failure();

    let (ok, out) = verify(root, "public", &credential(&site, REVOKED));
    assert!(!ok && out.contains("REVOKED"), "{out}");
    let (ok, out) = verify(root, "public", &credential(&site, EXPIRED));
    assert!(!ok && out.contains("EXPIRED"), "{out}");
    // The recipient's name is published only when the award says so.
    assert_eq!(
        read_json(&credential(&site, "2026-sql-0001"))["credentialSubject"]["name"],
        "Lena Marchetti"
    );
    assert!(
        read_json(&credential(&site, "2026-tc-0002"))["credentialSubject"]
            .get("name")
            .is_none()
    );

    // Tampering: a changed field, a changed proof byte.
    let original = fs::read_to_string(credential(&site, "2026-sql-0001")).unwrap();
    let tampered = root.join("tampered.json");
    fs::write(
        &tampered,
        original.replace("\"SQL Fundamentals\"", "\"SQL Mastery\""),
    )
    .unwrap();
    let (ok, out) = verify(root, "public", &tampered);
    assert!(!ok && out.contains("ALTERED"), "{out}");

    let mut vc: Value = serde_json::from_str(&original).unwrap();
    for i in 0..2 {
        let mut flipped = vc.clone();
        let pv = flipped["proof"][i]["proofValue"]
            .as_str()
            .unwrap()
            .to_string();
        let mut sig = credcat::sign::multibase::decode_base58btc(&pv).unwrap();
        sig[10] ^= 1;
        flipped["proof"][i]["proofValue"] = credcat::sign::multibase::encode_base58btc(&sig).into();
        fs::write(&tampered, serde_json::to_string(&flipped).unwrap()).unwrap();
        let (ok, out) = verify(root, "public", &tampered);
        assert!(!ok && out.contains("ALTERED"), "proof {i}: {out}");
    }
    // Validity dates stretched: the signature no longer matches.
    vc["validUntil"] = "2099-01-01T00:00:00Z".into();
    fs::write(&tampered, serde_json::to_string(&vc).unwrap()).unwrap();
    assert!(!verify(root, "public", &tampered).0);

    // The same catalog signed with another key: the site's did.json does not vouch for it.
    let other = demo();
    keygen(other.path());
    build(other.path(), "public");
    let (ok, out) = verify(
        root,
        "public",
        &credential(&other.path().join("public"), "2026-sql-0001"),
    );
    assert!(!ok && out.contains("ALTERED"), "{out}");

    // A did:web credential without the site cannot be checked offline.
    let out = credcat(root)
        .arg("verify")
        .arg(credential(&site, "2026-sql-0001"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("CANNOT CHECK"));
    // A DID document is enough for the proofs, but then the status list is unknown.
    let out = credcat(root)
        .args(["verify", "--did-json", "public/.well-known/did.json"])
        .arg(credential(&site, "2026-sql-0001"))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("status list"),
        "{out:?}"
    );
}

#[test]
fn revoke_flips_the_bit_on_the_next_build() {
    let dir = demo();
    let root = dir.path();
    keygen(root);
    build(root, "public");
    let site = root.join("public");
    let status_before = fs::read(site.join("status/1.json")).unwrap();
    let toml_before =
        fs::read_to_string(root.join("content/issued/2026-data-cyber-health.toml")).unwrap();

    // A TOML award and a CSV award.
    credcat(root)
        .args([
            "revoke",
            "2026-sql-0001",
            "--reason",
            "Assessment misconduct",
        ])
        .assert()
        .success();
    credcat(root)
        .args([
            "revoke",
            "2026-irs-0101",
            "--reason",
            "Issued twice, see 2026-irs-0102",
        ])
        .assert()
        .success();
    credcat(root)
        .args(["revoke", "no-such-award", "--reason", "x"])
        .assert()
        .failure();

    let toml_after =
        fs::read_to_string(root.join("content/issued/2026-data-cyber-health.toml")).unwrap();
    assert!(
        toml_after.starts_with("# Badges awarded by Northfield"),
        "comments are kept"
    );
    // Only that table's `revoked` line changed, and the reason was added under it.
    let sql = toml_before.find("id = \"2026-sql-0001\"").unwrap();
    let at = sql + toml_before[sql..].find("revoked = false").unwrap();
    let expected = format!(
        "{}revoked = true\nrevocation_reason = \"Assessment misconduct\"{}",
        &toml_before[..at],
        &toml_before[at + "revoked = false".len()..]
    );
    assert_eq!(toml_after, expected);
    let csv =
        fs::read_to_string(root.join("content/issued/2026-manufacturing-cohort.csv")).unwrap();
    assert!(
        csv.lines().any(|l| l.starts_with("2026-irs-0101,")
            && l.ends_with(",true,\"Issued twice, see 2026-irs-0102\"")),
        "{csv}"
    );

    build(root, "public");
    assert_ne!(fs::read(site.join("status/1.json")).unwrap(), status_before);
    for id in ["2026-sql-0001", "2026-irs-0101", REVOKED] {
        let (ok, out) = verify(root, "public", &credential(&site, id));
        assert!(!ok && out.contains("REVOKED"), "{id}: {out}");
    }
    let (ok, out) = verify(root, "public", &credential(&site, "2026-irs-0102"));
    assert!(ok, "{out}");
}

#[test]
fn unchanged_input_gives_byte_identical_output() {
    let dir = demo();
    let root = dir.path();
    keygen(root);
    // Cold: no signature cache yet; the build leaves one under .credcat/cache/.
    build(root, "one");
    let cache_dir = root.join(".credcat/cache");
    let caches: Vec<_> = all_files(&cache_dir)
        .into_iter()
        .filter(|f| f.to_string_lossy().contains("signatures-"))
        .collect();
    assert_eq!(
        caches.len(),
        1,
        "one signature cache file per key: {caches:?}"
    );
    let cache = fs::read(&caches[0]).unwrap();
    assert!(cache.len() > 100, "the cache holds the signatures");
    // Warm: every signature comes from the cache.
    build(root, "two");
    assert_eq!(
        fs::read(&caches[0]).unwrap(),
        cache,
        "a warm build keeps the cache as it is"
    );
    // Cold again, without the cache; then with a damaged one (ignored, then rewritten).
    fs::remove_dir_all(&cache_dir).unwrap();
    build(root, "three");
    assert_eq!(fs::read(&caches[0]).unwrap(), cache, "the same signatures");
    let mut damaged = cache.clone();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 0x40;
    fs::write(&caches[0], &damaged).unwrap();
    build(root, "four");
    assert_eq!(
        fs::read(&caches[0]).unwrap(),
        cache,
        "a damaged cache is replaced"
    );
    // An unwritable cache folder never fails a build.
    fs::remove_dir_all(&cache_dir).unwrap();
    fs::write(&cache_dir, "not a folder").unwrap();
    build(root, "five");

    let one = all_files(&root.join("one"));
    for other in ["two", "three", "four", "five"] {
        let files = all_files(&root.join(other));
        assert_eq!(one.len(), files.len(), "{other}");
        for (a, b) in one.iter().zip(&files) {
            assert_eq!(
                a.strip_prefix(root.join("one")).unwrap(),
                b.strip_prefix(root.join(other)).unwrap()
            );
            assert!(
                fs::read(a).unwrap() == fs::read(b).unwrap(),
                "{} differs between builds one and {other}",
                a.display()
            );
        }
    }
    assert!(one.iter().any(|p| p.ends_with("status/1.json")));
    assert!(one.iter().any(|p| p.ends_with("verify/index.html")));
    for kind in ["credential.json", "badge.png", "badge.svg"] {
        assert!(
            one.iter().filter(|p| p.ends_with(kind)).count() >= 5,
            "{kind}"
        );
    }
}

#[test]
fn a_changed_award_is_signed_again_and_the_rest_come_from_the_cache() {
    let dir = demo();
    let root = dir.path();
    keygen(root);
    build(root, "one");
    let award = root.join("content/issued/2026-data-cyber-health.toml");
    let text = fs::read_to_string(&award).unwrap();
    assert!(text.contains("2026-sql-0001"));
    // Another issue date for one award: its credential and proofs change, no other file's.
    let edited = edit_first_issued_date(&text, "2026-sql-0001");
    fs::write(&award, &edited).unwrap();
    build(root, "two");
    let cache_dir = root.join(".credcat/cache");
    fs::remove_dir_all(&cache_dir).unwrap();
    build(root, "cold");
    let two = all_files(&root.join("two"));
    let cold = all_files(&root.join("cold"));
    assert_eq!(two.len(), cold.len());
    for (a, b) in two.iter().zip(&cold) {
        assert!(
            fs::read(a).unwrap() == fs::read(b).unwrap(),
            "{} differs between the warm and the cold build",
            a.display()
        );
    }
    let before = read_json(&credential(&root.join("one"), "2026-sql-0001"));
    let after = read_json(&credential(&root.join("two"), "2026-sql-0001"));
    assert_ne!(before["proof"], after["proof"]);
    assert_ne!(before["validFrom"], after["validFrom"]);
    let same = credential(&root.join("one"), "2026-tc-0002");
    assert_eq!(
        fs::read(&same).unwrap(),
        fs::read(credential(&root.join("two"), "2026-tc-0002")).unwrap()
    );
    let (ok, out) = verify(root, "two", &credential(&root.join("two"), "2026-sql-0001"));
    assert!(ok, "{out}");
}

/// `text` with the `issued` date of award `id` moved to another day.
fn edit_first_issued_date(text: &str, id: &str) -> String {
    let start = text.find(&format!("\"{id}\"")).expect("the award");
    let rel = text[start..].find("issued = ").expect("its issue date") + start;
    let date_at = rel + "issued = ".len();
    let old = &text[date_at..date_at + 10];
    let new = if old.ends_with("-02") {
        "2026-01-03"
    } else {
        "2026-01-02"
    };
    format!("{}{new}{}", &text[..date_at], &text[date_at + 10..])
}

/// Every encoding of the secret key an accident could publish.
fn secret_forms(key: &ed25519_dalek::SigningKey, key_file_text: &str) -> Vec<Vec<u8>> {
    let seed = key.to_bytes();
    let der = key.to_pkcs8_der().unwrap();
    let mut forms: Vec<Vec<u8>> = vec![seed.to_vec(), der.as_bytes().to_vec()];
    let mut text = vec![
        hex::encode(seed),
        hex::encode_upper(seed),
        secret_multikey(key),
        bs58::encode(seed).into_string(),
        base64::engine::general_purpose::STANDARD.encode(seed),
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(seed),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(seed),
        base64::engine::general_purpose::STANDARD.encode(der.as_bytes()),
    ];
    // The PEM body, line by line.
    text.extend(
        key_file_text
            .lines()
            .filter(|l| !l.starts_with("-----") && l.len() > 8)
            .map(str::to_string),
    );
    forms.extend(text.into_iter().map(String::into_bytes));
    forms
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn no_output_file_holds_the_key_or_an_email() {
    let dir = demo();
    let root = dir.path();
    keygen(root);
    // The demo names its recipients by salted hash; older files keep the addresses, which
    // must not leak either.
    let rows: String = (1..=8)
        .map(|i| format!("legacy-{i},sql-fundamentals,Learner.{i}@Example.org,2025-0{i}-01\n"))
        .collect();
    fs::write(
        root.join("content/issued/legacy.csv"),
        format!("id,credential,recipient_email,issued\n{rows}"),
    )
    .unwrap();
    build(root, "public");
    let key_text = fs::read_to_string(root.join(".credcat/issuer.key")).unwrap();
    let key = parse_key(&key_text).unwrap();
    let secrets = secret_forms(&key, &key_text);

    // Every email in the award files, as written and normalized.
    let mut emails = Vec::new();
    for f in all_files(&root.join("content/issued")) {
        for word in fs::read_to_string(&f)
            .unwrap()
            .split(|c: char| c == ',' || c == '"' || c.is_whitespace())
        {
            if word.contains('@') {
                emails.push(word.to_string());
                emails.push(word.trim().to_lowercase());
            }
        }
    }
    assert!(emails.len() >= 16, "the demo's recipients: {emails:?}");

    let mut files = all_files(&root.join("public"));
    assert!(files.len() > 20);
    // Neither do the signature cache and the build stamp the build keeps beside the key.
    let caches = all_files(&root.join(".credcat/cache"));
    assert_eq!(caches.len(), 2, "{caches:?}");
    files.extend(caches);
    for f in &files {
        let bytes = fs::read(f).unwrap();
        for s in &secrets {
            assert!(
                !contains(&bytes, s),
                "{} contains the private key",
                f.display()
            );
        }
        for e in &emails {
            assert!(
                !contains(&bytes, e.as_bytes()),
                "{} contains a recipient email",
                f.display()
            );
        }
    }
}

#[test]
fn issue_adds_a_checked_batch_and_never_prints_emails() {
    let dir = demo();
    let root = dir.path();
    let csv = root.join("recipients.csv");
    fs::write(
        &csv,
        "recipient_name,recipient_email,publish_name,issued,expires\nAda Byron,ada@example.org,true,2026-09-01,2029-09-01\nAlan T,alan@example.org,no,2026-09-02,\n",
    )
    .unwrap();
    let out = credcat(root)
        .args(["issue", "--credential", "sql-fundamentals", "--csv"])
        .arg(&csv)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Added 2 awards") && !stdout.contains("@example.org"),
        "{stdout}"
    );
    let batch: Vec<PathBuf> = all_files(&root.join("content/issued"))
        .into_iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .ends_with("-sql-fundamentals.csv")
        })
        .collect();
    assert_eq!(batch.len(), 1);
    let text = fs::read_to_string(&batch[0]).unwrap();
    assert!(text.starts_with("id,credential,"), "{text}");
    assert_eq!(
        text.matches("sql-fundamentals-2026090").count(),
        2,
        "generated ids: {text}"
    );
    // Only the salted hash enters the repository, never the address.
    assert!(
        !text.contains("@") && !text.contains("recipient_email"),
        "{text}"
    );
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("recipient_hash,recipient_salt"),
        "{text}"
    );
    credcat(root).arg("check").assert().success();
    // The badge carries that hash: sha256(normalized email + salt), as OB 3.0 defines it.
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let first = rows.records().next().unwrap().unwrap();
    let field = |name: &str| first[headers.iter().position(|h| h == name).unwrap()].to_string();
    let (id, hash, salt) = (
        field("id"),
        field("recipient_hash"),
        field("recipient_salt"),
    );
    assert_eq!(
        hash,
        format!(
            "sha256${}",
            hex::encode(sha2::Sha256::digest(
                format!("ada@example.org{salt}").as_bytes()
            ))
        )
    );
    if !root.join(".credcat/issuer.key").exists() {
        credcat(root).arg("keygen").assert().success();
    }
    credcat(root).arg("build").assert().success();
    let badge: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root.join(format!("public/badges/{id}/credential.json"))).unwrap(),
    )
    .unwrap();
    let identity = &badge["credentialSubject"]["identifier"][0];
    assert_eq!(identity["identityHash"], hash.as_str());
    assert_eq!(identity["salt"], salt.as_str());

    // Bad rows: nothing written, the problems named by row, the address never echoed.
    fs::write(
        &csv,
        "recipient_email,issued,expires\nnot-an-address,2026-09-01,\nsecret.person@example.org,2026-13-01,\nx@y.org,2026-09-01,2026-01-01\n",
    )
    .unwrap();
    let before = all_files(&root.join("content/issued")).len();
    let out = credcat(root)
        .args(["issue", "--credential", "sql-fundamentals", "--csv"])
        .arg(&csv)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("row 2") && stderr.contains("row 3") && stderr.contains("row 4"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("secret.person") && !stderr.contains("not-an-address"),
        "{stderr}"
    );
    assert_eq!(all_files(&root.join("content/issued")).len(), before);
    let out = credcat(root)
        .args(["issue", "--credential", "sql-fundamental", "--csv"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `sql-fundamentals`"));
}

#[test]
fn published_vectors_verify_from_the_command_line() {
    let vc = Path::new(REPO).join("tests/fixtures/vc");
    let w3c = vc.join("w3c-vc-di-eddsa/TestVectors");
    let mut cmd = credcat(&vc);
    cmd.arg("verify")
        .arg(w3c.join("eddsa-rdfc-2022/signedDataInt.json"))
        .arg(w3c.join("eddsa-rdfc-2022/employ/signedDataInt.json"))
        .arg(w3c.join("eddsa-jcs-2022/signedJCS.json"))
        .arg(w3c.join("proof-set-chain/signedProofSet2.json"))
        .arg(vc.join("1edtech-validator/ob30/simple-did-key-method.json"));
    cmd.assert().success();
    // 1EdTech's examples name https verification methods: offline, the key must be given.
    let ob = vc.join("1edtech-openbadges-specification/extracted/ldp-ob-test-vector/signed.json");
    credcat(&vc).arg("verify").arg(&ob).assert().failure();
    credcat(&vc)
        .args([
            "verify",
            "--key",
            "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
        ])
        .arg(&ob)
        .arg(vc.join("1edtech-validator/ob30/simple.json"))
        .arg(vc.join("1edtech-validator/ob30/simple-did-web-method.json"))
        .assert()
        .success();
    // Tampered vector.
    let dir = tempfile::tempdir().unwrap();
    let tampered = dir.path().join("t.json");
    let text = fs::read_to_string(w3c.join("eddsa-jcs-2022/signedJCS.json")).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["validFrom"] = "2001-01-01T00:00:00Z".into();
    fs::write(&tampered, doc.to_string()).unwrap();
    let out = credcat(&vc).arg("verify").arg(&tampered).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("ALTERED"));
}

#[test]
fn baked_badge_images_verify_and_tampered_ones_do_not() {
    let dir = demo();
    let root = dir.path();
    keygen(root);
    build(root, "public");
    let site = root.join("public");
    let badge = |id: &str, file: &str| site.join("badges").join(id).join(file);

    for id in VALID {
        let json = fs::read_to_string(credential(&site, id)).unwrap();
        for file in ["badge.svg", "badge.png"] {
            let bytes = fs::read(badge(id, file)).unwrap();
            // Exactly the published credential is inside.
            let inside: Value =
                serde_json::from_str(&credcat::bake::extract(&bytes).unwrap()).unwrap();
            assert_eq!(inside, read_json(&credential(&site, id)), "{id}/{file}");
            if file == "badge.png" {
                assert_eq!(
                    credcat::bake::extract(&bytes).unwrap(),
                    json,
                    "{id}: byte for byte"
                );
            }
            let (ok, out) = verify(root, "public", &badge(id, file));
            assert!(ok, "{id}/{file}: {out}");
            assert!(
                out.contains("valid: eddsa-rdfc-2022 + eddsa-jcs-2022"),
                "{out}"
            );
        }
    }
    // The revoked award's images say so.
    let (ok, out) = verify(root, "public", &badge(REVOKED, "badge.png"));
    assert!(!ok && out.contains("REVOKED"), "{out}");

    // A baked image whose credential was changed is altered, in either format.
    let id = VALID[0];
    let svg = fs::read_to_string(badge(id, "badge.svg")).unwrap();
    let vc = read_json(&credential(&site, id));
    let name = vc["name"].as_str().unwrap().to_string();
    let forged_svg = svg.replace(
        &format!("\"name\":\"{name}\""),
        "\"name\":\"Advanced Forgery\"",
    );
    assert_ne!(forged_svg, svg);
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("forged.svg"), &forged_svg).unwrap();
    let (ok, out) = verify(root, "public", &tmp.path().join("forged.svg"));
    assert!(!ok && out.contains("ALTERED"), "{out}");

    let json = fs::read_to_string(credential(&site, id)).unwrap();
    let forged = json.replace(
        &format!("\"name\":\"{name}\""),
        "\"name\":\"Advanced Forgery\"",
    );
    let png = fs::read(badge(id, "badge.png")).unwrap();
    let forged_png = credcat::bake::bake_png(&png, &forged).unwrap();
    fs::write(tmp.path().join("forged.png"), forged_png).unwrap();
    let (ok, out) = verify(root, "public", &tmp.path().join("forged.png"));
    assert!(!ok && out.contains("ALTERED"), "{out}");

    // An image without a credential is not a badge.
    let plain = credcat::bake::render_png(&svg, 64).unwrap();
    fs::write(tmp.path().join("plain.png"), plain).unwrap();
    let (ok, out) = verify(root, "public", &tmp.path().join("plain.png"));
    assert!(
        !ok && out.contains("carries no Open Badges 3.0 credential"),
        "{out}"
    );
}

#[test]
fn holder_names_appear_only_where_the_award_publishes_them() {
    let dir = demo();
    let root = dir.path();
    keygen(root);
    build(root, "public");
    // Names of the demo's awards with publish_name = false (TOML) or "no"/"false" (CSV).
    let mut hidden = Vec::new();
    let mut shown = Vec::new();
    let toml_text =
        fs::read_to_string(root.join("content/issued/2026-data-cyber-health.toml")).unwrap();
    let doc: toml::Value = toml::from_str(&toml_text).unwrap();
    for a in doc["award"].as_array().unwrap() {
        let name = a["recipient_name"].as_str().unwrap().to_string();
        if a.get("publish_name").and_then(|v| v.as_bool()) == Some(true) {
            shown.push((a["id"].as_str().unwrap().to_string(), name));
        } else {
            hidden.push(name);
        }
    }
    assert!(!hidden.is_empty() && !shown.is_empty());
    for f in all_files(&root.join("public")) {
        let bytes = fs::read(&f).unwrap();
        for name in &hidden {
            assert!(
                !contains(&bytes, name.as_bytes()),
                "{} shows the unpublished name {name}",
                f.display()
            );
        }
    }
    for (id, name) in &shown {
        let page =
            fs::read_to_string(root.join("public/badges").join(id).join("index.html")).unwrap();
        assert!(page.contains(name.as_str()), "{id}: {name} is published");
    }
}

#[test]
fn a_png_image_is_baked_as_it_is_and_a_broken_svg_is_an_error() {
    let dir = demo();
    let root = dir.path();
    keygen(root);
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="40" height="20" fill="#a15c00"/></svg>"##;
    let png = credcat::bake::render_png(svg, 80).unwrap();
    fs::write(root.join("static/images/sql.png"), &png).unwrap();
    common::edit(
        &root.join("content/credentials/sql-fundamentals.md"),
        "image = \"/images/data-analytics-badge.svg\"",
        "image = \"/images/sql.png\"",
    );
    build(root, "public");
    let dir_of = root.join("public/badges").join(VALID[0]);
    let baked = fs::read(dir_of.join("badge.png")).unwrap();
    // The PNG keeps its pixels (same size, same chunks) and gains the credential.
    assert_eq!(
        baked.len(),
        png.len()
            + credcat::bake::itxt_chunk(
                &fs::read_to_string(dir_of.join("credential.json")).unwrap()
            )
            .unwrap()
            .len()
    );
    let (ok, out) = verify(root, "public", &dir_of.join("badge.png"));
    assert!(ok, "{out}");
    let baked_svg = fs::read_to_string(dir_of.join("badge.svg")).unwrap();
    assert!(baked_svg.contains("href=\"data:image/png;base64,"));
    let (ok, out) = verify(root, "public", &dir_of.join("badge.svg"));
    assert!(ok, "{out}");

    // An image that is not a readable SVG stops the build and says which credential.
    fs::write(root.join("static/images/broken.svg"), "<svg><g></svg>").unwrap();
    common::edit(
        &root.join("content/credentials/sql-fundamentals.md"),
        "image = \"/images/sql.png\"",
        "image = \"/images/broken.svg\"",
    );
    let out = credcat(root)
        .args(["build", "--output", "public"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("sql-fundamentals") && err.contains("broken.svg"),
        "{err}"
    );
}

/// Sets `[badges] awards_per_status_list` in a catalog's site-config.toml.
fn set_awards_per_list(root: &Path, n: usize) {
    let path = root.join("site-config.toml");
    let text: String = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("awards_per_status_list"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        text.contains("\n[badges]\n"),
        "the demo config has a [badges] table"
    );
    let text = text.replacen(
        "\n[badges]\n",
        &format!("\n[badges]\nawards_per_status_list = {n}\n"),
        1,
    );
    fs::write(&path, text).unwrap();
}

/// `(list path, index)` of a built credential's status entry.
fn status_of(site: &Path, id: &str) -> (String, usize) {
    let vc = read_json(&credential(site, id));
    let entry = &vc["credentialStatus"];
    let url = entry["statusListCredential"].as_str().unwrap();
    let path = url.split_once("/status/").unwrap().1;
    assert_eq!(
        entry["id"],
        format!("{url}#{}", entry["statusListIndex"].as_str().unwrap())
    );
    (
        format!("status/{path}"),
        entry["statusListIndex"].as_str().unwrap().parse().unwrap(),
    )
}

#[test]
fn awards_beyond_one_list_go_into_further_lists_that_revoke_and_verify() {
    let dir = demo();
    let root = dir.path();
    keygen(root);
    build(root, "one");
    // Three awards a list: the demo's 8, in order of issue, fill lists 1 and 2 and start 3.
    set_awards_per_list(root, 3);
    build(root, "public");
    let site = root.join("public");
    let by_issue = [
        "2024-xl-0014",
        "2026-tc-0002",
        "2026-sql-0001",
        "2026-ctc-0004",
        "2026-cnc-0007",
        REVOKED,
        "2026-irs-0101",
        "2026-irs-0102",
    ];
    for (rank, id) in by_issue.iter().enumerate() {
        let (list, _) = status_of(&site, id);
        assert_eq!(list, format!("status/{}.json", rank / 3 + 1), "{id}");
    }
    for n in 1..=3 {
        assert!(site.join(format!("status/{n}.json")).is_file());
    }
    assert!(!site.join("status/4.json").exists());
    // The first list's awards keep the indices they had when one list held every award.
    for id in &by_issue[..3] {
        assert_eq!(
            status_of(&site, id),
            status_of(&root.join("one"), id),
            "{id}"
        );
    }
    // The revoked award is in list 2; the badge page names its list.
    let (ok, out) = verify(root, "public", &credential(&site, REVOKED));
    assert!(
        !ok && out.contains("REVOKED") && out.contains("status/2.json"),
        "{out}"
    );
    let page = fs::read_to_string(site.join("badges").join(REVOKED).join("index.html")).unwrap();
    assert!(
        page.contains("/status/2.json"),
        "the badge page names list 2"
    );
    for id in ["2026-ctc-0004", "2026-irs-0102"] {
        let (ok, out) = verify(root, "public", &credential(&site, id));
        assert!(ok, "{id}: {out}");
    }

    // Revoking an award of list 3 changes list 3 alone.
    let before: Vec<Vec<u8>> = (1..=3)
        .map(|n| fs::read(site.join(format!("status/{n}.json"))).unwrap())
        .collect();
    credcat(root)
        .args(["revoke", "2026-irs-0102", "--reason", "Issued in error"])
        .assert()
        .success();
    build(root, "public");
    let after: Vec<Vec<u8>> = (1..=3)
        .map(|n| fs::read(site.join(format!("status/{n}.json"))).unwrap())
        .collect();
    assert_eq!(after[0], before[0]);
    assert_eq!(after[1], before[1]);
    assert_ne!(after[2], before[2]);
    let (ok, out) = verify(root, "public", &credential(&site, "2026-irs-0102"));
    assert!(
        !ok && out.contains("REVOKED") && out.contains("status/3.json"),
        "{out}"
    );
    let (ok, out) = verify(root, "public", &credential(&site, "2026-irs-0101"));
    assert!(ok, "{out}");

    // A number a list cannot hold is a config error naming the line.
    set_awards_per_list(root, 70_000);
    let out = credcat(root)
        .args(["build", "--output", "x"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("awards_per_status_list") && err.contains("site-config.toml:"),
        "{err}"
    );
}
