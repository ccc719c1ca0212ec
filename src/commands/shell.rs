//! `kcensus completions SHELL` and `kcensus man`: shell integration, generated from the
//! command-line definition itself, so they never fall behind it.

use super::Outcome;
use anyhow::{Context, Result};
use std::path::PathBuf;

/// Arguments of `kcensus completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The completion script of `command` for a shell: `kcensus completions bash > /usr/share/bash-completion/completions/kcensus`.
pub fn completions(args: &CompletionsArgs, mut command: clap::Command) -> Result<Outcome> {
    let mut script = Vec::new();
    let name = command.get_name().to_string();
    clap_complete::generate(args.shell, &mut command, name, &mut script);
    Ok(Outcome::success(
        String::from_utf8(script).context("completion script is not UTF-8")?,
    ))
}

/// Arguments of `kcensus man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write kcensus.1 and one page per subcommand (kcensus-report.1, ...) into this folder
    /// instead of printing kcensus.1.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// The man page of `command` (roff), or every page written into `--out-dir`.
pub fn man(args: &ManArgs, command: clap::Command) -> Result<Outcome> {
    match &args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(command, dir)
                .with_context(|| format!("cannot write man pages into {}", dir.display()))?;
            Ok(Outcome::success(String::new()))
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut page)
                .context("cannot render the man page")?;
            Ok(Outcome::success(
                String::from_utf8(page).context("man page is not UTF-8")?,
            ))
        }
    }
}
