//! The archive format: one gzip stream of JSON lines, then a SHA-256 trailer.
//!
//! ```text
//! {"format":"altto-backup","format_version":1,"schema_version":8,…,"tables":[…],"files":{…}}
//! {"table":"settings"}
//! ["signing_key_id","3f…",1767225600000]        one JSON array per row, in the
//! …                                             header's column order
//! {"table":"users"}
//! …
//! {"end":true}
//! <gzip ends>altto-backup-sha256 <64 hex digits>\n
//! ```
//!
//! Values keep their type: `null`, integers, `true`/`false` and strings as themselves,
//! floats as `{"f":"1.5"}` (so `1.0` stays a float and NaN survives), bytes as
//! `{"b":"<base64>"}`. The trailer's digest covers every byte before it, so a truncated
//! or altered archive is caught before anything is written. `zcat` shows the lines (it
//! warns about the trailer, which it ignores).

use std::{
    collections::BTreeMap,
    fs::File,
    io::{self, BufRead, BufReader, Read, Write},
    path::Path,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
};

use base64::{Engine as _, engine::general_purpose::STANDARD};
use flate2::{Compression, bufread::GzDecoder, write::GzEncoder};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::RestoreError;

/// What the first line says the archive is.
pub(super) const FORMAT: &str = "altto-backup";
/// The version of the layout described above; bumped when it changes incompatibly.
pub(super) const FORMAT_VERSION: u32 = 1;
/// Starts the trailer.
const TRAILER_TAG: &[u8] = b"altto-backup-sha256 ";
/// Tag, 64 hex digits and a newline.
const TRAILER_LEN: u64 = 20 + 64 + 1;
/// Longest line accepted (a row with a 256 KiB media chunk is about 350 KB): a damaged or
/// hostile archive cannot make a restore hold more than this in memory.
const MAX_LINE: u64 = 64 * 1024 * 1024;

/// One value of one column, with its type.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Value {
    fn to_json(&self) -> serde_json::Value {
        use serde_json::{Value as J, json};
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => json!({ "f": f.to_string() }),
            Value::Text(s) => J::String(s.clone()),
            Value::Bytes(b) => json!({ "b": STANDARD.encode(b) }),
        }
    }

    fn from_json(value: serde_json::Value) -> Result<Self, String> {
        use serde_json::Value as J;
        Ok(match value {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(b),
            J::Number(n) => Value::Int(n.as_i64().ok_or_else(|| format!("{n} is not a 64-bit integer"))?),
            J::String(s) => Value::Text(s),
            J::Object(mut map) if map.len() == 1 => match (map.remove("f"), map.remove("b")) {
                (Some(J::String(f)), None) => {
                    Value::Float(f.parse().map_err(|_| format!("{f:?} is not a float"))?)
                }
                (None, Some(J::String(b))) => {
                    Value::Bytes(STANDARD.decode(b).map_err(|err| err.to_string())?)
                }
                _ => return Err("an unknown kind of value".into()),
            },
            other => return Err(format!("an unknown kind of value: {other}")),
        })
    }

    /// What kind of value this is, for messages.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Text(_) => "text",
            Value::Bytes(_) => "bytes",
        }
    }

    /// Roughly how many bytes the value takes, to keep batches of rows small.
    pub(super) fn weight(&self) -> usize {
        match self {
            Value::Text(s) => s.len() + 16,
            Value::Bytes(b) => b.len() + 16,
            _ => 16,
        }
    }
}

/// A table as the archive lists it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct TableHeader {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: u64,
}

/// The first line.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct Header {
    pub format: String,
    pub format_version: u32,
    /// The highest migration applied to the database the archive was taken from.
    pub schema_version: i64,
    /// Unix milliseconds.
    pub created_at: i64,
    /// `sqlite` or `postgres`.
    pub source: String,
    /// The altto release that wrote the archive (for people; nothing checks it).
    pub altto_version: String,
    /// In the order they are written and must be loaded (parents before children).
    pub tables: Vec<TableHeader>,
    /// Files kept beside the database (the certificate signing key), by name.
    pub files: BTreeMap<String, String>,
}

/// Feeds every byte that passes through it to SHA-256, and counts them.
struct Hashing<T> {
    inner: T,
    hash: Sha256,
    bytes: Arc<AtomicU64>,
}

impl<T> Hashing<T> {
    fn new(inner: T) -> Self {
        Self { inner, hash: Sha256::new(), bytes: Arc::default() }
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Writes an archive, a row at a time.
pub(super) struct Writer<W: Write> {
    gz: GzEncoder<Hashing<W>>,
    line: Vec<u8>,
}

impl<W: Write> Writer<W> {
    /// Starts an archive with its header.
    pub fn new(out: W, header: &Header) -> io::Result<Self> {
        let mut writer =
            Self { gz: GzEncoder::new(Hashing::new(out), Compression::default()), line: Vec::new() };
        // Written from the struct, not a map, so the format and versions come first.
        serde_json::to_writer(&mut writer.line, header)?;
        writer.line.push(b'\n');
        writer.gz.write_all(&writer.line)?;
        Ok(writer)
    }

    fn line(&mut self, value: &serde_json::Value) -> io::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, value)?;
        self.line.push(b'\n');
        self.gz.write_all(&self.line)
    }

    /// Starts the rows of a table.
    pub fn table(&mut self, name: &str) -> io::Result<()> {
        self.line(&serde_json::json!({ "table": name }))
    }

    /// One row.
    pub fn row(&mut self, values: &[Value]) -> io::Result<()> {
        self.line(&serde_json::Value::Array(values.iter().map(Value::to_json).collect()))
    }

    /// Ends the archive; returns the output and the archive's size in bytes.
    pub fn finish(mut self) -> io::Result<(W, u64)> {
        self.line(&serde_json::json!({ "end": true }))?;
        let Hashing { mut inner, hash, bytes } = self.gz.finish()?;
        let digest = hex(&hash.finalize());
        inner.write_all(TRAILER_TAG)?;
        inner.write_all(digest.as_bytes())?;
        inner.write_all(b"\n")?;
        inner.flush()?;
        Ok((inner, bytes.load(Ordering::Relaxed) + TRAILER_LEN))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn damaged(why: impl Into<String>) -> RestoreError {
    RestoreError::Damaged(why.into())
}

/// What a line after the header is.
pub(super) enum Item {
    Table(String),
    Row(Vec<Value>),
    End,
}

/// Reads an archive a line at a time, checking the digest once it has read the whole.
pub(super) struct Reader {
    lines: BufReader<GzDecoder<BufReader<Hashing<io::Take<File>>>>>,
    expected: String,
    buf: String,
    /// Bytes of the file read so far.
    pub read: Arc<AtomicU64>,
    /// The file's size.
    pub size: u64,
}

impl Reader {
    /// Opens an archive; reads its trailer but nothing else yet.
    pub fn open(path: &Path) -> Result<Self, RestoreError> {
        let mut file = File::open(path).map_err(RestoreError::Io)?;
        let size = file.metadata().map_err(RestoreError::Io)?.len();
        if size < TRAILER_LEN {
            return Err(damaged("it is too short to be an altto backup"));
        }
        let mut trailer = Vec::with_capacity(TRAILER_LEN as usize);
        {
            use io::Seek as _;
            file.seek(io::SeekFrom::Start(size - TRAILER_LEN)).map_err(RestoreError::Io)?;
            file.read_to_end(&mut trailer).map_err(RestoreError::Io)?;
            file.seek(io::SeekFrom::Start(0)).map_err(RestoreError::Io)?;
        }
        let expected = trailer
            .strip_prefix(TRAILER_TAG)
            .and_then(|rest| rest.strip_suffix(b"\n"))
            .and_then(|digest| std::str::from_utf8(digest).ok())
            .filter(|digest| digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| damaged("its checksum trailer is missing (is it cut short?)"))?
            .to_ascii_lowercase();
        let hashing = Hashing::new(file.take(size - TRAILER_LEN));
        let read = hashing.bytes.clone();
        let lines = BufReader::new(GzDecoder::new(BufReader::new(hashing)));
        Ok(Self { lines, expected, buf: String::new(), read, size })
    }

    fn next_line(&mut self) -> Result<serde_json::Value, RestoreError> {
        self.buf.clear();
        let n = (&mut self.lines)
            .take(MAX_LINE)
            .read_line(&mut self.buf)
            .map_err(|err| damaged(format!("it cannot be decompressed ({err})")))?;
        if n == 0 {
            return Err(damaged("it ends before its last line"));
        }
        if !self.buf.ends_with('\n') {
            return Err(damaged("a line is cut short or too long"));
        }
        serde_json::from_str(&self.buf).map_err(|err| damaged(format!("a line is not JSON ({err})")))
    }

    /// The first line, refusing formats and schema versions this build does not know.
    pub fn header(&mut self, known: &[i64]) -> Result<Header, RestoreError> {
        let line = self.next_line()?;
        if line.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
            return Err(damaged("it is not an altto backup"));
        }
        let format_version = line.get("format_version").and_then(serde_json::Value::as_u64).unwrap_or(0);
        let schema_version = line.get("schema_version").and_then(serde_json::Value::as_i64).unwrap_or(0);
        let newest = known.iter().copied().max().unwrap_or(0);
        if format_version > u64::from(FORMAT_VERSION) || schema_version > newest {
            return Err(RestoreError::Newer { archive: schema_version, known: newest });
        }
        let header: Header = serde_json::from_value(line)
            .map_err(|err| damaged(format!("its header is malformed ({err})")))?;
        if !known.contains(&header.schema_version) {
            return Err(damaged(format!(
                "schema version {} is not one altto ever had",
                header.schema_version
            )));
        }
        Ok(header)
    }

    /// The next line after the header.
    pub fn next(&mut self) -> Result<Item, RestoreError> {
        match self.next_line()? {
            serde_json::Value::Array(values) => values
                .into_iter()
                .map(Value::from_json)
                .collect::<Result<Vec<_>, _>>()
                .map(Item::Row)
                .map_err(|why| damaged(format!("a row holds {why}"))),
            serde_json::Value::Object(map) => match (map.get("table"), map.get("end")) {
                (Some(serde_json::Value::String(name)), None) => Ok(Item::Table(name.clone())),
                (None, Some(serde_json::Value::Bool(true))) => Ok(Item::End),
                _ => Err(damaged("a line is neither a table nor a row")),
            },
            _ => Err(damaged("a line is neither a table nor a row")),
        }
    }

    /// After [`Item::End`]: checks that nothing follows and that the digest matches.
    pub fn finish(mut self) -> Result<(), RestoreError> {
        let mut rest = [0u8; 1];
        match self.lines.read(&mut rest) {
            Ok(0) => {}
            Ok(_) => return Err(damaged("something follows its last line")),
            Err(err) => return Err(damaged(format!("it cannot be decompressed ({err})"))),
        }
        self.check_digest()
    }

    /// Reads whatever is left of the file, unparsed, and checks the digest: why an
    /// archive that could not be parsed is refused is then told right (damaged, or
    /// written by a newer altto).
    pub fn check_digest(self) -> Result<(), RestoreError> {
        let mut raw = self.lines.into_inner().into_inner();
        io::copy(&mut raw, &mut io::sink()).map_err(RestoreError::Io)?;
        let hashing = raw.into_inner();
        if hashing.bytes.load(Ordering::Relaxed) != self.size - TRAILER_LEN {
            return Err(damaged("it changed while being read"));
        }
        if hex(&hashing.hash.finalize()) != self.expected {
            return Err(damaged("its checksum does not match its contents"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_type_through_json() {
        let values = [
            Value::Null,
            Value::Bool(true),
            Value::Int(-9_223_372_036_854_775_808),
            Value::Float(1.0),
            Value::Float(f64::NAN),
            Value::Text("学級経営 \"quoted\"".into()),
            Value::Bytes(vec![0, 255, 10]),
        ];
        for value in values {
            let back = Value::from_json(value.to_json()).unwrap();
            match (&value, &back) {
                (Value::Float(a), Value::Float(b)) if a.is_nan() => assert!(b.is_nan()),
                _ => assert_eq!(back, value),
            }
        }
        assert!(Value::from_json(serde_json::json!({ "x": 1 })).is_err());
        assert!(Value::from_json(serde_json::json!(1.5)).is_err());
    }
}
