//! The distribution, as a user gets it: `scripts/dist.sh` builds the wheel and the npm tarballs
//! from the release binary into dist/, and each is installed where no Rust toolchain is on
//! `PATH`: the wheel in a fresh venv, the npm packages in a fresh npm project (no registry
//! reachable), and the python pre-commit hook from dist/ with pip's `--no-index`. Each test
//! skips, saying why, where a tool is missing; `.ci/install-dist-tools.sh` installs them for CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::repo;

// A renamed key: an error that plain --fix mends (a misspelling would be a suggestion only).
const BAD: &str = "[token](https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22zone_dns%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&zoneId=all)\n";
const GOOD: &str = "[token](https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&zoneId=all)\n";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// dist/, built once per test run by scripts/dist.sh; `None` (with the reason) where it cannot be.
fn dist() -> Option<&'static Path> {
    static DIST: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIST.get_or_init(|| {
        for tool in ["maturin", "npm", "node"] {
            if common::which(tool).is_none() {
                common::skip(format_args!(
                    "{tool} is not on PATH (.ci/install-dist-tools.sh installs it)"
                ));
                return None;
            }
        }
        let started = Instant::now();
        let out = Command::new("bash")
            .arg("scripts/dist.sh")
            .current_dir(repo())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "scripts/dist.sh failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!("scripts/dist.sh took {:?}", started.elapsed());
        Some(repo().join("dist"))
    })
    .as_deref()
}

fn one_file(dir: &Path, prefix: &str, suffix: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(prefix) && name.ends_with(suffix)
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{prefix}*{suffix} in {}: {found:?}",
        dir.display()
    );
    found[0].clone()
}

/// `PATH` without any directory that holds cargo or rustc, so nothing can compile.
fn path_without_rust(extra: &[&Path]) -> String {
    let current = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = extra
        .iter()
        .map(|p| p.to_path_buf())
        .chain(std::env::split_paths(&current))
        .filter(|d| !d.join("cargo").exists() && !d.join("rustc").exists())
        .collect();
    std::env::join_paths(dirs).unwrap().into_string().unwrap()
}

fn run(program: &Path, args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(dir);
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "CARGO",
        "RUSTC",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()))
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn no_cargo(path: &str) {
    let found = std::env::split_paths(path).any(|d| d.join("cargo").exists());
    assert!(!found, "cargo is still on PATH: {path}");
}

fn wheel_name(dist: &Path) -> String {
    let wheel = one_file(dist, &format!("cf_token_lint-{VERSION}-py3-none-"), ".whl");
    wheel.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn dist_holds_the_wheel_the_npm_tarballs_and_the_release_archive() {
    let Some(dist) = dist() else { return };
    let wheel = dist.join(wheel_name(dist));
    let launcher = dist.join(format!("cf-token-lint-{VERSION}.tgz"));
    assert!(launcher.is_file());
    let platform = one_file(dist, "cf-token-lint-cli-", &format!("-{VERSION}.tgz"));
    let archive = one_file(dist, "cf-token-lint-", ".tar.gz");
    for (file, at_most) in [
        (&wheel, 8 << 20),
        (&platform, 8 << 20),
        (&launcher, 64 << 10),
    ] {
        let size = std::fs::metadata(file).unwrap().len();
        eprintln!("{}: {size} bytes", file.display());
        assert!(size < at_most, "{} is {size} bytes", file.display());
    }
    // The archive's checksum file is sha256sum's line for it.
    let sums = std::fs::read_to_string(format!("{}.sha256", archive.display())).unwrap();
    let name = archive.file_name().unwrap().to_string_lossy();
    assert!(sums.trim_end().ends_with(&format!("  {name}")), "{sums}");
    let check = run(
        Path::new("sha256sum"),
        &["-c", &format!("{name}.sha256")],
        dist,
        &[],
    );
    assert!(check.status.success(), "{}", text(&check));
}

/// Whether the ELF file at `path` names a dynamic loader (a `PT_INTERP` program header).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn names_a_dynamic_loader(path: &Path) -> bool {
    let elf = std::fs::read(path).unwrap();
    assert!(
        elf.starts_with(b"\x7fELF\x02\x01"),
        "{}: not a 64-bit little-endian ELF",
        path.display()
    );
    let at = |offset: usize, len: usize| {
        elf[offset..offset + len]
            .iter()
            .rev()
            .fold(0usize, |n, &b| n << 8 | usize::from(b))
    };
    let (table, entry_size, entries) = (at(0x20, 8), at(0x36, 2), at(0x38, 2));
    (0..entries).any(|i| at(table + i * entry_size, 4) == 3)
}

/// On Linux with glibc, the release archive's binary is linked statically
/// (scripts/release-env.sh); the wheel's is checked where the wheel is installed.
#[test]
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn the_released_glibc_binary_is_static_and_runs_with_an_empty_environment() {
    let Some(dist) = dist() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let archive = one_file(dist, "cf-token-lint-", ".tar.gz");
    let unpacked = run(
        Path::new("tar"),
        &["-xzf", archive.to_str().unwrap()],
        tmp.path(),
        &[],
    );
    assert!(unpacked.status.success(), "{}", text(&unpacked));
    let exe = tmp.path().join("cf-token-lint");
    assert!(
        !names_a_dynamic_loader(&exe),
        "{} is linked dynamically",
        exe.display()
    );
    // The dynamic binary of `cargo build`, for contrast: the check tells the two apart.
    assert!(names_a_dynamic_loader(Path::new(env!(
        "CARGO_BIN_EXE_cf-token-lint"
    ))));
    // No HOME (nor anything else): a static glibc would load its user lookups from the system
    // if any path of the binary asked for the home directory.
    std::fs::write(tmp.path().join("bad.md"), BAD).unwrap();
    let lint = Command::new(&exe)
        .args(["--color", "never", "bad.md"])
        .current_dir(tmp.path())
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(1), "{}", text(&lint));
    assert!(
        text(&lint).contains("permission key `zone_dns` was renamed to `dns`"),
        "{}",
        text(&lint)
    );
}

#[test]
fn the_wheel_installs_in_a_fresh_venv_without_rust() {
    let Some(dist) = dist() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let venv = tmp.path().join("venv");
    let made = run(
        Path::new("python3"),
        &["-m", "venv", venv.to_str().unwrap()],
        tmp.path(),
        &[],
    );
    assert!(made.status.success(), "{}", text(&made));
    let bin = venv.join("bin");
    let path = path_without_rust(&[&bin]);
    no_cargo(&path);
    let env = [
        ("PATH", path.as_str()),
        ("PIP_NO_INDEX", "1"),
        ("PIP_FIND_LINKS", dist.to_str().unwrap()),
        ("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
    ];
    let started = Instant::now();
    let pip = run(
        &bin.join("pip"),
        &["install", "--quiet", &format!("cf-token-lint=={VERSION}")],
        tmp.path(),
        &env,
    );
    assert!(pip.status.success(), "{}", text(&pip));
    eprintln!("pip install from dist/ took {:?}", started.elapsed());

    let exe = bin.join("cf-token-lint");
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // Static, so it needs no particular glibc, and maturin tags it manylinux.
        assert!(
            !names_a_dynamic_loader(&exe),
            "{} is linked dynamically",
            exe.display()
        );
        let name = wheel_name(dist);
        assert!(name.contains("-manylinux"), "{name}");
    }
    let version = run(&exe, &["--version"], tmp.path(), &env);
    assert_eq!(text(&version).trim(), format!("cf-token-lint {VERSION}"));
    std::fs::write(tmp.path().join("bad.md"), BAD).unwrap();
    let lint = run(&exe, &["--color", "never", "bad.md"], tmp.path(), &env);
    assert_eq!(lint.status.code(), Some(1), "{}", text(&lint));
    assert!(
        text(&lint).contains("permission key `zone_dns` was renamed to `dns`"),
        "{}",
        text(&lint)
    );
}

#[test]
fn the_npm_packages_install_in_a_fresh_project_without_a_registry_or_rust() {
    let Some(dist) = dist() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path();
    std::fs::write(
        project.join("package.json"),
        "{\"name\": \"docs-site\", \"private\": true}\n",
    )
    .unwrap();
    let launcher = dist.join(format!("cf-token-lint-{VERSION}.tgz"));
    let platform = one_file(dist, "cf-token-lint-cli-", &format!("-{VERSION}.tgz"));
    let path = path_without_rust(&[]);
    no_cargo(&path);
    let cache = project.join(".npm-cache");
    let env = [
        ("PATH", path.as_str()),
        // Nothing listens there: the install must not need the registry.
        ("npm_config_registry", "http://127.0.0.1:9/"),
        ("npm_config_fetch_retries", "0"),
        ("npm_config_cache", cache.to_str().unwrap()),
        ("npm_config_audit", "false"),
        ("npm_config_fund", "false"),
        ("npm_config_update_notifier", "false"),
    ];
    let npm = common::which("npm").unwrap();
    let started = Instant::now();
    let install = run(
        &npm,
        &[
            "install",
            "--save-dev",
            launcher.to_str().unwrap(),
            platform.to_str().unwrap(),
        ],
        project,
        &env,
    );
    assert!(install.status.success(), "{}", text(&install));
    eprintln!("npm install from dist/ took {:?}", started.elapsed());

    let npx = common::which("npx").unwrap();
    let version = run(&npx, &["cf-token-lint", "--version"], project, &env);
    assert_eq!(text(&version).trim(), format!("cf-token-lint {VERSION}"));

    // The launcher passes arguments, streams and the exit status through, with absolute paths
    // as lint-staged gives them; --fix mends the file.
    let file = project.join("docs.md");
    std::fs::write(&file, BAD).unwrap();
    let lint = run(
        &npx,
        &["cf-token-lint", "--color", "never", file.to_str().unwrap()],
        project,
        &env,
    );
    assert_eq!(lint.status.code(), Some(1), "{}", text(&lint));
    assert!(
        text(&lint).contains("permission key `zone_dns` was renamed to `dns`"),
        "{}",
        text(&lint)
    );
    let fixed = run(
        &npx,
        &["cf-token-lint", "--fix", file.to_str().unwrap()],
        project,
        &env,
    );
    assert_eq!(fixed.status.code(), Some(0), "{}", text(&fixed));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), GOOD);
    let missing = run(&npx, &["cf-token-lint", "no/such/dir"], project, &env);
    assert_eq!(missing.status.code(), Some(2), "{}", text(&missing));

    // Without the platform package, the launcher says what is wrong instead of crashing.
    let bin = project.join("node_modules/cf-token-lint/bin/cf-token-lint.js");
    std::fs::remove_dir_all(project.join("node_modules/@cf-token-lint")).unwrap();
    let node = common::which("node").unwrap();
    let orphan = run(&node, &[bin.to_str().unwrap(), "--version"], project, &env);
    assert_eq!(orphan.status.code(), Some(2));
    assert!(
        text(&orphan).contains("is installed (was the install run with --no-optional"),
        "{}",
        text(&orphan)
    );
}

/// The launcher's optional dependencies, the shim's pin and the platform table agree with
/// Cargo.toml's version and with each other.
#[test]
fn package_versions_agree_with_cargo() {
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("npm/cf-token-lint/package.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["version"], VERSION);
    let platforms: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("npm/cf-token-lint/platforms.json")).unwrap(),
    )
    .unwrap();
    let mut from_table: Vec<&str> = platforms
        .as_object()
        .unwrap()
        .values()
        .map(|p| p["package"].as_str().unwrap())
        .collect();
    from_table.sort();
    let optional = manifest["optionalDependencies"].as_object().unwrap();
    assert_eq!(
        optional.keys().map(String::as_str).collect::<Vec<_>>(),
        from_table
    );
    assert!(optional.values().all(|v| v == VERSION));
    let shim = std::fs::read_to_string(repo().join("setup.py")).unwrap();
    assert!(
        shim.contains(&format!("CF_TOKEN_LINT_VERSION = \"{VERSION}\"")),
        "setup.py pins another version"
    );
}

fn git(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    run(Path::new("git"), args, dir, env)
}

/// pre-commit installs the python hook (the root shim, then the wheel from dist/ with
/// `--no-index`) with no Rust on PATH, in well under a minute, and it refuses a bad commit.
#[test]
fn pre_commit_installs_the_python_hook_from_dist_without_rust() {
    let Some(dist) = dist() else { return };
    let Some(pre_commit) = std::env::var_os("PRE_COMMIT_BIN")
        .map(PathBuf::from)
        .or_else(|| common::which("pre-commit"))
    else {
        common::skip(format_args!(
            "pre-commit is not installed (.ci/run installs it)"
        ));
        return;
    };
    let wheelhouse = std::env::var_os("CF_TOKEN_LINT_WHEELHOUSE")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/ci-wheelhouse"));
    let has_setuptools = std::fs::read_dir(&wheelhouse).is_ok_and(|mut d| {
        d.any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("setuptools-")
        })
    });
    if !has_setuptools {
        common::skip(format_args!(
            "no setuptools wheel in {} for the offline shim build (.ci/install-dist-tools.sh downloads it)",
            wheelhouse.display()
        ));
        return;
    }
    let head = git(&repo(), &["rev-parse", "HEAD"], &[]);
    let head = String::from_utf8(head.stdout).unwrap().trim().to_string();
    if !git(&repo(), &["cat-file", "-e", "HEAD:setup.py"], &[])
        .status
        .success()
    {
        common::skip(format_args!(
            "this checkout's HEAD has no setup.py shim to clone"
        ));
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let home = tmp.path().join("pre-commit-home");
    let pre_commit_dir = pre_commit.parent().unwrap().to_path_buf();
    let path = path_without_rust(&[&pre_commit_dir]);
    no_cargo(&path);
    let links = format!("{} {}", dist.display(), wheelhouse.display());
    let env = [
        ("PATH", path.as_str()),
        ("PRE_COMMIT_HOME", home.to_str().unwrap()),
        ("PIP_NO_INDEX", "1"),
        ("PIP_FIND_LINKS", links.as_str()),
        ("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
        ("CARGO_HOME", "/nonexistent"),
        ("RUSTUP_HOME", "/nonexistent"),
    ];
    for args in [
        &["init", "-q"][..],
        &["config", "user.email", "docs@example.com"],
        &["config", "user.name", "Docs"],
        &["config", "commit.gpgsign", "false"],
    ] {
        assert!(git(&work, args, &env).status.success());
    }
    std::fs::write(
        work.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {head}\n    hooks:\n      - id: cf-token-lint\n",
            repo().display()
        ),
    )
    .unwrap();
    assert!(run(&pre_commit, &["install"], &work, &env).status.success());
    let started = Instant::now();
    let installed = run(&pre_commit, &["install-hooks"], &work, &env);
    let took = started.elapsed();
    assert!(installed.status.success(), "{}", text(&installed));
    eprintln!("pre-commit install-hooks (python hook) took {took:?}");
    assert!(took < Duration::from_secs(60), "took {took:?}");

    std::fs::write(work.join("tokens.md"), BAD).unwrap();
    git(&work, &["add", "-A"], &env);
    let refused = git(&work, &["commit", "-q", "-m", "bad link"], &env);
    assert!(!refused.status.success(), "{}", text(&refused));
    assert!(
        text(&refused)
            .contains("error[unknown-key]: permission key `zone_dns` was renamed to `dns`"),
        "{}",
        text(&refused)
    );
    std::fs::write(work.join("tokens.md"), GOOD).unwrap();
    git(&work, &["add", "-A"], &env);
    let accepted = git(&work, &["commit", "-q", "-m", "good link"], &env);
    assert!(accepted.status.success(), "{}", text(&accepted));
}

/// lint-staged with the README's configuration (examples/package.json) mends a staged file
/// through the npm launcher, given the absolute path lint-staged passes.
#[test]
fn lint_staged_fixes_a_staged_file_through_the_npm_package() {
    let Some(dist) = dist() else { return };
    let lint_staged = repo().join("target/ci-npm/node_modules/.bin/lint-staged");
    if !lint_staged.exists() {
        common::skip(format_args!(
            "no lint-staged under target/ci-npm (.ci/install-dist-tools.sh installs it)"
        ));
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path();
    let example: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("examples/package.json")).unwrap(),
    )
    .unwrap();
    let launcher = dist.join(format!("cf-token-lint-{VERSION}.tgz"));
    let platform = one_file(dist, "cf-token-lint-cli-", &format!("-{VERSION}.tgz"));
    let manifest = serde_json::json!({
        "name": "docs-site",
        "private": true,
        "lint-staged": example["lint-staged"],
    });
    std::fs::write(project.join("package.json"), manifest.to_string()).unwrap();
    let path = path_without_rust(&[]);
    let cache = project.join(".npm-cache");
    let env = [
        ("PATH", path.as_str()),
        ("npm_config_registry", "http://127.0.0.1:9/"),
        ("npm_config_fetch_retries", "0"),
        ("npm_config_cache", cache.to_str().unwrap()),
        ("npm_config_audit", "false"),
        ("npm_config_fund", "false"),
    ];
    let npm = common::which("npm").unwrap();
    let install = run(
        &npm,
        &[
            "install",
            "--save-dev",
            launcher.to_str().unwrap(),
            platform.to_str().unwrap(),
        ],
        project,
        &env,
    );
    assert!(install.status.success(), "{}", text(&install));
    for args in [
        &["init", "-q"][..],
        &["config", "user.email", "docs@example.com"],
        &["config", "user.name", "Docs"],
    ] {
        assert!(git(project, args, &env).status.success());
    }
    std::fs::write(project.join(".gitignore"), "node_modules/\n.npm-cache/\n").unwrap();
    std::fs::write(project.join("docs.md"), BAD).unwrap();
    git(project, &["add", ".gitignore", "docs.md"], &env);
    let ran = run(&lint_staged, &[], project, &env);
    assert!(ran.status.success(), "{}", text(&ran));
    assert_eq!(
        std::fs::read_to_string(project.join("docs.md")).unwrap(),
        GOOD
    );
    let staged = git(project, &["show", ":docs.md"], &env);
    assert_eq!(
        String::from_utf8(staged.stdout).unwrap(),
        GOOD,
        "the fix is staged"
    );
}
