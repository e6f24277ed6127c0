//! `cargo xtask`: see the library for the commands.

fn main() {
    let code = xtask::run(std::env::args_os(), &mut std::io::stderr());
    std::process::exit(code);
}
