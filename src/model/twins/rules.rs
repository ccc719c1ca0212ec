//! The pairing rules: each a function over plain inputs (Kconfig entries with their file,
//! help text and `choice`; the Kbuild index; Rust module names) that says which Rust
//! Kconfig symbol re-implements which C one, with the line that says so.
//!
//! A *Rust symbol* builds at least one Rust crate root; a *C symbol* builds C sources and no
//! Rust ([`super::sources`] decides what a symbol builds). The rules:
//!
//! - `kconfig-name`: the Rust symbol with its `RUST` word taken out is the C symbol
//!   (`ANDROID_BINDER_IPC_RUST` → `ANDROID_BINDER_IPC`, `AX88796B_RUST_PHY` → `AX88796B_PHY`).
//! - `kconfig-depends-not`: the Rust symbol `depends on ... !C_SYMBOL` (the two exclude each
//!   other: Binder).
//! - `kconfig-prompt`: the Rust prompt, after `Rust` and a filler (`version of`, `based`,
//!   `reference driver for`, `implementation of`, `the`), names the C driver: its words are
//!   the C prompt's words, or a subsequence of them with at most two words more
//!   (`Rust null block driver` ~ `Null test block driver`); `(...)` asides are ignored.
//! - `kconfig-help`: the help text says `Rust implementation of X`, `Rust version of X` or
//!   `reference driver for X`, X matched as for the prompt.
//! - `kconfig-choice`: a `choice` of exactly two options, one Rust and one C.
//! - `makefile-alternative`: `ifdef CONFIG_R` lists a Rust object and its `else` a C object.
//! - `module-name`: the Rust module's name (its `module!` `name:`, or its object name without
//!   `rust_`/`_rust`/a leading `r`) is the C module's object name (`-` and `_` alike).
//!
//! `depends on !C`, prompt, help and module-name matches look only at C symbols of the same
//! subsystem folder (the first two components of the Kconfig file's or module's folder,
//! `drivers/block`, `lib`): `DRM_TYR` `depends on !GENERIC_ATOMIC64`, a library option, and
//! is no rewrite of it. A prompt or help phrase must match exactly one C symbol there: the
//! one whose prompt has exactly its words, else the only one it fits (`Generic DT based
//! cpufreq driver` also fits `Generic DT based cpufreq platdev driver`); a phrase that fits
//! several names none of them. Rust symbols are those that build a Rust crate outside
//! `rust/` (`RUST` itself `depends on !KASAN` and builds the `kernel` crate).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::model::kernel::kbuild;
use crate::model::kernel::kconfig::{self, indentation, KconfigEntry};

use super::sources::{BuiltModule, Source};
use super::Evidence;

/// A Kconfig entry with where it is and what the entry-level parse leaves out.
#[derive(Debug, Clone)]
pub struct SymbolInfo {
    /// The entry.
    pub entry: KconfigEntry,
    /// The Kconfig file.
    pub file: String,
    /// The help text (whitespace collapsed) and the line of its first text line.
    pub help: Option<(usize, String)>,
    /// Line of the `choice` the entry is an option of.
    pub choice: Option<usize>,
    /// Line of the prompt (the type or `prompt` line that holds it).
    pub prompt_line: Option<usize>,
    /// The `depends on` lines of the entry (line, expression as written).
    pub depends_lines: Vec<(usize, String)>,
}

/// Reads the entries of one Kconfig file with their help texts, `choice` and lines.
pub fn read_kconfig(path: &str, text: &str) -> Vec<SymbolInfo> {
    read_kconfig_entries(path, text, kconfig::parse(text))
}

/// [`read_kconfig`] from the file's entries as [`kconfig::parse`] gives them (the report
/// parses every Kconfig file once, for the platform and for twins).
pub fn read_kconfig_entries(path: &str, text: &str, entries: Vec<KconfigEntry>) -> Vec<SymbolInfo> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut choice: Option<usize> = None;
    let mut choice_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        match line.split_whitespace().next() {
            Some("choice") => choice = Some(i + 1),
            Some("endchoice") => choice = None,
            Some("config" | "menuconfig") => {
                if let Some(c) = choice {
                    choice_of.insert(i + 1, c);
                }
            }
            _ => {}
        }
    }
    for entry in entries {
        let mut info = SymbolInfo {
            file: path.to_string(),
            help: None,
            choice: choice_of.get(&entry.line).copied(),
            prompt_line: None,
            depends_lines: Vec::new(),
            entry,
        };
        read_attributes(&lines, &mut info);
        out.push(info);
    }
    out
}

/// The entry's attribute lines, up to the next entry or block keyword: prompt line, `depends
/// on` lines, help text (Kconfig's rule: the text ends at the first non-blank line indented
/// less than its first line).
fn read_attributes(lines: &[&str], info: &mut SymbolInfo) {
    let mut i = info.entry.line; // the line after `config` (0-based index)
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        let word = trimmed.split_whitespace().next().unwrap_or("");
        match word {
            "config" | "menuconfig" | "choice" | "endchoice" | "menu" | "endmenu" | "if"
            | "endif" | "comment" | "source" | "rsource" | "osource" | "orsource" => return,
            "bool" | "tristate" | "string" | "int" | "hex" | "prompt" | "boolean"
                if trimmed.contains('"') && info.prompt_line.is_none() =>
            {
                info.prompt_line = Some(i + 1);
            }
            "depends" => info.depends_lines.push((
                i + 1,
                trimmed.trim_start_matches("depends").trim().to_string(),
            )),
            "help" | "---help---" => {
                let mut text: Vec<&str> = Vec::new();
                let mut first: Option<(usize, usize)> = None; // (line, indent)
                let mut j = i + 1;
                while j < lines.len() {
                    let l = lines[j];
                    if l.trim().is_empty() {
                        j += 1;
                        continue;
                    }
                    let indent = indentation(l);
                    match first {
                        None if indent == 0 => break,
                        None => first = Some((j + 1, indent)),
                        Some((_, f)) if indent < f => break,
                        Some(_) => {}
                    }
                    text.push(l.trim());
                    j += 1;
                }
                if let Some((line, _)) = first {
                    info.help = Some((line, text.join(" ")));
                }
                return;
            }
            _ => {}
        }
        i += 1;
    }
}

/// A pairing rule's finding: Rust symbol, C symbol, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The Rust symbol.
    pub rust: String,
    /// The C symbol.
    pub c: String,
    /// The rule, file and line.
    pub evidence: Evidence,
}

/// What the rules read.
pub struct RuleInput<'a> {
    /// Every Kconfig entry of the tree, by symbol (the first entry of a symbol defined twice).
    pub symbols: &'a BTreeMap<String, SymbolInfo>,
    /// What each Rust symbol builds.
    pub rust: &'a BTreeMap<String, Vec<Source>>,
    /// What each C symbol builds.
    pub c: &'a BTreeMap<String, Vec<Source>>,
    /// The modules of each symbol of `rust` and `c` ([`KbuildIndex::modules`]), and perhaps of
    /// other symbols (never looked up).
    pub modules: &'a BTreeMap<String, Vec<BuiltModule>>,
    /// The tree's Makefiles and Kbuilds, by path (for the line of an `ifdef`).
    pub kbuild_texts: &'a BTreeMap<String, Cow<'a, str>>,
    /// Rust crate roots with their module name and the file and line of the module macro.
    pub module_names: &'a BTreeMap<String, (String, String, u32)>,
}

/// A C module a `module-name` finding can name: its symbol, the Kbuild file and line listing
/// it, and the module (object with its folder, without `.o`).
type CModule = (String, String, usize, String);

/// What the rules look up on the C side, computed once for all Rust symbols (each rule used
/// to walk every C symbol again for each Rust symbol: most of a warm report's model time).
/// Only the subsystems a Rust symbol's rules look in are kept: the prompt, help and
/// module-name rules look only at C symbols of the Rust symbol's own subsystem.
pub struct CSide<'a> {
    /// Each C symbol with a prompt: the subsystem of its Kconfig file and the prompt's words.
    prompts: Vec<(&'a String, &'a str, Vec<String>)>,
    /// By subsystem, the C modules by normalised name (the first C symbol listing a name, in
    /// symbol order, wins).
    modules: BTreeMap<&'a str, BTreeMap<String, CModule>>,
}

impl<'a> CSide<'a> {
    /// The C symbols' prompt words and modules, in the subsystems of the Rust symbols.
    pub fn new(input: &RuleInput<'a>) -> CSide<'a> {
        // The subsystems the rules of each Rust symbol look in: its Kconfig file's (prompt,
        // help) and its first module's (module name).
        let mut wanted: BTreeSet<&str> = BTreeSet::new();
        for rust in input.rust.keys() {
            if let Some(info) = input.symbols.get(rust) {
                wanted.insert(subsystem(&info.file));
            }
            if let Some((module, _, _)) = input.modules.get(rust).and_then(|m| m.first()) {
                wanted.insert(subsystem(folder_of(module)));
            }
        }
        let prompts = input
            .c
            .keys()
            .filter_map(|c| {
                let info = input.symbols.get(c)?;
                let here = subsystem(&info.file);
                if !wanted.contains(here) {
                    return None;
                }
                let prompt = info.entry.prompt.as_deref()?;
                Some((c, here, words(prompt)))
            })
            .collect();
        let mut modules: BTreeMap<&str, BTreeMap<String, CModule>> = BTreeMap::new();
        for c in input.c.keys() {
            for (module, kbuild, line) in input.modules.get(c).into_iter().flatten() {
                let here = subsystem(folder_of(module));
                if !wanted.contains(here) {
                    continue;
                }
                modules
                    .entry(here)
                    .or_default()
                    .entry(normal(basename(module)))
                    .or_insert_with(|| (c.clone(), kbuild.clone(), *line, module.clone()));
            }
        }
        CSide { prompts, modules }
    }
}

/// Every rule over every Rust symbol.
pub fn find(input: &RuleInput<'_>) -> Vec<Finding> {
    let c_side = CSide::new(input);
    let mut out = Vec::new();
    for rust in input.rust.keys() {
        let Some(info) = input.symbols.get(rust) else {
            continue;
        };
        out.extend(by_name(input, info));
        out.extend(by_depends_not(input, info));
        out.extend(by_prompt(input, &c_side, info));
        out.extend(by_help(&c_side, info));
        out.extend(by_choice(input, info));
        out.extend(by_module_name(input, &c_side, rust));
    }
    out.extend(by_makefile_alternative(input));
    out
}

fn evidence(rule: &str, file: &str, line: usize, detail: String) -> Evidence {
    Evidence {
        rule: rule.to_string(),
        file: file.to_string(),
        line,
        detail,
    }
}

/// `kconfig-name`.
pub fn by_name(input: &RuleInput<'_>, info: &SymbolInfo) -> Option<Finding> {
    let rust = &info.entry.symbol;
    let parts: Vec<&str> = rust.split('_').collect();
    if parts.iter().filter(|p| **p == "RUST").count() != 1 {
        return None;
    }
    let c = parts
        .iter()
        .filter(|p| **p != "RUST")
        .copied()
        .collect::<Vec<_>>()
        .join("_");
    input.c.contains_key(&c).then(|| Finding {
        rust: rust.clone(),
        evidence: evidence(
            "kconfig-name",
            &info.file,
            info.entry.line,
            format!("{rust} without RUST is {c}"),
        ),
        c,
    })
}

/// `kconfig-depends-not`.
pub fn by_depends_not(input: &RuleInput<'_>, info: &SymbolInfo) -> Vec<Finding> {
    let mut out = Vec::new();
    for (line, expr) in &info.depends_lines {
        for c in negated_symbols(expr) {
            let same_subsystem = input
                .symbols
                .get(&c)
                .is_some_and(|k| subsystem(&k.file) == subsystem(&info.file));
            if input.c.contains_key(&c) && same_subsystem {
                out.push(Finding {
                    rust: info.entry.symbol.clone(),
                    evidence: evidence(
                        "kconfig-depends-not",
                        &info.file,
                        *line,
                        format!("{} depends on !{c}", info.entry.symbol),
                    ),
                    c,
                });
            }
        }
    }
    out
}

/// The symbols written `!SYMBOL` in an expression.
fn negated_symbols(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in expr.match_indices('!') {
        if expr[at + 1..].starts_with('=') {
            continue;
        }
        let symbol: String = expr[at + 1..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !symbol.is_empty() {
            out.push(symbol);
        }
    }
    out
}

/// Lowercase words of a text, `(...)` asides left out.
fn words(text: &str) -> Vec<String> {
    let mut depth = 0usize;
    let mut kept = String::new();
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => kept.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    kept.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Words that may stand between `Rust` and the name of what it re-implements.
const FILLER: &[&str] = &[
    "version",
    "implementation",
    "of",
    "the",
    "based",
    "reference",
    "driver",
    "for",
    "a",
    "an",
];

/// The words after `rust` in `text`, filler taken off the front.
fn after_rust(words: &[String]) -> Option<Vec<String>> {
    let at = words.iter().position(|w| w == "rust")?;
    let rest: Vec<String> = words[at + 1..]
        .iter()
        .skip_while(|w| FILLER.contains(&w.as_str()))
        .cloned()
        .collect();
    Some(rest)
}

/// Whether `phrase` names `prompt`: the same words, or a subsequence of them with at most
/// two words more.
fn names(phrase: &[String], prompt: &[String]) -> bool {
    if phrase.len() < 2 || prompt.len() > phrase.len() + 2 {
        return false;
    }
    let mut it = prompt.iter();
    phrase.iter().all(|w| it.any(|p| p == w))
}

/// The subsystem folder of a path: its first two components.
fn subsystem(path: &str) -> &str {
    match path.match_indices('/').nth(1) {
        Some((second, _)) => &path[..second],
        None => path,
    }
}

/// The one C symbol of the subsystem whose prompt `phrase` names: the one whose prompt has
/// exactly the phrase's words, else the only one whose prompt [`names`] fits.
fn named_c_symbol(c_side: &CSide<'_>, phrase: &[String], file: &str) -> Option<String> {
    let here = subsystem(file);
    let prompts: Vec<(&String, &Vec<String>)> = c_side
        .prompts
        .iter()
        .filter(|(_, s, _)| *s == here)
        .map(|(c, _, w)| (*c, w))
        .collect();
    let only = |matches: Vec<&String>| match matches.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    };
    if phrase.len() >= 2 {
        let exact = only(
            prompts
                .iter()
                .filter(|(_, w)| w.as_slice() == phrase)
                .map(|(c, _)| *c)
                .collect(),
        );
        if exact.is_some() {
            return exact;
        }
    }
    only(
        prompts
            .iter()
            .filter(|(_, w)| names(phrase, w))
            .map(|(c, _)| *c)
            .collect(),
    )
}

/// `kconfig-prompt`.
pub fn by_prompt(input: &RuleInput<'_>, c_side: &CSide<'_>, info: &SymbolInfo) -> Option<Finding> {
    let prompt = info.entry.prompt.as_deref()?;
    let phrase = after_rust(&words(prompt))?;
    let c = named_c_symbol(c_side, &phrase, &info.file)?;
    let c_prompt = input
        .symbols
        .get(&c)?
        .entry
        .prompt
        .clone()
        .unwrap_or_default();
    Some(Finding {
        rust: info.entry.symbol.clone(),
        evidence: evidence(
            "kconfig-prompt",
            &info.file,
            info.prompt_line.unwrap_or(info.entry.line),
            format!("prompt \"{prompt}\" names \"{c_prompt}\" ({c})"),
        ),
        c,
    })
}

/// The phrases that introduce what a Rust driver re-implements, in help texts.
const HELP_MARKERS: &[&str] = &[
    "rust implementation of",
    "rust version of",
    "reference driver for",
];

/// `kconfig-help`.
pub fn by_help(c_side: &CSide<'_>, info: &SymbolInfo) -> Option<Finding> {
    let (line, help) = info.help.as_ref()?;
    let lower = help.to_ascii_lowercase();
    for marker in HELP_MARKERS {
        let Some(at) = lower.find(marker) else {
            continue;
        };
        let rest = &lower[at + marker.len()..];
        let end = rest.find(['.', ',', ';', ':', '(']).unwrap_or(rest.len());
        let phrase: Vec<String> = words(&rest[..end])
            .into_iter()
            .skip_while(|w| FILLER.contains(&w.as_str()) && w != "driver")
            .collect();
        if let Some(c) = named_c_symbol(c_side, &phrase, &info.file) {
            let like = if lower.contains("like the c version") {
                "; \"Like the C version\""
            } else {
                ""
            };
            return Some(Finding {
                rust: info.entry.symbol.clone(),
                evidence: evidence(
                    "kconfig-help",
                    &info.file,
                    *line,
                    format!("help: \"{marker} {}\"{like} names {c}", phrase.join(" ")),
                ),
                c,
            });
        }
    }
    None
}

/// `kconfig-choice`.
pub fn by_choice(input: &RuleInput<'_>, info: &SymbolInfo) -> Option<Finding> {
    let choice = info.choice?;
    let options: Vec<&SymbolInfo> = input
        .symbols
        .values()
        .filter(|s| s.file == info.file && s.choice == Some(choice))
        .collect();
    let [a, b] = options.as_slice() else {
        return None;
    };
    let other = if a.entry.symbol == info.entry.symbol {
        b
    } else {
        a
    };
    input.c.contains_key(&other.entry.symbol).then(|| Finding {
        rust: info.entry.symbol.clone(),
        c: other.entry.symbol.clone(),
        evidence: evidence(
            "kconfig-choice",
            &info.file,
            choice,
            format!("choice of {} and {}", info.entry.symbol, other.entry.symbol),
        ),
    })
}

/// A module name with `-` as `_`, lowercase.
fn normal(name: &str) -> String {
    name.to_ascii_lowercase().replace('-', "_")
}

/// An object name without its Rust marker (`rust_binder` → `binder`, `ax88796b_rust` →
/// `ax88796b`, `rcpufreq_dt` → `cpufreq_dt`): the candidates, most specific first.
fn without_rust_marker(name: &str) -> Vec<String> {
    let name = normal(name);
    let mut out = Vec::new();
    if let Some(rest) = name.strip_prefix("rust_") {
        out.push(rest.to_string());
    }
    if let Some(rest) = name.strip_suffix("_rust") {
        out.push(rest.to_string());
    }
    if let Some(rest) = name.strip_prefix('r') {
        out.push(rest.to_string());
    }
    out
}

fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `module-name`.
pub fn by_module_name(input: &RuleInput<'_>, c_side: &CSide<'_>, rust: &str) -> Vec<Finding> {
    let rust_modules = input.modules.get(rust).map_or(&[][..], Vec::as_slice);
    let Some(here) = rust_modules
        .first()
        .map(|(m, _, _)| subsystem(folder_of(m)))
    else {
        return Vec::new();
    };
    // C module names of the subsystem, by normalised name.
    let Some(c_modules) = c_side.modules.get(&here) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let roots: Vec<&Source> = input.rust[rust].iter().filter(|s| s.is_rust()).collect();
    for root in roots {
        if let Some((name, file, line)) = input.module_names.get(&root.path) {
            if let Some((c, kbuild, c_line, module)) = c_modules.get(&normal(name)) {
                {
                    out.push(Finding {
                        rust: rust.to_string(),
                        c: c.clone(),
                        evidence: evidence(
                            "module-name",
                            file,
                            *line as usize,
                            format!(
                                "module name \"{name}\" is the C module {}.o ({kbuild}:{c_line})",
                                basename(module)
                            ),
                        ),
                    });
                }
            }
        }
    }
    for (module, kbuild, line) in rust_modules {
        for candidate in without_rust_marker(basename(module)) {
            if let Some((c, c_kbuild, c_line, c_module)) = c_modules.get(&candidate) {
                {
                    out.push(Finding {
                        rust: rust.to_string(),
                        c: c.clone(),
                        evidence: evidence(
                            "module-name",
                            kbuild,
                            *line,
                            format!(
                                "module {}.o without its Rust marker is the C module {}.o ({c_kbuild}:{c_line})",
                                basename(module),
                                basename(c_module)
                            ),
                        ),
                    });
                }
                break;
            }
        }
    }
    out
}

/// `makefile-alternative`.
pub fn by_makefile_alternative(input: &RuleInput<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (path, text) in input.kbuild_texts {
        // Only `ifdef`/`ifndef` guards name a symbol (`Guard::config`): files without one
        // are not parsed again. Both sides of an alternative are inside a conditional.
        if !text.contains("ifdef") && !text.contains("ifndef") {
            continue;
        }
        // A Rust side's guard names its symbol: a file naming none of them has no finding.
        if !input.rust.keys().any(|rust| text.contains(rust.as_str())) {
            continue;
        }
        let entries = kbuild::parse_where(text, &|entry| !entry.guards.is_empty());
        for rust_entry in &entries {
            let Some(guard) = rust_entry.guards.last() else {
                continue;
            };
            let Some(config) = guard.config() else {
                continue;
            };
            let positive = (guard.directive == "ifdef") != guard.negated;
            let rust = config.trim_start_matches("CONFIG_");
            if !positive || !input.rust.contains_key(rust) {
                continue;
            }
            // The same conditional's other branch.
            for c_entry in &entries {
                let Some(other) = c_entry.guards.last() else {
                    continue;
                };
                let same_frame = other.directive == guard.directive
                    && other.argument == guard.argument
                    && other.negated != guard.negated
                    && c_entry.guards.len() == rust_entry.guards.len();
                let Some(c) = c_entry
                    .config
                    .as_deref()
                    .map(|c| c.trim_start_matches("CONFIG_"))
                else {
                    continue;
                };
                if !same_frame || !input.c.contains_key(c) {
                    continue;
                }
                let line = directive_line(text, rust_entry.line, &guard.directive, config);
                let finding = Finding {
                    rust: rust.to_string(),
                    c: c.to_string(),
                    evidence: evidence(
                        "makefile-alternative",
                        path,
                        line,
                        format!(
                            "{} {config}: {}; else: {}",
                            guard.directive,
                            rust_entry.objects.join(" "),
                            c_entry.objects.join(" ")
                        ),
                    ),
                };
                if !out.contains(&finding) {
                    out.push(finding);
                }
            }
        }
    }
    out
}

/// The line of the `ifdef CONFIG_X` above line `below` (1-based), else `below`.
fn directive_line(text: &str, below: usize, directive: &str, config: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    (0..below.min(lines.len()))
        .rev()
        .find(|&i| {
            let mut w = lines[i].split_whitespace();
            w.next() == Some(directive) && w.next() == Some(config)
        })
        .map_or(below, |i| i + 1)
}
