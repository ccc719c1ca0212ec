//! Rust's reach into the C API as text: the report's Markdown section and terminal lines.

use super::{markdown_cell as cell, percent, share, thousands as n};
use crate::model::reach::Reach;
use std::fmt::Write as _;

/// Subsystems listed in the Markdown table (those Rust reaches most, then the largest).
const SUBSYSTEMS_SHOWN: usize = 25;

/// C subsystems listed per driver or module.
const SUBSYSTEMS_PER_CHAIN: usize = 5;

/// The headline sentence, shared by the formats.
pub fn headline(reach: &Reach) -> String {
    format!(
        "Rust calls {} of the kernel's {} exported C functions ({}); {} C functions, inline \
         functions and macros in all, {} of them through C helpers.",
        n(reach.exported_called_from_rust),
        n(reach.exported_c_functions),
        share(reach.exported_called_from_rust, reach.exported_c_functions),
        n(reach.c_functions_called),
        n(reach.via_helpers),
    )
}

/// Lines for the terminal summary.
pub fn table(reach: &Reach) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Reach into the C API");
    let _ = writeln!(
        out,
        "  exported C functions called from Rust  {} of {} ({})",
        n(reach.exported_called_from_rust),
        n(reach.exported_c_functions),
        share(reach.exported_called_from_rust, reach.exported_c_functions)
    );
    let _ = writeln!(
        out,
        "  C functions reached                    {} ({} via helpers)",
        n(reach.c_functions_called),
        n(reach.via_helpers)
    );
    let _ = writeln!(
        out,
        "  structs of bound headers named         {} of {} ({})",
        n(reach.structs.named_from_rust),
        n(reach.structs.defined_in_bound_headers),
        share(
            reach.structs.named_from_rust,
            reach.structs.defined_in_bound_headers
        )
    );
    out
}

/// Subsystems ordered for display: most called from Rust first, then most exported.
pub fn subsystems_by_reach(reach: &Reach) -> Vec<&crate::model::reach::SubsystemReach> {
    let mut rows: Vec<_> = reach.by_subsystem.iter().collect();
    rows.sort_by(|a, b| {
        (b.called_from_rust, b.exported, &a.subsystem).cmp(&(
            a.called_from_rust,
            a.exported,
            &b.subsystem,
        ))
    });
    rows
}

/// The Markdown section "Rust's reach into the C API".
pub fn markdown(reach: &Reach) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Rust's reach into the C API\n");
    let _ = writeln!(out, "{}\n", headline(reach));
    let _ = writeln!(
        out,
        "The kernel exports {} distinct symbols with `EXPORT_SYMBOL*` ({} functions, {} \
         variables, {} of a kind the file does not tell), Rust's own `EXPORT_SYMBOL_RUST_GPL` \
         apart. A C function counts as called from Rust when a Rust file names it through \
         `bindings::` (a call or a function pointer), or names a C helper that wraps it.\n",
        n(reach.exported_c_symbols),
        n(reach.exported_c_functions),
        n(reach.exported_c_variables),
        n(reach.exported_c_unknown),
    );
    let _ = writeln!(
        out,
        "Structs: the {} headers given to bindgen define {} structs; Rust names {} of them \
         through `bindings::` ({}), and {} structs of any header.\n",
        n(reach.structs.bound_headers),
        n(reach.structs.defined_in_bound_headers),
        n(reach.structs.named_from_rust),
        share(
            reach.structs.named_from_rust,
            reach.structs.defined_in_bound_headers
        ),
        n(reach.structs.named_from_rust_any_header),
    );
    let rows = subsystems_by_reach(reach);
    if !rows.is_empty() {
        let _ = writeln!(out, "### By subsystem\n");
        let _ = writeln!(
            out,
            "The {} subsystems (MAINTAINERS sections, or top-level folders) Rust reaches most, \
             of {}.\n",
            rows.len().min(SUBSYSTEMS_SHOWN),
            rows.len()
        );
        let _ = writeln!(
            out,
            "| Subsystem | Exported functions | Called from Rust | Share |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for s in rows.iter().take(SUBSYSTEMS_SHOWN) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&s.subsystem),
                n(s.exported),
                n(s.called_from_rust),
                percent(s.called_from_rust, s.exported)
            );
        }
        out.push('\n');
    }
    let drivers: Vec<_> = reach.chains.iter().filter(|c| c.kind == "driver").collect();
    if !drivers.is_empty() {
        let _ = writeln!(out, "### From drivers to C subsystems\n");
        let _ = writeln!(
            out,
            "Each driver, the C functions it calls itself (through `bindings::`), the `kernel` \
             modules it uses, and the C subsystems its calls land in, directly or through those \
             modules. A driver with no direct calls uses only the safe abstractions.\n"
        );
        let _ = writeln!(
            out,
            "| Driver | Direct C calls | `kernel` modules | C subsystems reached |"
        );
        let _ = writeln!(out, "|---|---:|---:|---|");
        for c in drivers {
            let subsystems: Vec<String> = c
                .subsystems
                .iter()
                .take(SUBSYSTEMS_PER_CHAIN)
                .map(|(s, k)| format!("{} ({k})", cell(s)))
                .collect();
            let more = c.subsystems.len().saturating_sub(SUBSYSTEMS_PER_CHAIN);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}{} |",
                cell(&c.rust),
                n(c.direct_c_functions),
                n(c.kernel_modules.len() as u64),
                subsystems.join(", "),
                if more > 0 {
                    format!(", and {more} more")
                } else {
                    String::new()
                }
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::reach::{Chain, SubsystemReach};

    fn sample() -> Reach {
        Reach {
            exported_c_symbols: 10,
            exported_c_functions: 8,
            exported_c_variables: 1,
            exported_c_unknown: 1,
            c_functions_called: 5,
            via_helpers: 2,
            exported_called_from_rust: 2,
            share: 0.25,
            by_subsystem: vec![
                SubsystemReach {
                    subsystem: "BIG | PIPE".into(),
                    exported: 6,
                    called_from_rust: 0,
                    share: 0.0,
                },
                SubsystemReach {
                    subsystem: "LOCKING".into(),
                    exported: 2,
                    called_from_rust: 2,
                    share: 1.0,
                },
            ],
            chains: vec![Chain {
                rust: "rnull".into(),
                kind: "driver".into(),
                direct_c_functions: 0,
                kernel_modules: vec!["kernel::block".into()],
                subsystems: vec![("BLOCK LAYER".into(), 3)],
            }],
            ..Reach::default()
        }
    }

    #[test]
    fn markdown_section() {
        let md = markdown(&sample());
        assert!(md.contains("Rust calls 2 of the kernel's 8 exported C functions (25.00%)"));
        // Most reached first; the pipe in a name is escaped.
        let locking = md.find("| LOCKING | 2 | 2 | 100.0% |").unwrap();
        let big = md.find("| BIG \\| PIPE | 6 | 0 | 0.0% |").unwrap();
        assert!(locking < big);
        assert!(md.contains("| rnull | 0 | 1 | BLOCK LAYER (3) |"));
    }

    #[test]
    fn terminal_lines() {
        let t = table(&sample());
        assert!(t.contains("2 of 8 (25.00%)"));
        assert!(t.contains("5 (2 via helpers)"));
    }
}
