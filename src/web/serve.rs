//! The HTTP server loop. `axum::serve` has no limits of its own, so one slow or idle
//! client per file descriptor could starve the server; here every connection must send
//! its request head within a deadline (which also closes idle keep-alive connections),
//! at most `max_connections` are served at once (the rest wait in the kernel's backlog),
//! and running out of file descriptors pauses accepting instead of ending it.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

/// The connection limits (README, "Grenzen").
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once; further ones wait until one closes.
    pub max_connections: usize,
    /// Time a client has to send a request's head, and to start the next one on a
    /// kept-alive connection.
    pub header_timeout: Duration,
    /// Largest request head (request line and headers), answered with 431 beyond it.
    pub max_header_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_connections: 512,
            header_timeout: Duration::from_secs(10),
            max_header_bytes: 64 * 1024,
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes; open connections then finish
/// their current request.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(err) => {
                    // EMFILE/ENFILE/ENOMEM/ECONNABORTED: the listener itself is fine;
                    // wait a moment for descriptors to be freed and go on accepting.
                    tracing::warn!(error = %err, "Verbindung nicht angenommen");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                let app = app.clone();
                async move {
                    Ok::<_, Infallible>(
                        app.oneshot(req.map(axum::body::Body::new))
                            .await
                            .unwrap_or_else(|e| match e {}),
                    )
                }
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .max_header_size(limits.max_header_bytes)
                .max_buf_size(limits.max_header_bytes.max(8192) * 2)
                .keep_alive(true);
            let conn = builder.serve_connection(TokioIo::new(ParserAnswers::new(stream)), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    let _ = stop_tx.send(true);
    // Wait (bounded) for the connections still serving a request.
    let _ = tokio::time::timeout(
        Duration::from_secs(10),
        permits.acquire_many(limits.max_connections as u32),
    )
    .await;
}

/// The connection as hyper sees it. hyper answers a request it cannot parse (a bad
/// request line: 400; a head over the limit: 431) itself, without asking the
/// application, so those answers would lack the security headers. This wrapper adds them
/// to a response head that has none: every answer the application makes already carries
/// a `content-security-policy`, so only hyper's own answers are touched. Writes are not
/// vectored, so hyper hands over each head in one buffer.
struct ParserAnswers<T> {
    inner: T,
    /// A rewritten head still being written, and how much of it is written.
    pending: Option<(Vec<u8>, usize, usize)>,
}

impl<T> ParserAnswers<T> {
    fn new(inner: T) -> Self {
        Self {
            inner,
            pending: None,
        }
    }
}

/// `buf` with the security headers inserted after the status line, when it is a
/// response head without them.
fn with_security_headers(buf: &[u8]) -> Option<Vec<u8>> {
    if !buf.starts_with(b"HTTP/1.") {
        return None;
    }
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    if head.contains("\r\ncontent-security-policy:") {
        return None;
    }
    let line_end = buf.windows(2).position(|w| w == b"\r\n")?;
    let mut out = Vec::with_capacity(buf.len() + 512);
    out.extend_from_slice(&buf[..line_end + 2]);
    for (name, value) in super::layers::SECURITY_HEADERS {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(&buf[line_end + 2..]);
    Some(out)
}

impl<T: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for ParserAnswers<T> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite for ParserAnswers<T> {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        use std::task::Poll;
        if self.pending.is_none()
            && let Some(rewritten) = with_security_headers(buf)
        {
            self.pending = Some((rewritten, 0, buf.len()));
        }
        let this = &mut *self;
        if let Some((bytes, written, consumed)) = &mut this.pending {
            while *written < bytes.len() {
                match std::pin::Pin::new(&mut this.inner).poll_write(cx, &bytes[*written..]) {
                    Poll::Ready(Ok(0)) => return Poll::Ready(Ok(0)),
                    Poll::Ready(Ok(n)) => *written += n,
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                    Poll::Pending => return Poll::Pending,
                }
            }
            let consumed = *consumed;
            this.pending = None;
            return Poll::Ready(Ok(consumed));
        }
        std::pin::Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Raises the soft limit of open files to the hard limit, so the connection cap and not
/// the default 1,024 descriptors bounds the server. Returns the limit now in force.
#[allow(unsafe_code)]
pub fn raise_fd_limit() -> Option<u64> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read or write the struct passed by reference.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return None;
        }
        if lim.rlim_cur < lim.rlim_max {
            let wanted = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &wanted) == 0 {
                return Some(wanted.rlim_cur);
            }
        }
    }
    Some(lim.rlim_cur)
}

#[cfg(test)]
mod tests {
    use super::with_security_headers;

    #[test]
    fn only_heads_without_security_headers_are_rewritten() {
        let bare = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n";
        let out = with_security_headers(bare).map(|b| String::from_utf8_lossy(&b).into_owned());
        let out = out.unwrap_or_default();
        assert!(out.starts_with(
            "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-security-policy: "
        ));
        assert!(out.contains("x-content-type-options: nosniff\r\n"));
        assert!(out.ends_with("content-length: 0\r\n\r\n"));
        let ours = b"HTTP/1.1 200 OK\r\ncontent-security-policy: default-src 'self'\r\n\r\nbody";
        assert!(with_security_headers(ours).is_none());
        assert!(with_security_headers(b"<html>body bytes</html>").is_none());
    }
}
