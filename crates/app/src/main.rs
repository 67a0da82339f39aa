//! The `altto` command. Everything it does lives in the library; this only parses the
//! command line and reports errors as one clear line.

use std::process::ExitCode;

use altto::{
    Settings, admin,
    cli::{AdminCommand, Cli, Command},
    server,
};
use clap::Parser as _;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let overrides = match &cli.command {
        Command::Serve(args) => args.overrides(),
        Command::Migrate(args) => args.overrides(),
        Command::Admin(command) => command.database().overrides(),
    };
    let settings = Settings::load(cli.config.as_deref(), &overrides)?;
    server::init_tracing(settings.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        match cli.command {
            Command::Serve(_) => server::serve(settings).await,
            Command::Migrate(_) => {
                let store = server::open_store(&settings).await?;
                store.close().await;
                println!("the database at {} is up to date", settings.database_url()?);
                Ok(())
            }
            Command::Admin(command) => {
                let store = server::open_store(&settings).await?;
                let result = match &command {
                    AdminCommand::CreateUser(args) => admin::cli::create_user(&store, args).await,
                    AdminCommand::SetRole(args) => admin::cli::set_role(&store, args).await,
                };
                store.close().await;
                println!("{}", result?);
                Ok(())
            }
        }
    })
}
