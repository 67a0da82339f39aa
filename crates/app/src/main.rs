//! The `altto` command. Everything it does lives in the library; this only parses the
//! command line and reports errors as one clear line.

use std::process::ExitCode;

use altto::{
    Settings, admin, backup, certificates,
    cli::{AdminCommand, CertificateCommand, Cli, Command, ContentCommand, DevCommand, SearchCommand},
    config::Overrides,
    courses::{library, package},
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
        Command::Content(ContentCommand::Import(args)) => args.database.overrides(),
        Command::Content(ContentCommand::Export(args)) => args.database.overrides(),
        Command::Certificate(CertificateCommand::Verify(args)) => {
            Overrides { data_dir: args.data_dir.clone(), ..Overrides::default() }
        }
        Command::Dev(DevCommand::Seed(args)) => args.database.overrides(),
        Command::Search(SearchCommand::Reindex(args)) => args.overrides(),
        Command::Search(SearchCommand::Export(args)) => args.database.overrides(),
        Command::Backup(args) => args.database.overrides(),
        Command::Restore(args) => args.database.overrides(),
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
            Command::Content(ContentCommand::Import(args)) => {
                let refused = |problems: Vec<package::Problem>| {
                    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
                    anyhow::anyhow!(
                        "{} has {} problem(s); nothing was changed:\n{}",
                        args.dir.display(),
                        list.len(),
                        list.join("\n")
                    )
                };
                let limit = u64::try_from(settings.upload_limit_bytes).unwrap_or(u64::MAX);
                let files = match package::read_dir(&args.dir, limit) {
                    Ok(files) => files,
                    Err(package::ReadError::Refused(problems)) => return Err(refused(problems)),
                    Err(err) => return Err(err.into()),
                };
                let store = server::open_store(&settings).await?;
                let result =
                    library::import(&store, &files, None, args.publish, settings.upload_limit_bytes).await;
                store.close().await;
                match result {
                    Ok(done) => {
                        let verb = if done.created { "created" } else { "updated" };
                        let state = if args.publish { "published" } else { "waiting for review" };
                        println!("{verb} the course {} (revision {}, {state})", done.slug, done.revision_id);
                        if !done.new_topics.is_empty() {
                            println!(
                                "added to the topic list, labelled with their names until an editor gives them \
                                 English and Japanese labels at /admin/topics: {}",
                                done.new_topics.join(", ")
                            );
                        }
                        Ok(())
                    }
                    Err(library::ImportError::Invalid(problems)) => Err(refused(problems)),
                    Err(err) => Err(err.into()),
                }
            }
            Command::Content(ContentCommand::Export(args)) => {
                let store = server::open_store(&settings).await?;
                let files = library::export(&store, &args.slug).await;
                store.close().await;
                let files = files?;
                package::write_dir(&args.dir, &files)
                    .map_err(|err| anyhow::anyhow!("cannot write {}: {err}", args.dir.display()))?;
                println!("wrote {} files of {} to {}", files.len(), args.slug, args.dir.display());
                Ok(())
            }
            Command::Dev(DevCommand::Seed(args)) => {
                let store = server::open_store(&settings).await?;
                server::load_starter_content(&store).await?;
                let state = altto::AppState::build(settings.clone(), store.clone()).await?;
                let plan = altto::dev::seed::SeedPlan {
                    members: args.members,
                    courses: args.courses,
                    lessons_per_course: args.lessons_per_course,
                    progress: args.progress,
                    attempts: args.attempts,
                    articles: args.articles,
                    forum_threads: args.forum_threads,
                    forum_posts: args.forum_posts,
                    sessions: args.sessions,
                    seed: args.seed,
                };
                let started = std::time::Instant::now();
                let result = altto::dev::seed::run(&state, &plan, args.sessions_file.as_deref()).await;
                store.close().await;
                result?;
                println!("seeded in {:.1} s", started.elapsed().as_secs_f64());
                Ok(())
            }
            Command::Search(SearchCommand::Reindex(_)) => {
                println!("{}", altto::search::commands::reindex(settings).await?);
                Ok(())
            }
            Command::Search(SearchCommand::Export(args)) => {
                println!("{}", altto::search::commands::export(settings, &args.out).await?);
                Ok(())
            }
            Command::Backup(args) => {
                println!("{}", backup::backup(&settings, &args.file, &mut backup::Bar::for_stdout()).await?);
                Ok(())
            }
            Command::Restore(args) => {
                let done = backup::restore(&settings, &args.file, args.force, &mut backup::Bar::for_stdout())
                    .await?;
                println!("{done}");
                Ok(())
            }
            Command::Certificate(CertificateCommand::Verify(args)) => {
                let token = std::fs::read_to_string(&args.file)
                    .map_err(|err| anyhow::anyhow!("cannot read {}: {err}", args.file.display()))?;
                let jwks = match &args.jwks {
                    Some(path) => serde_json::from_str(&std::fs::read_to_string(path)?)
                        .map_err(|err| anyhow::anyhow!("{} is not a JWK set: {err}", path.display()))?,
                    None => {
                        certificates::signing::Signer::from_file(&certificates::signing::key_path(&settings))?
                            .jwks()
                    }
                };
                match certificates::verify_file(&token, &jwks) {
                    Ok(description) => {
                        println!("{description}");
                        Ok(())
                    }
                    Err(invalid) => anyhow::bail!("invalid: {invalid}"),
                }
            }
        }
    })
}
