//! `kcensus report --format html`: strings from the tree are escaped, the page is
//! deterministic, and it renders in headless Chromium with the network blocked — no console
//! warnings or errors, every chart drawn, tables that sort — with a full-page screenshot kept
//! under `target/html-artifacts/`.
//!
//! The browser test needs `chromium` and `chromedriver` on `PATH` (Debian packages `chromium`
//! and `chromium-driver`). Without them it is skipped with a note on stderr, unless
//! `KCENSUS_REQUIRE_CHROMIUM=1` is set (as in CI), which makes their absence a failure. It
//! speaks the W3C WebDriver protocol to chromedriver over a minimal HTTP/1.1 client below.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;
use common::{kcensus_ok, tree};

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Markup in every kind of string the tree supplies: the version, a module's docs, a driver's
/// name, authors and description.
const EVIL_DRIVER: &str = r#"//! An evil driver.

module! {
    type: Evil,
    name: "evil<script>alert(1)</script>",
    authors: ["<script>alert(1)</script>", "\"quotes'", "Tom &amp; Jerry"],
    description: "</style><b>not bold</b>",
    license: "GPL",
}
"#;

/// A small kernel-like tree: the top Makefile, a `kernel` crate with the `modules` given as
/// (name, source), and one driver per (name, source) under `drivers/`.
fn kernel_tree(
    makefile: &str,
    modules: &[(&str, &str)],
    drivers: &[(&str, &str)],
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "Makefile", makefile);
    let declarations: String = modules
        .iter()
        .map(|(name, _)| format!("pub mod {name};\n"))
        .collect();
    write(
        root,
        "rust/kernel/lib.rs",
        &format!("//! The kernel crate.\n\n{declarations}"),
    );
    for (name, source) in modules {
        write(root, &format!("rust/kernel/{name}.rs"), source);
    }
    for (name, source) in drivers {
        write(
            root,
            &format!("drivers/{name}/Makefile"),
            &format!("obj-$(CONFIG_{}) += {name}.o\n", name.to_uppercase()),
        );
        write(root, &format!("drivers/{name}/{name}.rs"), source);
    }
    dir
}

/// A tree whose strings carry markup: the version, a module's docs, a driver's name, authors
/// and description.
fn fixture() -> tempfile::TempDir {
    kernel_tree(
        "VERSION = 7\nPATCHLEVEL = 9\nSUBLEVEL = 0\nEXTRAVERSION = -rc1<script>alert(1)</script>\n",
        &[(
            "sync",
            "//! Sync </style><script>alert(1)</script> & \"q\".\n\npub fn f() {\n    \
             // SAFETY: nothing to uphold.\n    unsafe { g() };\n}\n",
        )],
        &[("evil", EVIL_DRIVER)],
    )
}

/// A release's tree, for history and diff: Linux `6.1`, `6.12` or `7.3` (dated by the release
/// table), with `size` modules and drivers, each with more `unsafe` as `size` grows.
fn release(version: (u32, u32), size: usize) -> tempfile::TempDir {
    let unsafe_code = |n: usize| {
        let mut code = String::from("//! Code.\n\npub fn f() {\n");
        for i in 0..n {
            code.push_str(&format!("    // SAFETY: none.\n    unsafe {{ g({i}) }};\n"));
        }
        code.push_str("}\n");
        code
    };
    let modules: Vec<(String, String)> = (0..size)
        .map(|i| (format!("m{i}"), unsafe_code(2 * (i + size))))
        .collect();
    let drivers: Vec<(String, String)> = (0..size)
        .map(|i| {
            (
                format!("d{i}"),
                format!(
                    "module! {{ type: D, name: \"d{i}\", authors: [\"A\"], license: \"GPL\" }}\n{}",
                    unsafe_code(i + size)
                ),
            )
        })
        .collect();
    let makefile = format!(
        "VERSION = {}\nPATCHLEVEL = {}\nSUBLEVEL = 0\nEXTRAVERSION =\n",
        version.0, version.1
    );
    kernel_tree(&makefile, &borrowed(&modules), &borrowed(&drivers))
}

/// (name, source) pairs as string slices.
fn borrowed(items: &[(String, String)]) -> Vec<(&str, &str)> {
    items
        .iter()
        .map(|(name, source)| (name.as_str(), source.as_str()))
        .collect()
}

/// `kcensus` with these arguments, `--format html` and without the fact cache.
fn html(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--format", "html", "--no-cache"]);
    kcensus_ok(&all)
}

fn html_of(tree: &Path) -> String {
    html(&["report", &tree.to_string_lossy()])
}

/// Tree strings appear as escaped text: no markup from the tree reaches the page raw, and the
/// page's own `<style>` and `<script>` are its only ones.
#[test]
fn tree_strings_are_escaped() {
    let dir = fixture();
    let html = html_of(dir.path());
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script>alert"), "raw script in:\n{html}");
    assert!(!lower.contains("<b>not bold"), "raw markup in:\n{html}");
    assert_eq!(
        lower.matches("<script").count(),
        1,
        "one script, the page's"
    );
    assert_eq!(
        lower.matches("</style>").count(),
        1,
        "one stylesheet, the page's"
    );
    // Each string, as text: the title, the driver's name, authors and description, a module's
    // docs.
    assert!(html
        .contains("<title>Rust in Linux 7.9.0-rc1&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    assert!(html.contains("<strong>evil&lt;script&gt;alert(1)&lt;/script&gt;</strong>"));
    assert!(html
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;, &quot;quotes&#39;, Tom &amp;amp; Jerry"));
    assert!(html.contains("&lt;/style&gt;&lt;b&gt;not bold&lt;/b&gt;"));
    assert!(html
        .contains("Sync &lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;."));
}

/// Two runs give byte-identical pages.
#[test]
fn page_is_deterministic() {
    let dir = fixture();
    assert_eq!(html_of(dir.path()), html_of(dir.path()));
}

/// The history and diff pages escape tree strings too (the markup fixture is their last
/// release), and are deterministic.
#[test]
fn history_and_diff_pages_escape_and_are_deterministic() {
    let (old, middle, evil) = (release((6, 1), 1), release((6, 12), 2), fixture());
    let path = |t: &tempfile::TempDir| t.path().to_string_lossy().into_owned();
    let (old, middle, evil) = (path(&old), path(&middle), path(&evil));
    for args in [
        vec!["history", old.as_str(), middle.as_str(), evil.as_str()],
        vec!["diff", old.as_str(), evil.as_str()],
    ] {
        let page = html(&args);
        let lower = page.to_lowercase();
        assert!(!lower.contains("<script>alert"), "{}: raw script", args[0]);
        assert_eq!(lower.matches("<script").count(), 1, "{}", args[0]);
        assert_eq!(lower.matches("</style>").count(), 1, "{}", args[0]);
        assert!(
            page.contains("7.9.0-rc1&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{}: the version, escaped",
            args[0]
        );
        assert_eq!(page, html(&args), "{}: not deterministic", args[0]);
    }
}

/// The page references nothing outside itself: no URL but the SVG namespace, and a
/// Content-Security-Policy that allows no network source.
#[test]
fn page_is_self_contained() {
    let dir = fixture();
    let html = html_of(dir.path());
    let urls: Vec<&str> = html
        .match_indices("http")
        .map(|(at, _)| &html[at..html.len().min(at + 40)])
        .filter(|u| !u.starts_with("http://www.w3.org/2000/svg\"") && !u.starts_with("http-equiv"))
        .collect();
    assert!(urls.is_empty(), "external references: {urls:?}");
    assert!(html.contains("content=\"default-src 'none'; style-src 'sha256-"));
    assert!(!html.contains("src=\""), "no element loads a source");
}

// ---- The browser test -------------------------------------------------------------------

/// Whether the browser test must run (CI) rather than be skipped without Chromium.
fn chromium_required() -> bool {
    std::env::var("KCENSUS_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1")
}

/// A program on `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}

/// Where the test keeps its screenshots and pages: `target/html-artifacts/`.
fn artifacts_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("html-artifacts");
    std::fs::create_dir_all(&dir).expect("create target/html-artifacts");
    dir
}

/// A chromedriver process, stopped when dropped.
struct ChromeDriver {
    process: Child,
    port: u16,
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl ChromeDriver {
    fn start(program: &Path) -> ChromeDriver {
        // A free port, as the system hands it out; chromedriver listens on it right after.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let process = Command::new(program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = ChromeDriver { process, port };
        let start = Instant::now();
        while driver.call("GET", "/status", None).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "chromedriver did not answer within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    /// One WebDriver command: the response's `value`, or the error WebDriver reports.
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut stream =
            TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| format!("connect: {e}"))?;
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .map_err(|e| e.to_string())?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        )
        .map_err(|e| format!("send {method} {path}: {e}"))?;
        // chromedriver keeps the connection open after answering: read the body by its length
        // (or its chunks) rather than to the end of the stream.
        let mut reader = BufReader::new(stream);
        let mut length = None;
        let mut chunked = false;
        loop {
            let mut line = String::new();
            reader
                .read_line(&mut line)
                .map_err(|e| format!("read the answer to {method} {path}: {e}"))?;
            let line = line.trim_end().to_ascii_lowercase();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("content-length:") {
                length = n.trim().parse::<usize>().ok();
            }
            chunked |= line == "transfer-encoding: chunked";
        }
        let payload = if chunked {
            read_chunks(&mut reader)
        } else {
            let mut body = vec![0; length.ok_or("an answer without Content-Length")?];
            reader.read_exact(&mut body).map(|_| body)
        }
        .map_err(|e| format!("read the answer to {method} {path}: {e}"))?;
        let payload = String::from_utf8_lossy(&payload);
        let value: Value = serde_json::from_str(&payload)
            .map_err(|e| format!("{method} {path}: not JSON ({e}): {payload}"))?;
        let value = value.get("value").cloned().unwrap_or(Value::Null);
        match value.get("error") {
            Some(error) => Err(format!("{method} {path}: {error}: {}", value["message"])),
            None => Ok(value),
        }
    }
}

/// The body of a chunked HTTP/1.1 response.
fn read_chunks(reader: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        reader.read_line(&mut size)?;
        let size = usize::from_str_radix(size.trim(), 16)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        let mut chunk = vec![0; size + 2]; // the chunk and its CRLF
        reader.read_exact(&mut chunk)?;
        if size == 0 {
            return Ok(body);
        }
        body.extend_from_slice(&chunk[..size]);
    }
}

/// A browser session, closed when dropped.
struct Session<'a> {
    driver: &'a ChromeDriver,
    id: String,
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = self
            .driver
            .call("DELETE", &format!("/session/{}", self.id), None);
    }
}

impl Session<'_> {
    /// A headless Chromium with the network blocked: every request goes to a proxy on the
    /// discard port, and no host name resolves.
    fn open<'a>(driver: &'a ChromeDriver, chromium: &Path, profile: &Path) -> Session<'a> {
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--proxy-server=127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1280,1000",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([format!("--user-data-dir={}", profile.display())])
        .collect::<Vec<_>>();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}});
        let value = driver
            .call("POST", "/session", Some(&capabilities))
            .unwrap_or_else(|e| panic!("start Chromium: {e}"));
        let id = value["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        Session { driver, id }
    }

    fn call(&self, method: &str, command: &str, body: Value) -> Value {
        let path = format!("/session/{}/{command}", self.id);
        let body = (method == "POST").then_some(&body);
        self.driver
            .call(method, &path, body)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn run(&self, script: &str) -> Value {
        self.call(
            "POST",
            "execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    /// Click the element `selector` finds, as a user would.
    fn click(&self, selector: &str) {
        let element = self.call(
            "POST",
            "element",
            json!({"using": "css selector", "value": selector}),
        );
        let id = element
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {selector}"))
            .to_string();
        self.call("POST", &format!("element/{id}/click"), json!({}));
    }

    /// Browser console messages of level warning or above since the last call.
    fn console_problems(&self) -> Vec<String> {
        let log = self.call("POST", "se/log", json!({"type": "browser"}));
        log.as_array()
            .into_iter()
            .flatten()
            .filter(|entry| matches!(entry["level"].as_str(), Some("WARNING" | "SEVERE")))
            .map(|entry| format!("{}: {}", entry["level"], entry["message"]))
            .collect()
    }

    /// A PNG of the whole page, not only the window.
    fn full_page_screenshot(&self) -> Vec<u8> {
        use base64::Engine as _;
        let size = self.run(
            "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight];",
        );
        let shot = self.call(
            "POST",
            "goog/cdp/execute",
            json!({"cmd": "Page.captureScreenshot", "params": {
                "format": "png",
                "captureBeyondViewport": true,
                "clip": {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1},
            }}),
        );
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("screenshot data"))
            .expect("base64 PNG")
    }
}

/// Per chart: its name and how many of its shapes have a non-empty box; and the resources the
/// page requested.
const INSPECT: &str = r#"
return {
  charts: Array.from(document.querySelectorAll("svg[data-chart]")).map((svg) => ({
    id: svg.dataset.chart,
    width: svg.getBoundingClientRect().width,
    shapes: Array.from(svg.querySelectorAll("rect, path, circle"))
      .filter((s) => { const b = s.getBBox(); return b.width > 0 && b.height > 0; }).length,
  })),
  resources: performance.getEntriesByType("resource").map((e) => e.name),
  text: document.body.innerText,
  scripts: document.scripts.length,
};
"#;

/// What a page must show in the browser: its charts, in order, and a sortable table to click.
struct Expected<'a> {
    /// The `data-chart` names of its charts.
    charts: &'a [&'a str],
    /// A CSS selector of a sortable table, and a numeric column of it (1-based).
    sortable: (&'a str, usize),
}

/// The sort keys of column `column` (1-based) of the table `table`, and its header's order.
fn column_of(session: &Session<'_>, table: &str, column: usize) -> (Vec<f64>, Value) {
    let value = session.run(&format!(
        "const t = document.querySelector({table:?});
         return [Array.from(t.tBodies[0].rows, (r) => Number(r.cells[{i}].dataset.sort)),
                 t.tHead.rows[0].cells[{i}].getAttribute('aria-sort')];",
        i = column - 1
    ));
    let numbers = value[0]
        .as_array()
        .expect("numbers")
        .iter()
        .map(|v| v.as_f64().expect("a number"))
        .collect();
    (numbers, value[1].clone())
}

/// Load `page` and check it: no console warnings or errors, no request, every chart drawn, a
/// table sorts on a click; save a full-page screenshot as `name.png`. Returns what
/// [`INSPECT`] found.
fn check_in_browser(session: &Session<'_>, page: &Path, name: &str, expected: &Expected) -> Value {
    let url = format!("file://{}", page.display());
    session.call("POST", "url", json!({ "url": url }));
    let state = session.run(INSPECT);
    let charts = state["charts"].as_array().expect("charts");
    let ids: Vec<&str> = charts.iter().filter_map(|c| c["id"].as_str()).collect();
    assert_eq!(ids, expected.charts, "{name}: charts");
    for chart in charts {
        assert!(
            chart["width"].as_f64() > Some(300.0) && chart["shapes"].as_u64() > Some(0),
            "{name}: chart not drawn: {chart}"
        );
    }
    assert_eq!(
        state["resources"],
        json!([]),
        "{name}: the page requested resources"
    );
    assert_eq!(state["scripts"], 1, "{name}: scripts");

    // A numeric column sorts largest first on the first click, smallest first on the second.
    let (table, column) = expected.sortable;
    let button = format!("{table} thead th:nth-child({column}) button");
    session.click(&button);
    let (numbers, order) = column_of(session, table, column);
    assert_eq!(order, "descending", "{name}");
    assert!(
        numbers.windows(2).all(|w| w[0] >= w[1]),
        "{name}: not sorted, largest first: {numbers:?}"
    );
    session.click(&button);
    let (numbers, order) = column_of(session, table, column);
    assert_eq!(order, "ascending", "{name}");
    assert!(
        numbers.windows(2).all(|w| w[0] <= w[1]),
        "{name}: not sorted, smallest first: {numbers:?}"
    );

    let problems = session.console_problems();
    assert!(problems.is_empty(), "{name}: console: {problems:#?}");
    let png = session.full_page_screenshot();
    assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
    let shot = artifacts_dir().join(format!("{name}.png"));
    std::fs::write(&shot, png).expect("write the screenshot");
    eprintln!("screenshot: {}", shot.display());
    state
}

/// The report page's charts on any tree.
const REPORT_CHARTS: &[&str] = &[
    "areas-chart",
    "unsafe-chart",
    "categories-chart",
    "drivers-chart",
];

/// Rust rewrites beside their C originals (paired bars): drawn on a real tree (the fixture has
/// no pair, so its section says so in a sentence instead).
const TWINS_CHARTS: &[&str] = &["twins-chart"];

/// Rust's reach into the C API: drawn on a real tree (the fixture exports no C function, so its
/// reach section says so in a sentence instead).
const REACH_CHARTS: &[&str] = &["reach-chart", "reach-flow"];

/// The CVE section's charts after the reach charts, with `--cves`: records per million lines
/// by language, class shares, records by fix release.
const CVE_CHARTS: &[&str] = &[
    "cves-rates-chart",
    "cves-classes-chart",
    "cves-releases-chart",
];

/// The report page with the given chart groups after the report's own, and its drivers table
/// sorted by code lines (column 2).
fn report_page(groups: &[&'static [&'static str]]) -> Expected<'static> {
    let charts: Vec<&'static str> = std::iter::once(REPORT_CHARTS)
        .chain(groups.iter().copied())
        .flatten()
        .copied()
        .collect();
    Expected {
        charts: charts.leak(),
        sortable: ("#drivers table.sortable", 2),
    }
}

/// The history page: its trend charts and areas, and its table of figures sorted by the first
/// release's values (column 2).
const HISTORY_PAGE: Expected = Expected {
    charts: &[
        "growth-chart",
        "users-chart",
        "unsafe-chart",
        "density-chart",
        "areas-chart",
    ],
    sortable: ("#data table.sortable", 2),
};

/// The diff page: its change charts, and its area table sorted by code change (column 4).
const DIFF_PAGE: Expected = Expected {
    charts: &["areas-chart", "modules-chart", "drivers-chart"],
    sortable: ("#areas table.sortable", 4),
};

/// The report of Linux 7.3 (when fetched), the markup fixture's report, and history and diff
/// pages of three fixture releases, in headless Chromium with the network blocked.
#[test]
fn renders_in_headless_chromium() {
    let (Some(chromium), Some(chromedriver)) = (on_path("chromium"), on_path("chromedriver"))
    else {
        assert!(
            !chromium_required(),
            "KCENSUS_REQUIRE_CHROMIUM=1 but chromium or chromedriver is not on PATH \
             (Debian: apt-get install chromium chromium-driver)"
        );
        eprintln!("skipping: chromium and chromedriver not found (apt-get install chromium chromium-driver)");
        return;
    };
    let artifacts = artifacts_dir();
    let fixture = fixture();
    let fixture_page = artifacts.join("report-fixture.html");
    std::fs::write(&fixture_page, html_of(fixture.path())).unwrap();
    // The real report joins the kernel's CVE records when the shared snapshot is there.
    let vulns =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/kernel-vulns-2026-08-21.tar.xz");
    let vulns = vulns.exists().then_some(vulns);
    let real_page = tree("7.3").map(|tree| {
        let page = artifacts.join("report-7.3.html");
        let tree = tree.to_string_lossy().into_owned();
        let mut args = vec!["report", tree.as_str()];
        let vulns_arg = vulns.as_ref().map(|v| v.to_string_lossy().into_owned());
        if let Some(v) = &vulns_arg {
            args.extend(["--cves", v.as_str()]);
        }
        std::fs::write(&page, html(&args)).unwrap();
        page
    });

    // History over three dated releases (so with extrapolations) and the diff of the first
    // and last.
    let releases = [release((6, 1), 1), release((6, 12), 2), release((7, 3), 4)];
    let paths: Vec<String> = releases
        .iter()
        .map(|t| t.path().to_string_lossy().into_owned())
        .collect();
    let history_page = artifacts.join("history-fixture.html");
    let mut args = vec!["history"];
    args.extend(paths.iter().map(String::as_str));
    std::fs::write(&history_page, html(&args)).unwrap();
    let diff_page = artifacts.join("diff-fixture.html");
    std::fs::write(&diff_page, html(&["diff", &paths[0], &paths[2]])).unwrap();

    let profile = tempfile::tempdir().unwrap();
    let driver = ChromeDriver::start(&chromedriver);
    let session = Session::open(&driver, &chromium, profile.path());

    // The console is really watched: a page that logs an error and throws an uncaught
    // exception gives two problems.
    let noisy = artifacts.join("console-check.html");
    std::fs::write(
        &noisy,
        "<!DOCTYPE html><title>check</title>\
         <script>console.error('logged'); throw new Error('thrown');</script>",
    )
    .unwrap();
    session.call(
        "POST",
        "url",
        json!({ "url": format!("file://{}", noisy.display()) }),
    );
    let problems = session.console_problems();
    assert_eq!(
        problems.len(),
        2,
        "console problems went unseen: {problems:?}"
    );

    let state = check_in_browser(&session, &fixture_page, "report-fixture", &report_page(&[]));
    assert!(
        state["text"]
            .as_str()
            .is_some_and(|t| t.contains("Rust calls none of the C functions this tree exports.")),
        "report-fixture: the reach section's sentence"
    );
    assert!(
        state["text"]
            .as_str()
            .is_some_and(|t| t.contains("No Rust implementation of a C driver was found")),
        "report-fixture: the twins section's sentence"
    );
    // The markup in the tree's strings shows as text.
    let text = state["text"].as_str().expect("page text");
    for shown in [
        "Rust in Linux 7.9.0-rc1<script>alert(1)</script>",
        "<script>alert(1)</script>, \"quotes', Tom &amp; Jerry",
        "</style><b>not bold</b>",
    ] {
        assert!(text.contains(shown), "{shown:?} not shown as text");
    }
    let state = check_in_browser(&session, &history_page, "history-fixture", &HISTORY_PAGE);
    let text = state["text"].as_str().expect("page text");
    assert!(text.contains("extrapolation"), "history: no extrapolation");
    check_in_browser(&session, &diff_page, "diff-fixture", &DIFF_PAGE);
    if let Some(page) = real_page {
        let expected = if vulns.is_some() {
            report_page(&[TWINS_CHARTS, REACH_CHARTS, CVE_CHARTS])
        } else {
            eprintln!("the CVE section not checked: the shared CVE snapshot is absent");
            report_page(&[TWINS_CHARTS, REACH_CHARTS])
        };
        let state = check_in_browser(&session, &page, "report-7.3", &expected);
        let text = state["text"].as_str().expect("page text");
        assert!(text.contains("Rust in Linux 7.3"), "title");
        assert!(text.contains("rust_binder"), "drivers table");
        assert!(
            text.contains("Rust rewrites and their C originals")
                && text.contains("ANDROID_BINDER_IPC_RUST"),
            "the twins section"
        );
        if vulns.is_some() {
            assert!(
                text.contains("Safety in practice: the kernel's CVE records"),
                "the CVE section"
            );
        }
    }
}
