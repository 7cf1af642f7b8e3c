//! A TCP stream as hyper sees it: reads pass through the [`Framing`] gate, writes go straight
//! to the socket.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use crate::framing::Framing;

/// Size of one read from the socket.
const READ_CHUNK: usize = 8 * 1024;

/// A client connection whose request heads are checked before hyper parses them.
pub struct GatedStream {
    stream: TcpStream,
    framing: Framing,
    /// Approved bytes hyper has not read yet, from `offset` on.
    approved: Vec<u8>,
    offset: usize,
}

impl GatedStream {
    pub fn new(stream: TcpStream, framing: Framing) -> GatedStream {
        GatedStream {
            stream,
            framing,
            approved: Vec::new(),
            offset: 0,
        }
    }
}

impl AsyncRead for GatedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if this.offset < this.approved.len() {
                let n = buf.remaining().min(this.approved.len() - this.offset);
                buf.put_slice(&this.approved[this.offset..this.offset + n]);
                this.offset += n;
                if this.offset == this.approved.len() {
                    this.approved.clear();
                    this.offset = 0;
                }
                return Poll::Ready(Ok(()));
            }
            let mut chunk = [0u8; READ_CHUNK];
            let mut read = ReadBuf::new(&mut chunk);
            ready!(Pin::new(&mut this.stream).poll_read(cx, &mut read))?;
            if read.filled().is_empty() {
                // End of stream: hyper sees it too (and an unfinished head is its error).
                return Poll::Ready(Ok(()));
            }
            this.framing.accept(read.filled(), &mut this.approved);
            if this.framing.refusal().is_some() && this.approved.is_empty() {
                // Everything after a refusal is dropped; hyper already has its replacement.
                return Poll::Ready(Ok(()));
            }
        }
    }
}

impl AsyncWrite for GatedStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
