//! The Firebase Auth Emulator, a real Identity Toolkit server on loopback, for the end-to-end
//! tests.
//!
//! A running emulator is found through `FIREBASE_AUTH_EMULATOR_HOST` (`127.0.0.1:9099`), the
//! variable the Firebase SDKs and `firebase emulators:exec` use. When it is unset, the first
//! test that needs the emulator starts one on free ports, installing the version pinned in
//! `tests/emulator/package.json` on first use, and the emulator stops when the test process
//! ends. Nothing here skips: when no emulator can be had, the tests fail and say why.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The project id of the emulated project; a `demo-` id needs no credentials.
pub const PROJECT: &str = "demo-mfa";

/// How long the emulator may take to answer after it is started (11–19 s seen on 2 cores).
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// A running emulator.
pub struct Emulator {
    /// `host:port` of the emulator.
    pub host: String,
}

impl Emulator {
    /// The root URL of the Identity Toolkit API on the emulator.
    pub fn root_url(&self) -> String {
        format!("http://{}/identitytoolkit.googleapis.com/", self.host)
    }

    /// GETs one of the emulator's own endpoints, which are not part of the API, as JSON.
    pub fn get_json(&self, path: &str) -> serde_json::Value {
        let (status, body) = http(&self.host, "GET", path)
            .unwrap_or_else(|error| panic!("GET {path} on the emulator failed: {error}"));
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|error| panic!("GET {path}: {error}: {body}"))
    }

    /// The SMS code the emulator "sent" for a phone verification session.
    pub fn sms_code(&self, session_info: &str) -> String {
        let codes = self.get_json(&format!(
            "/emulator/v1/projects/{PROJECT}/verificationCodes"
        ));
        codes["verificationCodes"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|entry| entry["sessionInfo"] == session_info)
            .and_then(|entry| entry["code"].as_str())
            .unwrap_or_else(|| panic!("no SMS code for the session in {codes}"))
            .to_owned()
    }

    /// The out-of-band code the emulator "emailed" to `email` most recently.
    pub fn oob_code(&self, email: &str) -> String {
        let codes = self.get_json(&format!("/emulator/v1/projects/{PROJECT}/oobCodes"));
        codes["oobCodes"]
            .as_array()
            .into_iter()
            .flatten()
            .rev()
            .find(|entry| entry["email"] == email)
            .and_then(|entry| entry["oobCode"].as_str())
            .unwrap_or_else(|| panic!("no oob code for {email} in {codes}"))
            .to_owned()
    }
}

/// The emulator the tests share: the one `FIREBASE_AUTH_EMULATOR_HOST` names, or one started
/// for this test process.
pub fn emulator() -> &'static Emulator {
    static EMULATOR: OnceLock<Emulator> = OnceLock::new();
    EMULATOR.get_or_init(|| {
        let host = match std::env::var("FIREBASE_AUTH_EMULATOR_HOST") {
            Ok(host) if !host.is_empty() => {
                wait_until_ready(&host, Instant::now() + Duration::from_secs(10), None)
                    .unwrap_or_else(|error| {
                        panic!("FIREBASE_AUTH_EMULATOR_HOST={host}, but {error}")
                    });
                host
            }
            _ => start().unwrap_or_else(|error| {
                panic!(
                    "cannot start the Firebase Auth Emulator: {error}\n\
                     It needs Node.js 20 and npm; `npm ci --prefix tests/emulator` installs it. \
                     Or start one and set FIREBASE_AUTH_EMULATOR_HOST."
                )
            }),
        };
        Emulator { host }
    })
}

/// Installs the pinned emulator if needed, starts it on free ports and waits for it.
fn start() -> Result<String, String> {
    let package_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulator");
    let firebase = package_dir.join("node_modules/.bin/firebase");
    if !firebase.exists() {
        install(&package_dir)?;
    }

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("auth-emulator-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("tmp")).map_err(|error| error.to_string())?;
    let [auth, hub, logging] = [free_port()?, free_port()?, free_port()?];
    let config = serde_json::json!({
        "emulators": {
            "auth": {"host": "127.0.0.1", "port": auth},
            "hub": {"host": "127.0.0.1", "port": hub},
            "logging": {"host": "127.0.0.1", "port": logging},
            "ui": {"enabled": false},
            "singleProjectMode": true
        }
    });
    std::fs::write(dir.join("firebase.json"), config.to_string())
        .map_err(|error| error.to_string())?;
    let log_path = dir.join("emulator.log");
    let log = std::fs::File::create(&log_path).map_err(|error| error.to_string())?;

    // The shell holds the emulator's lifetime to this process's: it stops the emulator when
    // its standard input, a pipe from this process, closes, which happens when this process
    // exits however it exits.
    let child = Command::new("sh")
        .arg("-c")
        .arg(
            "\"$0\" emulators:start --only auth --project \"$1\" </dev/null & emulator=$!\n\
             cat >/dev/null\n\
             kill -TERM $emulator; wait $emulator",
        )
        .arg(&firebase)
        .arg(PROJECT)
        .current_dir(&dir)
        .env("CI", "true")
        .env("NO_UPDATE_NOTIFIER", "1")
        .env("XDG_CONFIG_HOME", &dir)
        .env("TMPDIR", dir.join("tmp"))
        .stdin(Stdio::piped())
        .stdout(log.try_clone().map_err(|error| error.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|error| format!("cannot run sh: {error}"))?;
    // Kept open for the life of the process, and never waited for.
    std::mem::forget(child);

    let host = format!("127.0.0.1:{auth}");
    wait_until_ready(&host, Instant::now() + START_TIMEOUT, Some(&log_path))?;
    Ok(host)
}

/// `npm ci` in the emulator's package directory.
fn install(package_dir: &Path) -> Result<(), String> {
    eprintln!("installing the Firebase Auth Emulator (npm ci, a few minutes, once)");
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(package_dir)
        .status()
        .map_err(|error| format!("cannot run npm: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "npm ci in {} failed: {status}",
            package_dir.display()
        ))
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|error| error.to_string())?;
    Ok(listener
        .local_addr()
        .map_err(|error| error.to_string())?
        .port())
}

/// Polls `GET /` until the emulator says it is ready.
fn wait_until_ready(host: &str, deadline: Instant, log: Option<&Path>) -> Result<(), String> {
    let mut last = String::new();
    while Instant::now() < deadline {
        match http(host, "GET", "/") {
            Ok((200, body)) if body.contains("\"ready\"") => return Ok(()),
            Ok((status, body)) => last = format!("HTTP {status}: {body}"),
            Err(error) => last = error,
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    let log = log
        .and_then(|log| std::fs::read_to_string(log).ok())
        .map(|text| format!("\nits output:\n{text}"))
        .unwrap_or_default();
    Err(format!("the emulator at {host} is not ready ({last}){log}"))
}

/// A minimal HTTP/1.1 exchange for the emulator's own endpoints: status and body.
pub fn http(host: &str, method: &str, path: &str) -> Result<(u16, String), String> {
    let mut stream = TcpStream::connect(host).map_err(|error| error.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|error| error.to_string())?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    )
    .map_err(|error| error.to_string())?;
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader
        .read_line(&mut status_line)
        .map_err(|error| error.to_string())?;
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("not an HTTP response: {status_line:?}"))?;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        reader
            .read_line(&mut line)
            .map_err(|error| error.to_string())?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if line.eq_ignore_ascii_case("transfer-encoding: chunked") {
            chunked = true;
        }
    }
    let mut body = String::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader
                .read_line(&mut size)
                .map_err(|error| error.to_string())?;
            let size = usize::from_str_radix(size.trim(), 16)
                .map_err(|error| format!("bad chunk size: {error}"))?;
            let mut chunk = vec![0; size + 2];
            reader
                .read_exact(&mut chunk)
                .map_err(|error| error.to_string())?;
            if size == 0 {
                break;
            }
            body.push_str(&String::from_utf8_lossy(&chunk[..size]));
        }
    } else {
        reader
            .read_to_string(&mut body)
            .map_err(|error| error.to_string())?;
    }
    Ok((status, body))
}
