//! Kbuild object lines from a Makefile or Kbuild file, and the crates `rust/Makefile` builds.
//!
//! Kbuild decides what is compiled with assignments such as
//!
//! ```make
//! obj-$(CONFIG_X) += a.o b/ c.o     # a.o and c.o built when X is y or m, folder b/ entered
//! obj-y += d.o
//! foo-y := x.o y.o                  # composite: foo.o is linked from x.o and y.o
//! foo-$(CONFIG_Y) += z.o            # ... plus z.o when Y is set
//! foo-objs := x.o                   # older spelling of foo-y
//! ```
//!
//! [`parse`] returns one [`KbuildEntry`] per such assignment (`+=`, `:=`, `=`, `?=`), with the
//! make conditionals (`ifdef`, `ifndef`, `ifeq`, `ifneq`, `else`, `endif`) that enclose it.
//! Line continuations and `#` comments are handled as make does; recipe lines and
//! `define ... endef` bodies are skipped; flag variables (`ccflags-y`, `CFLAGS_x.o`, ...) are
//! not object lines and are left out.
//!
//! [`find_object`] answers "is `foo.o` listed here, and under which symbol": directly
//! (`obj-$(CONFIG_X) += foo.o`) or as a part of a composite (`bar-y += foo.o` with
//! `obj-$(CONFIG_X) += bar.o`). Guards matter: Linux 6.12–7.3 build the Rust ASIX PHY driver with
//!
//! ```make
//! ifdef CONFIG_AX88796B_RUST_PHY
//!   obj-$(CONFIG_AX88796B_PHY) += ax88796b_rust.o
//! else
//!   obj-$(CONFIG_AX88796B_PHY) += ax88796b.o
//! endif
//! ```
//!
//! so the listing's `config` is `CONFIG_AX88796B_PHY` and its guard `ifdef CONFIG_AX88796B_RUST_PHY`.
//!
//! [`rust_makefile_crates`] reads `rust/Makefile`'s build rules: every rule whose recipe calls
//! `rustc_library` (target crates), `rustc_procmacro` (proc macros) or `rustc_procmacrolibrary`
//! (host libraries for proc macros, 7.x: proc-macro2, quote, syn). Names come from the target
//! (`$(obj)/kernel.o`, `$(obj)/libmacros.so`, `$(obj)/host/libsyn.rlib`, or a variable set with
//! `$(call procmacro-name,macros)`), roots from the first `.rs` prerequisite.

use serde::Serialize;
use smol_str::SmolStr;
use std::borrow::Cow;
use std::sync::Arc;

/// One make conditional enclosing an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guard {
    /// `ifdef`, `ifndef`, `ifeq` or `ifneq`.
    pub directive: String,
    /// The rest of the directive line: a variable name, or `(a,b)` / `"a" "b"`.
    pub argument: String,
    /// True in the `else` branch of the directive.
    pub negated: bool,
}

impl Guard {
    /// The guard as make would read it, `!` in front when negated: `ifdef CONFIG_X`,
    /// `!ifdef CONFIG_X`.
    pub fn describe(&self) -> String {
        format!(
            "{}{} {}",
            if self.negated { "!" } else { "" },
            self.directive,
            self.argument
        )
    }

    /// The variable an `ifdef`/`ifndef` guard tests, if it is a `CONFIG_` symbol.
    pub fn config(&self) -> Option<&str> {
        let name = self.argument.trim();
        (matches!(self.directive.as_str(), "ifdef" | "ifndef") && name.starts_with("CONFIG_"))
            .then_some(name)
    }
}

/// One object assignment. Kept small, since a Makefile may hold a million of them: words are
/// stored inline when short ([`SmolStr`]), and the assignments of one branch share its guards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbuildEntry {
    /// `obj`, `lib`, `always`, `hostprogs`, `subdir`, ... or the composite's name (`foo` for
    /// `foo-y`).
    pub target: SmolStr,
    /// What follows the last `-`: `y`, `m`, `objs`, `$(CONFIG_X)` or another `$(...)`.
    pub suffix: SmolStr,
    /// The symbol of a `$(CONFIG_X)` (or `${CONFIG_X}`) suffix.
    pub config: Option<SmolStr>,
    /// `+=`, `:=`, `=`, `?=` or `::=`.
    pub operator: SmolStr,
    /// The words assigned, `$(...)` references kept whole.
    pub objects: Box<[SmolStr]>,
    /// Enclosing conditionals, outermost first; shared by the assignments of one branch.
    pub guards: Arc<[Guard]>,
    /// 1-based line of the assignment.
    pub line: usize,
}

/// Where and how an object is listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectListing {
    /// The object asked for, `foo.o`.
    pub object: String,
    /// The list it is linked into: `obj`, `lib`, ...
    pub list: String,
    /// The symbol of the `obj-$(CONFIG_X)` line (of the composite's line when `composite` is
    /// set); `None` for `obj-y`/`obj-m`.
    pub config: Option<String>,
    /// The composite it is a part of (`bar` for `bar-y += foo.o`).
    pub composite: Option<String>,
    /// The symbol of the part line itself (`bar-$(CONFIG_Y) += foo.o`).
    pub part_config: Option<String>,
    /// Conditionals around the listing line(s), outermost first (the composite's, then the
    /// part's).
    pub guards: Vec<Guard>,
    /// Conditionals around the `obj-...` line alone (the composite's, for a part): what
    /// decides whether the module is built, as opposed to whether a part is linked into it
    /// (`ifdef CONFIG_RUST` around `kasan_test-objs += kasan_test_rust.o`).
    pub object_guards: Vec<Guard>,
    /// Line of the `obj-...` assignment that builds the object (or its composite).
    pub line: usize,
}

/// Lists that link objects into the kernel or a module.
const OBJECT_LISTS: &[&str] = &["obj", "lib"];

/// Parses the assignments of a Makefile or Kbuild file. Never fails: lines it does not
/// understand are skipped.
pub fn parse(text: &str) -> Vec<KbuildEntry> {
    parse_where(text, &|_| true)
}

/// [`parse`], keeping only the assignments `keep` accepts: a caller that needs a few lines of
/// a Makefile does not hold all of them (a Makefile may list a million objects).
pub fn parse_where(text: &str, keep: &dyn Fn(&KbuildEntry) -> bool) -> Vec<KbuildEntry> {
    let mut entries = Vec::new();
    for_each_entry(text, &mut |entry| {
        if keep(&entry) {
            entries.push(entry);
        }
    });
    entries.shrink_to_fit();
    entries
}

/// The assignments of a Makefile or Kbuild file ([`parse`]'s), each handed to `visit` in file
/// order: a caller that keeps a summary of each line never holds them all.
pub fn for_each_entry(text: &str, visit: &mut dyn FnMut(KbuildEntry)) {
    // Frames of conditionals; each frame holds the conditions of its branches so far.
    let mut frames: Vec<Vec<Guard>> = Vec::new();
    let mut in_rule = false;
    let mut in_define = 0usize;
    // The guards of the current branch, made again only after a conditional line.
    let mut guards: Option<Arc<[Guard]>> = None;
    for (line_no, raw) in super::logical_lines(text) {
        if raw.starts_with('\t') && in_rule {
            continue; // recipe
        }
        let line = strip_comment(&raw);
        let trimmed = line.trim();
        let first_word = trimmed.split_whitespace().next().unwrap_or("");
        if in_define > 0 {
            match first_word {
                "endef" => in_define -= 1,
                "define" => in_define += 1,
                _ => {}
            }
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        in_rule = false;
        let rest = trimmed[first_word.len()..].trim();
        match first_word {
            "define" => {
                in_define = 1;
                continue;
            }
            "ifdef" | "ifndef" | "ifeq" | "ifneq" => {
                frames.push(vec![guard(first_word, rest)]);
                guards = None;
                continue;
            }
            "else" => {
                guards = None;
                if let Some(frame) = frames.last_mut() {
                    if let Some(last) = frame.last_mut() {
                        last.negated = true;
                    }
                    let next = rest.split_whitespace().next().unwrap_or("");
                    if matches!(next, "ifdef" | "ifndef" | "ifeq" | "ifneq") {
                        frame.push(guard(next, rest[next.len()..].trim()));
                    }
                }
                continue;
            }
            "endif" => {
                frames.pop();
                guards = None;
                continue;
            }
            _ => {}
        }
        match split_assignment(trimmed) {
            Some((lhs, operator, value)) => {
                let lhs = lhs.trim_start_matches("override ").trim();
                let lhs = lhs.trim_start_matches("export ").trim();
                if let Some((target, suffix)) = split_target(lhs) {
                    if is_flag_variable(target) {
                        continue;
                    }
                    let guards =
                        guards.get_or_insert_with(|| frames.iter().flatten().cloned().collect());
                    let entry = KbuildEntry {
                        target: target.into(),
                        suffix: suffix.into(),
                        config: config_of(suffix).map(SmolStr::from),
                        operator: operator.into(),
                        objects: words(value).into_iter().map(SmolStr::from).collect(),
                        guards: Arc::clone(guards),
                        line: line_no,
                    };
                    visit(entry);
                }
            }
            None => {
                // A rule line `targets: prerequisites` (not `include`, `$(call ...)`, ...).
                in_rule = find_top_level(trimmed, b':').is_some();
            }
        }
    }
}

/// Finds how `stem.o` is listed: directly in `obj-...`/`lib-...`, or as a part of a composite
/// object that is. `stem` may carry a folder relative to the Makefile (`sub/foo`). All
/// listings are returned, in file order (several when a file is listed under different guards).
pub fn find_object(entries: &[KbuildEntry], stem: &str) -> Vec<ObjectListing> {
    let object = format!("{stem}.o");
    let mut out = Vec::new();
    let mut composite_parts: Vec<&KbuildEntry> = Vec::new();
    for entry in entries {
        if !entry.objects.iter().any(|o| *o == object) {
            continue;
        }
        if OBJECT_LISTS.contains(&entry.target.as_str()) {
            out.push(ObjectListing {
                object: object.clone(),
                list: entry.target.to_string(),
                config: entry.config.as_ref().map(SmolStr::to_string),
                composite: None,
                part_config: None,
                guards: entry.guards.to_vec(),
                object_guards: entry.guards.to_vec(),
                line: entry.line,
            });
        } else if is_composite_suffix(&entry.suffix) {
            composite_parts.push(entry);
        }
    }
    for part in composite_parts {
        let composite_object = format!("{}.o", part.target);
        for entry in entries {
            if OBJECT_LISTS.contains(&entry.target.as_str())
                && entry.objects.iter().any(|o| *o == composite_object)
            {
                let mut guards = entry.guards.to_vec();
                for g in part.guards.iter() {
                    if !guards.contains(g) {
                        guards.push(g.clone());
                    }
                }
                out.push(ObjectListing {
                    object: object.clone(),
                    list: entry.target.to_string(),
                    config: entry.config.as_ref().map(SmolStr::to_string),
                    composite: Some(part.target.to_string()),
                    part_config: part.config.as_ref().map(SmolStr::to_string),
                    guards,
                    object_guards: entry.guards.to_vec(),
                    line: entry.line,
                });
            }
        }
    }
    out.sort_by_key(|l| l.line);
    out.dedup();
    out
}

/// [`find_object`] over the texts of a folder's Makefile and Kbuild (either may be empty).
pub fn find_object_in(texts: &[&str], stem: &str) -> Vec<ObjectListing> {
    let entries: Vec<KbuildEntry> = texts.iter().flat_map(|t| parse(t)).collect();
    find_object(&entries, stem)
}

/// The folders a Makefile descends into from its object lists (`obj-$(CONFIG_X) += sub/`),
/// with the symbol of each line.
pub fn subdirs(entries: &[KbuildEntry]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for entry in entries {
        if OBJECT_LISTS.contains(&entry.target.as_str()) || entry.target == "subdir" {
            for word in &entry.objects {
                if let Some(dir) = word.strip_suffix('/') {
                    out.push((
                        dir.to_string(),
                        entry.config.as_ref().map(SmolStr::to_string),
                    ));
                }
            }
        }
    }
    out
}

/// How `rust/Makefile` builds a crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrateKind {
    /// `rustc_library`: a crate of the kernel image (core, kernel, bindings, ...).
    Library,
    /// `rustc_procmacro`: a procedural-macro crate run by the compiler (macros, ...).
    ProcMacro,
    /// `rustc_procmacrolibrary`: a host library used by proc macros (proc-macro2, quote, syn).
    HostLibrary,
}

/// A crate `rust/Makefile` builds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustCrate {
    /// Crate name as rustc sees it (`pin_init`, `proc_macro2`).
    pub name: String,
    /// How it is built.
    pub kind: CrateKind,
    /// The crate root as written with `$(src)` replaced by `rust` (`rust/kernel/lib.rs`);
    /// `$(RUST_LIB_SRC)/core/src/lib.rs` (outside the tree) is kept as written.
    pub root: Option<String>,
    /// 1-based line of the rule.
    pub line: usize,
}

/// The crates built by `rust/Makefile`, in the order of their rules. Test-only builds
/// (`rustc_test_library`, `rustc_test`) and rustdoc rules are not included.
pub fn rust_makefile_crates(text: &str) -> Vec<RustCrate> {
    let lines: Vec<(usize, Cow<'_, str>)> = super::logical_lines(text).collect();
    // Variables naming proc-macro files: `libmacros_name := $(call procmacro-name,macros)`.
    let mut name_vars: Vec<(String, String)> = Vec::new();
    for (_, line) in &lines {
        if let Some((lhs, _, value)) = split_assignment(line.trim()) {
            let value = value.trim();
            if let Some(arg) = value
                .strip_prefix("$(call procmacro-name,")
                .and_then(|v| v.strip_suffix(')'))
            {
                name_vars.push((lhs.trim().to_string(), arg.trim().to_string()));
            }
        }
    }
    let mut crates: Vec<RustCrate> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (line_no, line) = &lines[i];
        i += 1;
        if line.starts_with('\t') || split_assignment(line.trim()).is_some() {
            continue;
        }
        let line = strip_comment(line);
        let Some(colon) = find_top_level(&line, b':') else {
            continue;
        };
        let (targets, prereqs) = (&line[..colon], &line[colon + 1..]);
        let prereqs = prereqs.trim();
        if prereqs.starts_with("private ") || find_top_level(prereqs, b'=').is_some() {
            continue; // target-specific variable
        }
        // The recipe: following lines that start with a tab.
        let mut kind = None;
        while i < lines.len() && lines[i].1.starts_with('\t') {
            kind = kind.or_else(|| recipe_kind(&lines[i].1));
            i += 1;
        }
        let Some(kind) = kind else { continue };
        let root = words(prereqs)
            .into_iter()
            .find(|w| w.ends_with(".rs"))
            .map(|w| match w.strip_prefix("$(src)/") {
                Some(rest) => format!("rust/{rest}"),
                None => w.to_string(),
            });
        for target in words(targets) {
            if let Some(name) = crate_name(target, &name_vars) {
                if !crates.iter().any(|c| c.name == name) {
                    crates.push(RustCrate {
                        name,
                        kind,
                        root: root.clone(),
                        line: *line_no,
                    });
                }
            }
        }
    }
    crates
}

fn recipe_kind(line: &str) -> Option<CrateKind> {
    // `+$(call if_changed_rule,rustc_library)`, `$(call if_changed_dep,rustc_procmacro)`, ...
    let mut kind = None;
    for (at, _) in line.match_indices(",rustc_") {
        let name: String = line[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        kind = kind.or(match name.as_str() {
            "rustc_library" => Some(CrateKind::Library),
            "rustc_procmacro" => Some(CrateKind::ProcMacro),
            "rustc_procmacrolibrary" => Some(CrateKind::HostLibrary),
            _ => None,
        });
    }
    kind
}

fn crate_name(target: &str, name_vars: &[(String, String)]) -> Option<String> {
    let file = target.strip_prefix("$(obj)/").unwrap_or(target);
    let file = file.rsplit('/').next().unwrap_or(file);
    if let Some(var) = file.strip_prefix("$(").and_then(|f| f.strip_suffix(')')) {
        return name_vars
            .iter()
            .find(|(name, _)| name == var)
            .map(|(_, krate)| krate.clone());
    }
    if file.contains('$') {
        return None;
    }
    if let Some(stem) = file.strip_suffix(".o") {
        return Some(stem.to_string());
    }
    let lib = file.strip_prefix("lib")?;
    let stem = lib.rsplit_once('.').map(|(s, _)| s).unwrap_or(lib);
    (!stem.is_empty()).then(|| stem.to_string())
}

fn guard(directive: &str, argument: &str) -> Guard {
    Guard {
        directive: directive.to_string(),
        argument: argument.trim().to_string(),
        negated: false,
    }
}

/// The line without its comment: make starts a comment at any `#` not escaped as `\#`.
fn strip_comment(line: &str) -> Cow<'_, str> {
    let bytes = line.as_bytes();
    let Some(first) = memchr::memchr(b'#', bytes) else {
        return Cow::Borrowed(line);
    };
    if first == 0 || bytes[first - 1] != b'\\' {
        return Cow::Borrowed(&line[..first]);
    }
    let mut out = String::with_capacity(line.len());
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1) == Some(&b'#') => {
                out.push_str(&line[start..i]);
                out.push('#');
                i += 2;
                start = i;
            }
            b'#' => {
                out.push_str(&line[start..i]);
                return Cow::Owned(out);
            }
            _ => i += 1,
        }
    }
    out.push_str(&line[start..]);
    Cow::Owned(out)
}

/// Byte position of `needle` outside `$(...)`/`${...}`.
fn find_top_level(text: &str, needle: u8) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match b {
            b'(' | b'{' => depth += 1,
            b')' | b'}' => depth = depth.saturating_sub(1),
            _ if b == needle && depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// `lhs op value` for a make variable assignment, or `None` for other lines (rules, include,
/// function calls, ...).
fn split_assignment(line: &str) -> Option<(&str, &str, &str)> {
    let bytes = line.as_bytes();
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' | b'{' => depth += 1,
            b')' | b'}' => depth = depth.saturating_sub(1),
            b'=' if depth == 0 => {
                let mut start = i;
                while start > 0 && matches!(bytes[start - 1], b':' | b'+' | b'?' | b'!') {
                    start -= 1;
                }
                let lhs = &line[..start];
                if lhs.trim().is_empty() || lhs.trim().contains(char::is_whitespace) {
                    // `override`/`export` prefixes are the only spaces allowed on the left.
                    let t = lhs.trim();
                    if !(t.starts_with("override ") || t.starts_with("export ")) {
                        return None;
                    }
                }
                return Some((lhs, &line[start..=i], &line[i + 1..]));
            }
            b':' if depth == 0
                && bytes.get(i + 1) != Some(&b'=')
                && bytes.get(i + 1) != Some(&b':') =>
            {
                return None; // a rule
            }
            _ => {}
        }
    }
    None
}

/// Splits `name-suffix` at the dash before the suffix (`y`, `m`, `objs`, `$(...)`).
fn split_target(lhs: &str) -> Option<(&str, &str)> {
    let lhs = lhs.trim();
    let suffix_start = if lhs.ends_with(')') || lhs.ends_with('}') {
        // Find the `$(` that opens the final reference.
        let bytes = lhs.as_bytes();
        let mut depth = 0usize;
        let mut open = None;
        for i in (0..bytes.len()).rev() {
            match bytes[i] {
                b')' | b'}' => depth += 1,
                b'(' | b'{' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        open = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let open = open?;
        if open == 0 || bytes[open - 1] != b'$' {
            return None;
        }
        open - 1
    } else {
        let dash = lhs.rfind('-')?;
        let suffix = &lhs[dash + 1..];
        if !matches!(suffix, "y" | "m" | "objs" | "n") {
            return None;
        }
        dash + 1
    };
    if suffix_start < 2 || lhs.as_bytes()[suffix_start - 1] != b'-' {
        return None;
    }
    let target = &lhs[..suffix_start - 1];
    if target.is_empty() {
        return None;
    }
    Some((target, &lhs[suffix_start..]))
}

fn config_of(suffix: &str) -> Option<String> {
    let inner = suffix
        .strip_prefix("$(")
        .and_then(|s| s.strip_suffix(')'))
        .or_else(|| suffix.strip_prefix("${").and_then(|s| s.strip_suffix('}')))?;
    let ok = inner.starts_with("CONFIG_")
        && inner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    ok.then(|| inner.to_string())
}

fn is_composite_suffix(suffix: &str) -> bool {
    matches!(suffix, "y" | "objs" | "m") || suffix.starts_with("$(") || suffix.starts_with("${")
}

fn is_flag_variable(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    lower.contains("flags") || lower.starts_with("cflags_") || lower.contains("sanitize")
}

/// Whitespace-separated words, `$(...)` kept whole even when it contains spaces.
fn words(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    // Where the current word starts. Inside `(...)` a word has started (at the parenthesis
    // at the latest), and it ends only at depth 0.
    let mut start: Option<usize> = None;
    let mut depth = 0usize;
    for (i, c) in value.char_indices() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => {
                if let Some(from) = start.take() {
                    out.push(&value[from..i]);
                }
                continue;
            }
            _ => {}
        }
        start.get_or_insert(i);
    }
    if let Some(from) = start {
        out.push(&value[from..]);
    }
    out
}

#[cfg(test)]
mod tests;
