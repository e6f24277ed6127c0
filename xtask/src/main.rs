//! `cargo xtask`: see the library for the commands.

/// Generation allocates and frees syn trees by the million: mimalloc is much faster at it than
/// the system allocator (see `cargo bench -p openapi-rs-generator`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v2 and v3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // A run frees and reallocates hundreds of megabytes for a big spec; mimalloc would hand
    // freed pages back to the OS after a while, only to fault them in again. The process is
    // short-lived: keep them.
    // SAFETY: plain FFI call setting an option; no memory is touched.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let code = xtask::run(std::env::args_os(), &mut std::io::stderr());
    std::process::exit(code);
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_option_set_is_mimallocs_purge_delay() {
        // mimalloc 3's default for it is 1000 (ms); the options around it default to 1 and 0.
        // SAFETY: plain FFI call reading an option.
        let value = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(value, 1000);
    }
}
