//! Gzip for every compressible response the browser accepts it for.
//!
//! Why not tower-http's `CompressionLayer`: it builds a new compressor for every response,
//! and zlib's state is ~330 KiB (window, hash chains, pending output) that is allocated,
//! zeroed and freed each time. On the signed-in lesson page that was 7 % of the CPU time,
//! and those large blocks, interleaved with small long-lived ones, left glibc's
//! per-thread heaps holding ~30 MiB they could not give back (see
//! docs/performance.md). Here each worker thread keeps one compressor and resets it. The
//! compression itself is flate2's (zlib-rs); only the HTTP glue is ours.

use std::cell::RefCell;

use axum::{
    body::{Body, Bytes, HttpBody as _},
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};
use flate2::{Compress, Compression, FlushCompress, Status};

/// Responses smaller than this are sent as they are: gzip's framing would eat the gain.
const SMALLEST: u64 = 512;
/// Responses larger than this (there are none among pages) are sent as they are.
const LARGEST: u64 = 8 * 1024 * 1024;

thread_local! {
    static COMPRESSOR: RefCell<Option<Compress>> = const { RefCell::new(None) };
}

/// Whether the request accepts a gzip-compressed response.
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")))
}

/// Middleware: gzip-compresses the response when the browser accepts gzip and the
/// response is text of a known size and not compressed already.
pub async fn gzip(request: Request, next: Next) -> Response {
    let wanted = accepts_gzip(request.headers()) && request.method() != Method::HEAD;
    let response = next.run(request).await;
    let size = response.body().size_hint().exact().unwrap_or(u64::MAX);
    if !wanted || !(SMALLEST..=LARGEST).contains(&size) || !compressible(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        // A body of known size that fails to read has nothing left to send.
        return Response::from_parts(parts, Body::empty());
    };
    let Some(compressed) = compress(&bytes) else { return Response::from_parts(parts, Body::from(bytes)) };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    let varies = parts
        .headers
        .get_all(header::VARY)
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.contains("Accept-Encoding")));
    if !varies {
        parts.headers.append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    Response::from_parts(parts, Body::from(compressed))
}

/// Text, JSON, XML and SVG compress; images, video and already-compressed bodies do not.
fn compressible(response: &Response) -> bool {
    let headers = response.headers();
    let kind = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let textual = kind.starts_with("text/")
        || kind.starts_with("application/json")
        || kind.contains("+json")
        || kind.contains("xml")
        || kind.starts_with("application/javascript");
    textual
        && !headers.contains_key(header::CONTENT_ENCODING)
        && !headers.contains_key(header::CONTENT_RANGE)
        && !matches!(response.status(), StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED)
}

/// `bytes` gzip-compressed at the best level, for what is compressed once and sent
/// many times (cached visitors' pages, the stylesheet).
pub fn gzip_best(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::best());
    encoder.write_all(bytes).and_then(|()| encoder.finish()).unwrap_or_default()
}

/// `input` gzip-compressed at the fastest level by this thread's compressor.
fn compress(input: &[u8]) -> Option<Bytes> {
    COMPRESSOR.with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        let compressor = slot.get_or_insert_with(|| Compress::new_gzip(Compression::fast(), 15));
        compressor.reset();
        let mut output = Vec::with_capacity(input.len() / 3 + 64);
        let mut consumed = 0;
        loop {
            let before = compressor.total_in();
            let rest = input.get(consumed..)?;
            let status = compressor.compress_vec(rest, &mut output, FlushCompress::Finish).ok()?;
            consumed += usize::try_from(compressor.total_in() - before).ok()?;
            match status {
                Status::StreamEnd => return Some(Bytes::from(output)),
                Status::Ok | Status::BufError => output.reserve(output.capacity().max(4096)),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    #[test]
    fn what_one_thread_compresses_again_and_again_always_decompresses_to_the_input() {
        for text in ["<p>first page</p>".repeat(200), "{\"second\": true}".repeat(999), "x".repeat(600)] {
            let gz = compress(text.as_bytes()).unwrap();
            let mut back = String::new();
            flate2::read::GzDecoder::new(gz.as_ref()).read_to_string(&mut back).unwrap();
            assert_eq!(back, text);
            assert!(gz.len() < text.len() / 4);
        }
    }
}
