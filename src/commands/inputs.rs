//! Inputs named on the command line of the commands that take several (`history`, `diff`):
//! paths, each a git repository when a `--rev` follows it.

use anyhow::{bail, Result};
use clap::ArgMatches;
use std::path::PathBuf;

/// An input as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedInput {
    /// A directory, a tarball, or a git repository.
    pub path: PathBuf,
    /// The revision, for a git repository.
    pub rev: Option<String>,
}

impl NamedInput {
    /// How the input is shown in output: the path as given.
    pub fn label(&self) -> String {
        self.path.display().to_string()
    }
}

/// Pair each `--rev` (argument `rev_id`) with the input (argument `inputs_id`) given just
/// before it: `history a.tar.xz REPO --rev v7.3 b/`. `matches` are the subcommand's.
pub fn paired_with_revisions(
    matches: &ArgMatches,
    inputs_id: &str,
    rev_id: &str,
) -> Result<Vec<NamedInput>> {
    let paths: Vec<PathBuf> = matches
        .get_many::<PathBuf>(inputs_id)
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    let path_at: Vec<usize> = matches
        .indices_of(inputs_id)
        .map(|i| i.collect())
        .unwrap_or_default();
    let mut inputs: Vec<NamedInput> = paths
        .into_iter()
        .map(|path| NamedInput { path, rev: None })
        .collect();
    let revs: Vec<String> = matches
        .get_many::<String>(rev_id)
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    let rev_at: Vec<usize> = matches
        .indices_of(rev_id)
        .map(|i| i.collect())
        .unwrap_or_default();
    for (rev, at) in revs.into_iter().zip(rev_at) {
        let Some(owner) = path_at.iter().rposition(|&p| p < at) else {
            bail!("--rev {rev}: give the git repository before it");
        };
        if let Some(earlier) = &inputs[owner].rev {
            bail!(
                "{}: two revisions ({earlier}, {rev}); name the repository again before each --rev",
                inputs[owner].path.display()
            );
        }
        inputs[owner].rev = Some(rev);
    }
    Ok(inputs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Arg, ArgAction, Command};

    fn parse(args: &[&str]) -> Result<Vec<NamedInput>> {
        let command = Command::new("t")
            .arg(
                Arg::new("inputs")
                    .num_args(1..)
                    .value_parser(clap::value_parser!(PathBuf)),
            )
            .arg(Arg::new("rev").long("rev").action(ArgAction::Append))
            .arg(Arg::new("format").long("format"));
        let matches = command.try_get_matches_from(args)?;
        paired_with_revisions(&matches, "inputs", "rev")
    }

    fn input(path: &str, rev: Option<&str>) -> NamedInput {
        NamedInput {
            path: path.into(),
            rev: rev.map(str::to_string),
        }
    }

    #[test]
    fn each_rev_goes_to_the_input_before_it() {
        let got = parse(&[
            "t", "a.tar.xz", "repo", "--rev", "v7.3", "--format", "json", "b",
        ])
        .unwrap();
        assert_eq!(
            got,
            vec![
                input("a.tar.xz", None),
                input("repo", Some("v7.3")),
                input("b", None)
            ]
        );
        let got = parse(&["t", "repo", "--rev=v6.1", "repo", "--rev", "v6.12"]).unwrap();
        assert_eq!(
            got,
            vec![input("repo", Some("v6.1")), input("repo", Some("v6.12"))]
        );
    }

    #[test]
    fn a_rev_without_its_repository_is_an_error() {
        let error = parse(&["t", "--rev", "v7.3", "repo"])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("give the git repository before it"),
            "{error}"
        );
        let error = parse(&["t", "repo", "--rev", "a", "--rev", "b"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("two revisions (a, b)"), "{error}");
    }
}
