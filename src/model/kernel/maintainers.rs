//! The MAINTAINERS file: entries and which of them cover a path.
//!
//! The file starts with a description of the format; the entries follow the line
//! `Maintainers List` (and its `---` underline). Each entry is a title line followed by tag lines
//! `X:\tvalue`, entries separated by blank lines:
//!
//! ```text
//! ASIX PHY DRIVER [RUST]
//! M:    FUJITA Tomonori <fujita.tomonori@gmail.com>
//! S:    Maintained
//! F:    drivers/net/phy/ax88796b_rust.rs
//! ```
//!
//! Path matching follows `scripts/get_maintainer.pl` (`file_match_pattern` and the loop around
//! it), not the prose in the file's preamble:
//!
//! - an `F:`/`X:` value is turned into a regex: `.` is literal, `*` becomes `.*` (it crosses
//!   `/`), `?` becomes `.`; any other regex syntax in the value stays regex syntax;
//! - the regex is anchored at the start of the path only (`m@^pattern@`): a pattern ending in `/`
//!   matches everything below; any other pattern matches only when the path has exactly as many
//!   `/` as the pattern (so `dir/*` covers files of that folder, not below);
//! - a pattern naming an existing directory without the trailing `/` gets one — this needs the
//!   tree, so it is done by [`Maintainers::mark_directories`] with a caller-supplied test;
//! - an entry with a matching `X:` does not cover the path at all (tested before `F:`);
//! - `N:` is a regex searched anywhere in the path (Perl's `/x` flag: spaces ignored);
//! - `K:` (content regexes) are kept but never used for paths: the RUST entry's
//!   `K: \b(?i:rust)\b` would claim every file that mentions Rust.
//!
//! Ranking as get_maintainer does it: an `F:` match scores the pattern's depth (number of `/`,
//! plus one unless it ends in `/`; −1 for patterns starting with `*`), an `N:` match scores 0,
//! and within one entry the last matching line in file order sets the score. Entries sort by
//! score, highest (most specific) first; get_maintainer leaves ties in Perl hash order, kcensus
//! breaks them by the longer pattern, then file order.

use regex::bytes::{Regex, RegexBuilder, RegexSet, RegexSetBuilder, SetMatches};
use serde::Serialize;

/// One MAINTAINERS entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaintainersEntry {
    /// The title line (`RUST`, `ASIX PHY DRIVER [RUST]`).
    pub title: String,
    /// `M:` lines.
    pub maintainers: Vec<String>,
    /// `R:` lines.
    pub reviewers: Vec<String>,
    /// `L:` lines.
    pub lists: Vec<String>,
    /// `S:` (the first, if several).
    pub status: Option<String>,
    /// `F:` patterns, as written.
    pub files: Vec<String>,
    /// `X:` patterns, as written.
    pub excludes: Vec<String>,
    /// `N:` regexes, as written.
    pub regexes: Vec<String>,
    /// `K:` regexes, as written (not used for path matching).
    pub keywords: Vec<String>,
    /// 1-based line of the title.
    pub line: usize,
}

/// A compiled `F:`/`X:` pattern.
#[derive(Debug, Clone)]
struct FilePattern {
    matcher: Matcher,
    /// Whether the pattern covers everything below it (ends in `/`, or names a folder).
    dir: bool,
    /// The `/` in the pattern: a pattern that is not a folder matches only paths with as many.
    /// Counted once here; matching runs for every pattern of the file on every Rust file.
    slashes: usize,
    /// The folder the pattern names literally, which every path it matches is in or below
    /// ([`literal_folder`]); `None` when it names none.
    folder: Option<String>,
}

/// How a pattern's prefix is matched.
#[derive(Debug, Clone)]
enum Matcher {
    /// Only `*`, `?` and literal characters: matched without a regex engine.
    Glob(String),
    /// Other regex syntax: compiled (`None` when the regex crate cannot compile it).
    Regex(Option<Regex>),
}

#[derive(Debug, Clone)]
struct Compiled {
    /// `F:` (`'F'`, index into `files`) and `N:` (`'N'`, index into `regexes`) lines in file
    /// order, since the last matching one sets the score.
    order: Vec<(char, usize)>,
    files: Vec<FilePattern>,
    excludes: Vec<FilePattern>,
    regexes: Vec<Option<Regex>>,
    /// For each of `regexes`, its index in [`Maintainers::names`], when it is there.
    in_names: Vec<Option<usize>>,
}

/// The parsed MAINTAINERS file.
#[derive(Debug, Clone, Serialize)]
pub struct Maintainers {
    /// The entries in file order.
    pub entries: Vec<MaintainersEntry>,
    /// `N:`/`F:`/`X:` values the regex engine could not compile (they never match), with
    /// the title of their entry.
    pub unsupported: Vec<(String, String)>,
    #[serde(skip)]
    compiled: Vec<Compiled>,
    #[serde(skip)]
    candidates: Candidates,
    /// Every `N:` regex that compiles, as one set: a path is searched once for all of them
    /// (some 100 on Linux) instead of once per regex. `None` if the set does not compile
    /// (each regex is then searched alone).
    #[serde(skip)]
    names: Option<RegexSet>,
    /// For each regex of `names`, its line: (entry index, position in the entry's `order`).
    #[serde(skip)]
    name_lines: Vec<(usize, usize)>,
}

/// Which `F:` and `N:` lines can match a path, by the folders they name literally: a pattern is
/// matched against a prefix of the path, so its literal text up to the first wildcard must
/// begin the path, and the folders in that text (up to its last `/`, `drivers/net` for
/// `drivers/net/wireless*`) must be folders of the path. Each `F:` line is filed under that
/// folder ([`literal_folder`], which reads patterns with regex syntax too); a path is tested
/// only against the lines filed under one of its own folders, and the lines filed under none
/// (a pattern without a literal folder, like `*/Kconfig` or `Makefile`; `N:` regexes, which
/// [`Maintainers::names`] searches for at once). MAINTAINERS has ~10,000 patterns,
/// ~2,000 of them under `drivers/`; a path of `drivers/net/phy/` is tested against the few
/// dozen lines naming `drivers`, `drivers/net` or `drivers/net/phy` (an index of entries
/// tested every line of each entry named there, and one by first component alone every
/// `drivers/` entry).
#[derive(Debug, Clone, Default)]
struct Candidates {
    /// By folder, the lines naming it: (entry index, position in the entry's `order`).
    by_folder: std::collections::HashMap<String, Vec<(usize, usize)>>,
    /// The lines tested for every path.
    always: Vec<(usize, usize)>,
}

impl Candidates {
    fn new(compiled: &[Compiled]) -> Candidates {
        let mut candidates = Candidates::default();
        for (index, entry) in compiled.iter().enumerate() {
            for (position, &(tag, i)) in entry.order.iter().enumerate() {
                let line = (index, position);
                let folder = match tag {
                    'F' => entry.files.get(i).and_then(|p| p.folder.as_deref()),
                    // The regexes of [`Maintainers::names`] are searched for all at once.
                    _ if entry.in_names.get(i).copied().flatten().is_some() => continue,
                    _ => None,
                };
                match folder {
                    Some(folder) => candidates
                        .by_folder
                        .entry(folder.to_string())
                        .or_default()
                        .push(line),
                    None => candidates.always.push(line),
                }
            }
        }
        candidates
    }

    /// The lines that can match `path`: (entry index, position in its `order`), each once.
    fn lines<'s>(&'s self, path: &'s str) -> impl Iterator<Item = (usize, usize)> + 's {
        let named = path
            .match_indices('/')
            .filter_map(|(at, _)| self.by_folder.get(&path[..at]))
            .flatten();
        self.always.iter().chain(named).copied()
    }
}

/// A path being matched, with what is computed once for all lines.
struct PathContext<'a> {
    path: &'a str,
    /// The `/` in the path.
    slashes: usize,
    /// Which `N:` regexes of [`Maintainers::names`] match it.
    names: Option<SetMatches>,
}

/// A line's score: depth, length of the pattern's value, the line as (tag, index in its list).
type LineScore = (i64, usize, (char, usize));

/// One entry covering a path.
#[derive(Debug, Clone, Serialize)]
pub struct PathMatch<'a> {
    /// The entry.
    pub entry: &'a MaintainersEntry,
    /// get_maintainer's score (pattern depth; 0 for `N:`).
    pub depth: i64,
    /// The line that set the score: `F:\tpattern` or `N:\tregex`.
    pub pattern: String,
}

impl Maintainers {
    /// Parses the text of MAINTAINERS. Never fails; lines before `Maintainers List` are skipped
    /// when that line exists.
    pub fn parse(text: &str) -> Maintainers {
        let (entries, orders) = read_entries(text);
        let (mut compiled, unsupported) = compile(&entries, orders);
        let (names, name_lines) = name_set(&entries, &mut compiled).unzip();
        Maintainers {
            entries,
            unsupported,
            candidates: Candidates::new(&compiled),
            compiled,
            names,
            name_lines: name_lines.unwrap_or_default(),
        }
    }

    /// Emulates get_maintainer's `-d` test: an `F:`/`X:` pattern without `*`, `?` or `.` that
    /// names a directory (`is_dir(pattern)`, e.g. `|p| tree.join(p).is_dir()`) and lacks the
    /// trailing `/` is treated as `pattern/`.
    pub fn mark_directories(&mut self, is_dir: impl Fn(&str) -> bool) {
        for (entry, compiled) in self.entries.iter().zip(self.compiled.iter_mut()) {
            let lists = [
                (&entry.files, &mut compiled.files),
                (&entry.excludes, &mut compiled.excludes),
            ];
            for (raw, patterns) in lists {
                for (value, pattern) in raw.iter().zip(patterns.iter_mut()) {
                    if !value.ends_with('/')
                        && !value.contains(['*', '?', '.'])
                        && !value.is_empty()
                        && is_dir(value)
                    {
                        *pattern = FilePattern::new(value, true);
                    }
                }
            }
        }
    }

    /// The entries covering `path` (relative to the top of the tree, `/`-separated), most
    /// specific first.
    pub fn entries_for_path(&self, path: &str) -> Vec<&MaintainersEntry> {
        self.matches_for_path(path)
            .into_iter()
            .map(|m| m.entry)
            .collect()
    }

    /// [`Maintainers::entries_for_path`] with the score and the line that set it.
    pub fn matches_for_path(&self, path: &str) -> Vec<PathMatch<'_>> {
        let context = self.path_context(path.trim_start_matches("./"));
        self.matches_of_lines(&context, self.candidate_lines(&context))
    }

    /// The first entry covering `path` (in [`Maintainers::entries_for_path`]'s order) that
    /// `skip` does not reject: what `entries_for_path(path).find(..)` gives, without
    /// formatting each match's line (the report asks this for every exporting file).
    pub fn first_entry_for_path(
        &self,
        path: &str,
        skip: impl Fn(&MaintainersEntry) -> bool,
    ) -> Option<&MaintainersEntry> {
        let context = self.path_context(path.trim_start_matches("./"));
        let mut scored = self.scored(&context, self.candidate_lines(&context));
        scored.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .map(|(index, ..)| &self.entries[index])
            .find(|e| !skip(e))
    }

    /// `path` with what its lines' matching shares: its `/` count, the `N:` regexes matching it.
    fn path_context<'p>(&self, path: &'p str) -> PathContext<'p> {
        PathContext {
            path,
            slashes: slashes(path),
            names: self.names.as_ref().map(|set| set.matches(path.as_bytes())),
        }
    }

    /// The lines that can match the path: the index's, and the `N:` regexes of
    /// [`Maintainers::names`] that match it.
    fn candidate_lines<'s>(
        &'s self,
        context: &'s PathContext<'_>,
    ) -> impl Iterator<Item = (usize, usize)> + 's {
        let named = context
            .names
            .iter()
            .flat_map(|matches| matches.iter())
            .map(|id| self.name_lines[id]);
        self.candidates.lines(context.path).chain(named)
    }

    /// The indexes of the entries with a line tested for `path`, ascending, each once.
    #[cfg(test)]
    fn tested_entries(&self, path: &str) -> Vec<usize> {
        let context = self.path_context(path);
        let mut out: Vec<usize> = self.candidate_lines(&context).map(|(e, _)| e).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The entries covering the path, from `lines` (the `F:`/`N:` lines that can match it, as
    /// (entry index, position in its `order`), each once, in any order): (index, depth, length
    /// of the pattern's value, the `F:`/`N:` line that set the score as (tag, index in its
    /// list)), by index.
    fn scored(
        &self,
        context: &PathContext<'_>,
        lines: impl Iterator<Item = (usize, usize)>,
    ) -> Vec<(usize, i64, usize, (char, usize))> {
        let mut hits: Vec<(usize, usize, LineScore)> = lines
            .filter_map(|(index, position)| {
                Some((index, position, self.line_score(index, position, context)?))
            })
            .collect();
        hits.sort_unstable_by_key(|&(index, position, _)| (index, position));
        let mut out = Vec::new();
        // get_maintainer walks an entry's F: and N: lines in order; the last match wins.
        for of_entry in hits.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(index, _, (depth, length, line))) = of_entry.last() else {
                continue;
            };
            if self.compiled[index]
                .excludes
                .iter()
                .any(|p| p.matches(context.path, context.slashes))
            {
                continue;
            }
            out.push((index, depth, length, line));
        }
        out
    }

    /// The score of line `position` of entry `index`'s `order` if it matches the path.
    fn line_score(
        &self,
        index: usize,
        position: usize,
        context: &PathContext<'_>,
    ) -> Option<LineScore> {
        let (entry, compiled) = (&self.entries[index], &self.compiled[index]);
        let (tag, i) = *compiled.order.get(position)?;
        if tag == 'F' {
            let (raw, pattern) = (entry.files.get(i)?, compiled.files.get(i)?);
            pattern
                .matches(context.path, context.slashes)
                .then(|| (pattern_depth(raw, pattern.is_dir()), raw.len(), (tag, i)))
        } else {
            let (raw, regex) = (entry.regexes.get(i)?, compiled.regexes.get(i)?.as_ref()?);
            let matched = match (&context.names, compiled.in_names.get(i).copied().flatten()) {
                (Some(names), Some(id)) => names.matched(id),
                _ => regex.is_match(context.path.as_bytes()),
            };
            matched.then_some((0, raw.len(), (tag, i)))
        }
    }

    /// [`Maintainers::matches_for_path`] over the entries at `indexes` (ascending): every line
    /// of each.
    #[cfg(test)]
    fn matches_among(&self, path: &str, indexes: Vec<usize>) -> Vec<PathMatch<'_>> {
        let lines = indexes
            .into_iter()
            .flat_map(|index| (0..self.compiled[index].order.len()).map(move |p| (index, p)));
        self.matches_of_lines(&self.path_context(path), lines)
    }

    /// [`Maintainers::matches_for_path`] from the lines that can match.
    fn matches_of_lines(
        &self,
        context: &PathContext<'_>,
        lines: impl Iterator<Item = (usize, usize)>,
    ) -> Vec<PathMatch<'_>> {
        let mut out: Vec<(usize, PathMatch<'_>)> = self
            .scored(context, lines)
            .into_iter()
            .map(|(index, depth, _, (tag, i))| {
                let entry = &self.entries[index];
                let raw = if tag == 'F' {
                    &entry.files[i]
                } else {
                    &entry.regexes[i]
                };
                let pattern = format!("{tag}:\t{raw}");
                (
                    index,
                    PathMatch {
                        entry,
                        depth,
                        pattern,
                    },
                )
            })
            .collect();
        out.sort_by(|(ia, a), (ib, b)| {
            b.depth
                .cmp(&a.depth)
                .then(b.pattern.len().cmp(&a.pattern.len()))
                .then(ia.cmp(ib))
        });
        out.into_iter().map(|(_, m)| m).collect()
    }

    /// The first entry with this title.
    pub fn entry(&self, title: &str) -> Option<&MaintainersEntry> {
        self.entries.iter().find(|e| e.title == title)
    }
}

/// The entries of MAINTAINERS (those with at least one tag), each with the order of its `F:`
/// and `N:` lines (the tag and the index in its list), which get_maintainer's scoring follows.
fn read_entries(text: &str) -> (Vec<MaintainersEntry>, Vec<Vec<(char, usize)>>) {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == "Maintainers List")
        .map(|i| i + 1)
        .unwrap_or(0);
    let mut entries: Vec<MaintainersEntry> = Vec::new();
    let mut current: Option<MaintainersEntry> = None;
    let mut orders: Vec<Vec<(char, usize)>> = Vec::new();
    let mut order: Vec<(char, usize)> = Vec::new();
    for (index, raw) in lines.iter().enumerate().skip(start) {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if let Some((tag, value)) = tag_line(line) {
            let Some(entry) = current.as_mut() else {
                continue;
            };
            let value = value.to_string();
            match tag {
                'M' => entry.maintainers.push(value),
                'R' => entry.reviewers.push(value),
                'L' => entry.lists.push(value),
                'S' => {
                    entry.status.get_or_insert(value);
                }
                'F' => {
                    order.push(('F', entry.files.len()));
                    entry.files.push(value);
                }
                'X' => entry.excludes.push(value),
                'N' => {
                    order.push(('N', entry.regexes.len()));
                    entry.regexes.push(value);
                }
                'K' => entry.keywords.push(value),
                _ => {}
            }
        } else {
            if let Some(done) = current.take().filter(has_tags) {
                entries.push(done);
                orders.push(std::mem::take(&mut order));
            }
            order.clear();
            current = Some(MaintainersEntry {
                title: line.trim().to_string(),
                maintainers: Vec::new(),
                reviewers: Vec::new(),
                lists: Vec::new(),
                status: None,
                files: Vec::new(),
                excludes: Vec::new(),
                regexes: Vec::new(),
                keywords: Vec::new(),
                line: index + 1,
            });
        }
    }
    if let Some(done) = current.take().filter(has_tags) {
        entries.push(done);
        orders.push(order);
    }
    (entries, orders)
}

/// The entries' patterns compiled (in the entries' order), and the patterns that could not be
/// compiled: (entry title, pattern).
fn compile(
    entries: &[MaintainersEntry],
    orders: Vec<Vec<(char, usize)>>,
) -> (Vec<Compiled>, Vec<(String, String)>) {
    let mut unsupported = Vec::new();
    let compiled: Vec<Compiled> = entries
        .iter()
        .zip(orders)
        .map(|(e, order)| {
            let mut file = |p: &String| {
                let compiled = FilePattern::new(p, false);
                if matches!(compiled.matcher, Matcher::Regex(None)) {
                    unsupported.push((e.title.clone(), p.clone()));
                }
                compiled
            };
            let files = e.files.iter().map(&mut file).collect();
            let excludes = e.excludes.iter().map(&mut file).collect();
            let regexes = e
                .regexes
                .iter()
                .map(|r| {
                    let compiled = RegexBuilder::new(r)
                        .unicode(false)
                        .ignore_whitespace(true)
                        .build()
                        .ok();
                    if compiled.is_none() {
                        unsupported.push((e.title.clone(), r.clone()));
                    }
                    compiled
                })
                .collect();
            Compiled {
                order,
                files,
                excludes,
                in_names: vec![None; e.regexes.len()],
                regexes,
            }
        })
        .collect();
    (compiled, unsupported)
}

/// The `N:` regexes that compile, as one set (compiled as each is alone), each noted in its
/// entry's `in_names`; and for each, its line (entry index, position in the entry's `order`).
fn name_set(
    entries: &[MaintainersEntry],
    compiled: &mut [Compiled],
) -> Option<(RegexSet, Vec<(usize, usize)>)> {
    let mut patterns: Vec<&str> = Vec::new();
    let mut lines: Vec<(usize, usize)> = Vec::new();
    for (index, (entry, compiled)) in entries.iter().zip(compiled.iter()).enumerate() {
        for (position, &(tag, i)) in compiled.order.iter().enumerate() {
            if let ('N', Some(raw), Some(Some(_))) =
                (tag, entry.regexes.get(i), compiled.regexes.get(i))
            {
                patterns.push(raw);
                lines.push((index, position));
            }
        }
    }
    let set = RegexSetBuilder::new(patterns)
        .unicode(false)
        .ignore_whitespace(true)
        .build()
        .ok()?;
    for (id, &(index, position)) in lines.iter().enumerate() {
        let (_, i) = compiled[index].order[position];
        compiled[index].in_names[i] = Some(id);
    }
    Some((set, lines))
}

/// The folder a pattern names literally (`drivers/net` for `drivers/net/wireless*` and for
/// `drivers/net/phy/bcm*.[ch]`): its text up to the first character that is not matched as
/// itself, up to its last `/`. A pattern matches a prefix of the path, so every path it
/// matches is in or below that folder. `None` when there is no such folder, or when `regex`
/// syntax could match elsewhere (an alternation).
fn literal_folder(pattern: &str, regex: bool) -> Option<&str> {
    const GLOB: &[char] = &['*', '?'];
    const REGEX: &[char] = &[
        '*', '?', '[', ']', '(', ')', '{', '}', '+', '|', '^', '$', '\\',
    ];
    if regex && pattern.contains('|') {
        return None;
    }
    let stops = if regex { REGEX } else { GLOB };
    let end = pattern.find(stops).unwrap_or(pattern.len());
    let mut literal = &pattern[..end];
    if regex && pattern[end..].starts_with(['+', '{']) {
        // A quantifier: the character before it may repeat.
        let last = literal.chars().next_back().map_or(0, char::len_utf8);
        literal = &literal[..literal.len() - last];
    }
    let slash = literal.rfind('/').filter(|&slash| slash > 0)?;
    Some(&literal[..slash])
}

impl FilePattern {
    fn new(raw: &str, force_dir: bool) -> FilePattern {
        let dir = force_dir || raw.ends_with('/');
        let is_plain = !raw.contains(['[', ']', '(', ')', '{', '}', '+', '|', '^', '$', '\\']);
        if is_plain {
            let mut pattern = raw.to_string();
            if force_dir && !pattern.ends_with('/') {
                pattern.push('/');
            }
            return FilePattern {
                slashes: slashes(&pattern),
                folder: literal_folder(&pattern, false).map(str::to_string),
                matcher: Matcher::Glob(pattern),
                dir,
            };
        }
        let mut regex = String::from("^");
        for c in raw.chars() {
            match c {
                '.' => regex.push_str("\\."),
                '*' => regex.push_str(".*"),
                '?' => regex.push('.'),
                c => regex.push(c),
            }
        }
        if force_dir && !regex.ends_with('/') {
            regex.push('/');
        }
        let slashes = slashes(&regex);
        let regex = RegexBuilder::new(&regex)
            .unicode(false)
            .dot_matches_new_line(false)
            .build()
            .ok();
        FilePattern {
            folder: regex
                .as_ref()
                .and_then(|_| literal_folder(raw, true))
                .map(str::to_string),
            matcher: Matcher::Regex(regex),
            dir,
            slashes,
        }
    }

    fn is_dir(&self) -> bool {
        self.dir
    }

    /// get_maintainer's `file_match_pattern`; `path_slashes` is the number of `/` in `path`.
    fn matches(&self, path: &str, path_slashes: usize) -> bool {
        if !self.dir && path_slashes != self.slashes {
            return false;
        }
        match &self.matcher {
            Matcher::Glob(pattern) => glob_prefix_match(pattern.as_bytes(), path.as_bytes()),
            Matcher::Regex(Some(regex)) => regex.is_match(path.as_bytes()),
            Matcher::Regex(None) => false,
        }
    }
}

fn slashes(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'/').count()
}

/// get_maintainer's score of a matching `F:` pattern.
fn pattern_depth(raw: &str, dir: bool) -> i64 {
    if raw.starts_with('*') {
        return -1;
    }
    let slashes = raw.matches('/').count() as i64;
    if dir && !raw.ends_with('/') {
        slashes + 1 // the `/` added by the directory test is then counted
    } else if raw.ends_with('/') {
        slashes
    } else {
        slashes + 1
    }
}

/// Whether `pattern` (`*` any run of bytes, `?` one byte, the rest literal) matches a prefix
/// of `text`: the regex `^pattern` with `*` as `.*`. Iterative, no recursion.
fn glob_prefix_match(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p == pattern.len() {
            return true; // the rest of the text is unconstrained
        }
        if pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
            continue;
        }
        if t < text.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
            continue;
        }
        match star {
            Some((sp, st)) if st < text.len() => {
                star = Some((sp, st + 1));
                p = sp + 1;
                t = st + 1;
            }
            _ => return false,
        }
    }
}

fn has_tags(entry: &MaintainersEntry) -> bool {
    !(entry.maintainers.is_empty()
        && entry.reviewers.is_empty()
        && entry.lists.is_empty()
        && entry.status.is_none()
        && entry.files.is_empty()
        && entry.excludes.is_empty()
        && entry.regexes.is_empty()
        && entry.keywords.is_empty())
}

/// `X:\tvalue` with an upper-case tag letter at column 0, as get_maintainer reads it
/// (`^([A-Z]):\s*(.*)`).
fn tag_line(line: &str) -> Option<(char, &str)> {
    let mut chars = line.chars();
    let tag = chars.next().filter(|c| c.is_ascii_uppercase())?;
    let rest = chars.as_str().strip_prefix(':')?;
    Some((tag, rest.trim()))
}

#[cfg(test)]
mod tests;
