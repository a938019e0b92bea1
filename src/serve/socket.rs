//! Socket options for the dev server's listener. Linux copies them to every connection
//! `accept` returns, which is the only way to reach the connections tiny_http accepts itself:
//!
//! - `TCP_NODELAY`: a response's last small write otherwise waits for the client's delayed
//!   ACK (Nagle's algorithm), about 40 ms on every request of a kept-alive connection.
//! - `SO_SNDTIMEO`: a send that makes no progress for [`SEND_TIMEOUT`] fails, so a client that
//!   stops reading frees its thread.
//! - `SO_RCVTIMEO`: a read that gets nothing for [`READ_TIMEOUT`] fails, so a client that
//!   opens a connection and sends half a request (or bare-LF lines tiny_http never finishes
//!   parsing) is dropped instead of held for ever. Linux applies it to `accept` on the
//!   listener too, and tiny_http's accept thread ends at its first error: so the server wakes
//!   its own listener with a connection before the timeout can pass (`http::wake_listener`).
//!
//! On other systems the options are set where the OS allows and silently left otherwise: a
//! dev server still works without them.

use std::net::TcpListener;
use std::time::Duration;

pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);
pub const READ_TIMEOUT: Duration = Duration::from_secs(15);

/// Sets the options above, with `read_timeout` in place of [`READ_TIMEOUT`].
pub fn tune_listener(listener: &TcpListener, read_timeout: Duration) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let fd = listener.as_raw_fd();
        let one: libc::c_int = 1;
        set(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY, &one);
        set(
            fd,
            libc::SOL_SOCKET,
            libc::SO_SNDTIMEO,
            &timeval(SEND_TIMEOUT),
        );
        set(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            &timeval(read_timeout),
        );
    }
    #[cfg(not(unix))]
    let _ = (listener, read_timeout);
}

#[cfg(unix)]
fn timeval(d: Duration) -> libc::timeval {
    libc::timeval {
        tv_sec: d.as_secs() as libc::time_t,
        tv_usec: d.subsec_micros() as libc::suseconds_t,
    }
}

#[cfg(unix)]
fn set<T>(fd: std::os::fd::RawFd, level: libc::c_int, name: libc::c_int, value: &T) {
    // SAFETY: `value` points at a live `T` of the size passed; setsockopt only reads it. A
    // failure leaves the default, which is what a system without the option has anyway.
    unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            (value as *const T).cast(),
            std::mem::size_of::<T>() as libc::socklen_t,
        );
    }
}
