//! The kernel's version and the minimum tool versions it asks for.
//!
//! The top-level Makefile opens with
//!
//! ```make
//! VERSION = 7
//! PATCHLEVEL = 3
//! SUBLEVEL = 4
//! EXTRAVERSION =
//! NAME = Baby Opossum Posse
//! ```
//!
//! and `scripts/min-tool-version.sh` is a shell `case` over tool names, some arms varying by
//! architecture:
//!
//! ```sh
//! rustc)
//!     if [ "$SRCARCH" = "s390" ]; then
//!         echo 1.96.0
//!     elif [ "$ARCH" = powerpc ]; then
//!         echo 1.95.0
//!     else
//!         echo 1.85.0
//!     fi
//!     ;;
//! ```
//!
//! [`parse_min_tool_versions`] reads every arm into a [`ToolMinimum`]: the default version (the
//! `else` branch, or the only `echo`) and the per-variable overrides. A condition it does not
//! recognise (anything other than `[ "$VAR" = value ]`) is kept as written in
//! [`Override::condition`] with `variable`/`value` empty.

use serde::Serialize;

/// The version fields of the top-level Makefile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KernelVersion {
    /// `VERSION`.
    pub version: u32,
    /// `PATCHLEVEL`.
    pub patchlevel: u32,
    /// `SUBLEVEL` (`None` when empty).
    pub sublevel: Option<u32>,
    /// `EXTRAVERSION` (`-rc1`, usually empty).
    pub extraversion: String,
    /// `NAME`, the release name.
    pub name: Option<String>,
}

impl KernelVersion {
    /// The release as the kernel's `KERNELVERSION` spells it: `7.3.4`, `6.12.0-rc1`.
    pub fn release(&self) -> String {
        let mut out = format!("{}.{}", self.version, self.patchlevel);
        if let Some(sub) = self.sublevel {
            out.push_str(&format!(".{sub}"));
        }
        out.push_str(&self.extraversion);
        out
    }

    /// `VERSION.PATCHLEVEL`, the series (`7.3`).
    pub fn series(&self) -> String {
        format!("{}.{}", self.version, self.patchlevel)
    }
}

/// Reads `VERSION`, `PATCHLEVEL`, `SUBLEVEL`, `EXTRAVERSION` and `NAME` from the top-level
/// Makefile (the first assignment of each). `None` unless VERSION and PATCHLEVEL are numbers.
pub fn parse_kernel_version(makefile: &str) -> Option<KernelVersion> {
    let mut fields: [Option<String>; 5] = Default::default();
    const NAMES: [&str; 5] = ["VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION", "NAME"];
    for line in makefile.lines() {
        let Some((lhs, rhs)) = line.split_once('=') else {
            continue;
        };
        let lhs = lhs.trim_end_matches([':', '?']).trim();
        if let Some(i) = NAMES.iter().position(|n| *n == lhs) {
            if fields[i].is_none() {
                let value = rhs.split('#').next().unwrap_or("").trim();
                fields[i] = Some(value.to_string());
            }
        }
        if fields.iter().all(Option::is_some) {
            break;
        }
    }
    let number = |f: &Option<String>| f.as_deref().and_then(|v| v.parse::<u32>().ok());
    Some(KernelVersion {
        version: number(&fields[0])?,
        patchlevel: number(&fields[1])?,
        sublevel: number(&fields[2]),
        extraversion: fields[3].clone().unwrap_or_default(),
        name: fields[4].clone().filter(|n| !n.is_empty()),
    })
}

/// A version that applies when a variable has a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Override {
    /// The variable tested: `SRCARCH` or `ARCH`.
    pub variable: String,
    /// The value compared with (`s390`, `powerpc`).
    pub value: String,
    /// The version printed then.
    pub version: String,
    /// The condition as written (`[ "$SRCARCH" = "s390" ]`).
    pub condition: String,
}

/// The minimum version of one tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToolMinimum {
    /// The `case` label: `rustc`, `bindgen`, `gcc`, ...
    pub tool: String,
    /// The version when no override applies.
    pub default: Option<String>,
    /// Overrides in the script's order (the first that applies wins).
    pub overrides: Vec<Override>,
}

impl ToolMinimum {
    /// The version for an architecture: the first override whose variable is `SRCARCH` or
    /// `ARCH` and whose value is `arch`, else the default. (`ARCH` and `SRCARCH` differ for a
    /// few architectures, e.g. `ARCH=x86_64` has `SRCARCH=x86`; the value is compared as given.)
    pub fn for_arch(&self, arch: &str) -> Option<&str> {
        self.overrides
            .iter()
            .find(|o| (o.variable == "SRCARCH" || o.variable == "ARCH") && o.value == arch)
            .map(|o| o.version.as_str())
            .or(self.default.as_deref())
    }
}

/// Reads every arm of the `case "$1" in` of `scripts/min-tool-version.sh`. Arms that print no
/// version (`*)`, usage errors) are left out.
pub fn parse_min_tool_versions(script: &str) -> Vec<ToolMinimum> {
    let mut out: Vec<ToolMinimum> = Vec::new();
    let mut in_case = false;
    let mut current: Option<ToolMinimum> = None;
    // The condition of the branch being read (None: unconditional or `else`).
    let mut branch: Option<String> = None;
    for raw in script.lines() {
        let line = raw.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !in_case {
            in_case = line.starts_with("case ") && line.ends_with(" in");
            continue;
        }
        if line == "esac" {
            break;
        }
        if current.is_none() {
            if let Some(label) = line.strip_suffix(')') {
                if label != "*" && !label.contains(' ') {
                    current = Some(ToolMinimum {
                        tool: label.trim_matches('"').to_string(),
                        default: None,
                        overrides: Vec::new(),
                    });
                }
                branch = None;
            }
            continue;
        }
        if line == ";;" {
            out.extend(
                current
                    .take()
                    .filter(|t| t.default.is_some() || !t.overrides.is_empty()),
            );
            continue;
        }
        let Some(tool) = current.as_mut() else {
            continue;
        };
        if let Some(cond) = line
            .strip_prefix("if ")
            .or_else(|| line.strip_prefix("elif "))
        {
            let cond = cond.trim();
            let cond = cond.strip_suffix("then").unwrap_or(cond).trim();
            let cond = cond.strip_suffix(';').unwrap_or(cond).trim();
            branch = Some(cond.to_string());
        } else if line == "else" || line == "fi" {
            branch = None;
        } else if let Some(version) = line.strip_prefix("echo ") {
            let version = version.trim().trim_matches('"').to_string();
            if version.starts_with(|c: char| c.is_ascii_digit()) {
                match &branch {
                    None => tool.default = Some(version),
                    Some(cond) => {
                        let (variable, value) = test_of(cond).unwrap_or_default();
                        tool.overrides.push(Override {
                            variable,
                            value,
                            version,
                            condition: cond.clone(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// [`parse_min_tool_versions`] for one tool.
pub fn min_tool_version(script: &str, tool: &str) -> Option<ToolMinimum> {
    parse_min_tool_versions(script)
        .into_iter()
        .find(|t| t.tool == tool)
}

/// `[ "$VAR" = value ]` (quotes optional, `=` or `==`) as (VAR, value).
fn test_of(cond: &str) -> Option<(String, String)> {
    let inner = cond.strip_prefix('[')?.strip_suffix(']')?.trim();
    let mut parts = inner.split_whitespace();
    let var = parts.next()?.trim_matches('"').strip_prefix('$')?;
    let var = var.trim_start_matches('{').trim_end_matches('}');
    let op = parts.next()?;
    if op != "=" && op != "==" {
        return None;
    }
    let value = parts.next()?.trim_matches('"');
    if parts.next().is_some() {
        return None;
    }
    Some((var.to_string(), value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_version() {
        let v = parse_kernel_version(
            "# SPDX\nVERSION = 7\nPATCHLEVEL = 3\nSUBLEVEL = 4\nEXTRAVERSION =\nNAME = Baby Opossum Posse\n\
             VERSION = 9\n",
        )
        .unwrap();
        assert_eq!(v.release(), "7.3.4");
        assert_eq!(v.series(), "7.3");
        assert_eq!(v.name.as_deref(), Some("Baby Opossum Posse"));
        let rc = parse_kernel_version(
            "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION = -rc1\n",
        )
        .unwrap();
        assert_eq!(rc.release(), "6.12.0-rc1");
        assert_eq!(rc.name, None);
        let bare = parse_kernel_version("VERSION = 2\nPATCHLEVEL = 6\nSUBLEVEL =\n").unwrap();
        assert_eq!(bare.release(), "2.6");
        assert_eq!(parse_kernel_version("VERSION = x\nPATCHLEVEL = 1"), None);
        assert_eq!(parse_kernel_version(""), None);
    }

    const SCRIPT: &str = r#"#!/bin/sh
set -e
if [ $# != 1 ]; then
	echo "Usage: $0 toolname" >&2
	exit 1
fi

case "$1" in
binutils)
	echo 2.30.0
	;;
rustc)
	if [ "$SRCARCH" = "s390" ]; then
		echo 1.96.0
	elif [ "$ARCH" = powerpc ]; then
		echo 1.95.0
	elif [ -n "$WEIRD" ]; then
		echo 1.90.0
	else
		echo 1.85.0
	fi
	;;
bindgen)
	echo 0.71.1
	;;
*)
	echo "$1: unknown tool" >&2
	exit 1
	;;
esac
"#;

    #[test]
    fn min_tool_versions() {
        let tools = parse_min_tool_versions(SCRIPT);
        let names: Vec<&str> = tools.iter().map(|t| t.tool.as_str()).collect();
        assert_eq!(names, ["binutils", "rustc", "bindgen"]);
        let rustc = &tools[1];
        assert_eq!(rustc.default.as_deref(), Some("1.85.0"));
        assert_eq!(rustc.overrides.len(), 3);
        assert_eq!(rustc.overrides[0].variable, "SRCARCH");
        assert_eq!(rustc.overrides[0].value, "s390");
        assert_eq!(rustc.overrides[1].variable, "ARCH");
        assert_eq!(rustc.overrides[1].value, "powerpc");
        assert_eq!(rustc.overrides[2].variable, "");
        assert_eq!(rustc.overrides[2].condition, "[ -n \"$WEIRD\" ]");
        assert_eq!(rustc.for_arch("s390"), Some("1.96.0"));
        assert_eq!(rustc.for_arch("x86"), Some("1.85.0"));
        assert_eq!(
            min_tool_version(SCRIPT, "bindgen")
                .unwrap()
                .default
                .as_deref(),
            Some("0.71.1")
        );
        assert_eq!(min_tool_version(SCRIPT, "gcc"), None);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "case x in",
            "case x in\nrustc)\n\tif\n\techo\n",
            "=\n=\n",
            "[ ]",
        ] {
            let _ = parse_kernel_version(text);
            let _ = parse_min_tool_versions(text);
            let _ = test_of(text);
        }
    }

    #[test]
    fn real_trees() {
        use crate::testing::{read, tree};
        // `head -6 Makefile` and `cat scripts/min-tool-version.sh` in each tree.
        if let Some(t) = tree("6.1", false) {
            let v = parse_kernel_version(&read(&t, "Makefile")).unwrap();
            assert_eq!(v.release(), "6.1.192");
            let s = read(&t, "scripts/min-tool-version.sh");
            let rustc = min_tool_version(&s, "rustc").unwrap();
            assert_eq!(rustc.default.as_deref(), Some("1.62.0"));
            assert!(rustc.overrides.is_empty());
            assert_eq!(
                min_tool_version(&s, "bindgen").unwrap().default.as_deref(),
                Some("0.56.0")
            );
        }
        if let Some(t) = tree("6.12", true) {
            let v = parse_kernel_version(&read(&t, "Makefile")).unwrap();
            assert_eq!(v.release(), "6.12.117");
            assert_eq!(v.name.as_deref(), Some("Baby Opossum Posse"));
            let s = read(&t, "scripts/min-tool-version.sh");
            let rustc = min_tool_version(&s, "rustc").unwrap();
            assert_eq!(rustc.default.as_deref(), Some("1.78.0"));
            assert!(rustc.overrides.is_empty());
            assert_eq!(
                min_tool_version(&s, "bindgen").unwrap().default.as_deref(),
                Some("0.65.1")
            );
            // llvm: s390 15.0.0, loongarch 18.0.0, else 13.0.1.
            let llvm = min_tool_version(&s, "llvm").unwrap();
            assert_eq!(llvm.for_arch("s390"), Some("15.0.0"));
            assert_eq!(llvm.for_arch("loongarch"), Some("18.0.0"));
            assert_eq!(llvm.for_arch("x86"), Some("13.0.1"));
        }
        if let Some(t) = tree("7.2", false) {
            let v = parse_kernel_version(&read(&t, "Makefile")).unwrap();
            assert_eq!(v.release(), "7.2.13");
        }
        let Some(t) = tree("7.3", true) else { return };
        let v = parse_kernel_version(&read(&t, "Makefile")).unwrap();
        assert_eq!(v.release(), "7.3.4");
        let s = read(&t, "scripts/min-tool-version.sh");
        let rustc = min_tool_version(&s, "rustc").unwrap();
        assert_eq!(rustc.default.as_deref(), Some("1.85.0"));
        let overrides: Vec<(&str, &str, &str)> = rustc
            .overrides
            .iter()
            .map(|o| (o.variable.as_str(), o.value.as_str(), o.version.as_str()))
            .collect();
        assert_eq!(
            overrides,
            [("SRCARCH", "s390", "1.96.0"), ("ARCH", "powerpc", "1.95.0")]
        );
        assert_eq!(
            min_tool_version(&s, "bindgen").unwrap().default.as_deref(),
            Some("0.71.1")
        );
        let gcc = min_tool_version(&s, "gcc").unwrap();
        assert_eq!(gcc.for_arch("parisc64"), Some("12.0.0"));
        assert_eq!(gcc.default.as_deref(), Some("8.1.0"));
    }
}
