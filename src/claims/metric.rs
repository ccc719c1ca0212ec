//! The metric language: metrics, paths into the report's JSON and their selectors.

use std::fmt;

/// A metric: a path, or a function of paths.
#[derive(Debug, Clone, PartialEq)]
pub enum Metric {
    /// `path`: the values the path selects.
    Path(Path),
    /// `count(path)` or `len(path)`: how many values the path selects, or the length of the
    /// one array or object it names.
    Count(Path),
    /// `sum(path, ...)`: the sum of the numbers the paths select.
    Sum(Vec<Path>),
}

/// A path into the report's JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The steps from the report's root; the first is a key.
    pub steps: Vec<Step>,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// `.key` (or `["key"]`): an object's value for the key.
    Key(String),
    /// `[N]`: the N-th element of an array, from 0.
    Index(usize),
    /// `[*]`: every element of an array.
    All,
    /// `[key OP value]`: every element of an array whose `key` compares true with `value`.
    Select {
        /// The element's field compared.
        key: String,
        /// How it is compared.
        cmp: Cmp,
        /// What it is compared with.
        value: String,
    },
}

/// How a selector compares an element's field with its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `=`: equal.
    Eq,
    /// `!=`: not equal.
    Ne,
    /// `^=`: starts with.
    StartsWith,
    /// `$=`: ends with.
    EndsWith,
    /// `*=`: contains.
    Contains,
    /// `!*=`: does not contain.
    NotContains,
}

impl Cmp {
    /// The operator as written in a selector.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Ne => "!=",
            Cmp::StartsWith => "^=",
            Cmp::EndsWith => "$=",
            Cmp::Contains => "*=",
            Cmp::NotContains => "!*=",
        }
    }

    /// Whether an element's `field` compares true with the selector's `value`.
    pub(super) fn test(self, field: &str, value: &str) -> bool {
        match self {
            Cmp::Eq => field == value,
            Cmp::Ne => field != value,
            Cmp::StartsWith => field.starts_with(value),
            Cmp::EndsWith => field.ends_with(value),
            Cmp::Contains => field.contains(value),
            Cmp::NotContains => !field.contains(value),
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Key(k) => write!(f, "{k}"),
            Step::Index(i) => write!(f, "[{i}]"),
            Step::All => write!(f, "[*]"),
            Step::Select { key, cmp, value } => write!(f, "[{key}{}{value}]", cmp.as_str()),
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 && matches!(step, Step::Key(_)) {
                write!(f, ".")?;
            }
            write!(f, "{step}")?;
        }
        Ok(())
    }
}

/// Whether `c` may be part of a plain key (one written without quotes).
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Parse a metric (`rust.files`, `count(drivers[kind=samples])`, `sum(a.code, b.code)`).
pub fn parse_metric(text: &str) -> Result<Metric, String> {
    let text = text.trim();
    for (name, count) in [("count", true), ("len", true), ("sum", false)] {
        if let Some(rest) = text.strip_prefix(name) {
            let rest = rest.trim_start();
            if let Some(inner) = rest.strip_prefix('(') {
                let inner = inner
                    .strip_suffix(')')
                    .ok_or_else(|| format!("`{name}(` without its closing `)`"))?;
                let paths = split_args(inner)?
                    .into_iter()
                    .map(parse_path)
                    .collect::<Result<Vec<_>, _>>()?;
                return if count {
                    match <[Path; 1]>::try_from(paths) {
                        Ok([path]) => Ok(Metric::Count(path)),
                        Err(_) => Err(format!("`{name}` takes one path")),
                    }
                } else if paths.is_empty() {
                    Err("`sum` takes at least one path".into())
                } else {
                    Ok(Metric::Sum(paths))
                };
            }
        }
    }
    Ok(Metric::Path(parse_path(text)?))
}

/// Split function arguments on commas outside brackets and quotes.
fn split_args(text: &str) -> Result<Vec<&str>, String> {
    let mut args = Vec::new();
    let (mut depth, mut quoted, mut start) = (0usize, false, 0);
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => {
                args.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    args.push(text[start..].trim());
    if args.iter().any(|a| a.is_empty()) {
        return Err("empty argument".into());
    }
    Ok(args)
}

/// Parse a path (`areas[area=rust/kernel].code`).
pub fn parse_path(text: &str) -> Result<Path, String> {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    let word = |i: &mut usize| -> String {
        let start = *i;
        while *i < chars.len() && is_word(chars[*i]) {
            *i += 1;
        }
        chars[start..*i].iter().collect()
    };
    if chars.is_empty() {
        return Err("empty metric".into());
    }
    let mut expect_key = true;
    while i < chars.len() {
        if expect_key {
            let key = word(&mut i);
            if key.is_empty() {
                return Err(format!("expected a key at `{}`", rest(&chars, i)));
            }
            steps.push(Step::Key(key));
            expect_key = false;
        } else if chars[i] == '.' {
            i += 1;
            expect_key = true;
            if i == chars.len() {
                return Err("a key must follow `.`".into());
            }
        } else if chars[i] == '[' {
            let start = i + 1;
            let mut j = start;
            let mut quoted = false;
            while j < chars.len() && (quoted || chars[j] != ']') {
                if chars[j] == '"' {
                    quoted = !quoted;
                }
                j += 1;
            }
            if j == chars.len() {
                return Err(format!(
                    "`[` without its closing `]` at `{}`",
                    rest(&chars, i)
                ));
            }
            let inner: String = chars[start..j].iter().collect();
            steps.push(parse_selector(inner.trim())?);
            i = j + 1;
        } else {
            return Err(format!("expected `.` or `[` at `{}`", rest(&chars, i)));
        }
    }
    Ok(Path { steps })
}

fn rest(chars: &[char], at: usize) -> String {
    chars[at..].iter().collect()
}

fn unquote(text: &str) -> String {
    let t = text.trim();
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        t[1..t.len() - 1].to_string()
    } else {
        t.to_string()
    }
}

fn parse_selector(inner: &str) -> Result<Step, String> {
    if inner == "*" {
        return Ok(Step::All);
    }
    if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
        return inner
            .parse()
            .map(Step::Index)
            .map_err(|_| format!("index `{inner}` is too large"));
    }
    if inner.len() >= 2 && inner.starts_with('"') && inner.ends_with('"') {
        return Ok(Step::Key(unquote(inner)));
    }
    let key_end = inner.find(|c: char| !is_word(c)).unwrap_or(inner.len());
    let key = &inner[..key_end];
    let after = &inner[key_end..];
    let ops = [
        ("!*=", Cmp::NotContains),
        ("!=", Cmp::Ne),
        ("^=", Cmp::StartsWith),
        ("$=", Cmp::EndsWith),
        ("*=", Cmp::Contains),
        ("=", Cmp::Eq),
    ];
    for (text, cmp) in ops {
        if let Some(value) = after.strip_prefix(text) {
            if key.is_empty() {
                break;
            }
            return Ok(Step::Select {
                key: key.to_string(),
                cmp,
                value: unquote(value),
            });
        }
    }
    Err(format!(
        "selector `[{inner}]` is none of `[N]`, `[*]`, `[\"key\"]`, `[key=value]` (or `!=`, `^=`, `$=`, `*=`, `!*=`)"
    ))
}
