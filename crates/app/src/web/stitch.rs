//! Members' pages stitched from shared parts compressed once and small personal parts.
//!
//! Most of a member's lesson page is the same for every member: the layout, the lesson
//! and its quiz. Only a few parts are theirs: the account menu, their progress, their
//! note and the CSRF token in each form. A page rendered once with a *hole* where each
//! personal part goes is a [`Skeleton`]. Its shared fragments are deflate-compressed
//! once, at the best level, each from a fresh state and ending on a byte boundary (a
//! sync flush). So no fragment refers back to bytes before it, and any block may follow
//! it (RFC 1951 §3.2.3). A request then renders only its personal parts and sends them
//! as stored (uncompressed) deflate blocks between the shared fragments. The CRC-32 of
//! the whole page is combined from the fragments' CRCs and the parts'. Sending a
//! member's page costs a few copies instead of rendering and compressing all of it.
//!
//! Why hand-written: no crate assembles a gzip stream from pre-compressed pieces. The
//! compression and the CRC-32 are zlib-rs's (through flate2 for the compression); only
//! the framing is written here: the RFC 1952 header and trailer and the RFC 1951
//! stored-block headers. The tests decompress what it writes with flate2 and compare it
//! with the page rendered whole.

use std::sync::Mutex;

use flate2::{Compress, Compression, FlushCompress};
use zlib_rs::crc32::{crc32, crc32_combine_gen, crc32_combine_op};

/// What a skeleton render writes where a hole is: a Unicode noncharacter, which no text
/// we render contains (and if content did, [`Skeleton::new`] would refuse the page).
const MARK: &str = "\u{FDD0}";

/// A personal part of a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hole {
    /// The hidden CSRF field of a form.
    Csrf,
    /// The account menu in the page header.
    AccountMenu,
    /// A part the page itself fills, numbered by the page.
    Page(u8),
}

/// Where a skeleton render records the holes it leaves, in order.
#[derive(Debug, Default)]
pub struct Recorder(Mutex<Vec<Hole>>);

impl Recorder {
    /// Records `hole` and returns the mark to write in its place.
    pub fn hole(&self, hole: Hole) -> String {
        if let Ok(mut holes) = self.0.lock() {
            holes.push(hole);
        }
        MARK.to_owned()
    }

    /// The holes recorded, in page order.
    pub fn holes(&self) -> Vec<Hole> {
        self.0.lock().map(|holes| holes.clone()).unwrap_or_default()
    }
}

/// A shared fragment: raw deflate ending on a byte boundary, and the CRC-32 and
/// length of what it decompresses to.
struct Fragment {
    deflate: Vec<u8>,
    crc: u32,
    /// zlib's operator that shifts a CRC past this fragment's length.
    shift: u32,
    len: u64,
}

/// A page with its personal parts left out, compressed once.
pub struct Skeleton {
    /// One more fragment than there are holes: the text before each hole, then the end.
    fragments: Vec<Fragment>,
    holes: Vec<Hole>,
    /// The length of each hole's part, for the holes whose parts always have the same
    /// length (a CSRF field): the fragments after it refer back across it.
    lengths: Vec<Option<usize>>,
}

/// The farthest back deflate refers (RFC 1951 §3.2.5).
const WINDOW: usize = 32 * 1024;

impl Skeleton {
    /// The skeleton of `html`, rendered with `holes` left in it. `None` when the marks
    /// in the page and the holes recorded disagree (the content itself holds the mark
    /// character): such a page is rendered whole instead.
    pub fn new(html: &str, holes: Vec<Hole>) -> Option<Self> {
        let lengths = vec![None; holes.len()];
        Self::with_lengths(html, holes, lengths)
    }

    /// [`Skeleton::new`], where `lengths[i]`, when set, is the length every part for
    /// hole `i` will have: a fragment then refers back across that hole to the shared
    /// text before it, as one compressed page would (the compressor is given that text,
    /// with the hole as NUL bytes, as its dictionary; no fragment holds a NUL, so no
    /// match reaches into a hole). A part of another length is refused by
    /// [`Skeleton::gzip`].
    pub fn with_lengths(html: &str, holes: Vec<Hole>, mut lengths: Vec<Option<usize>>) -> Option<Self> {
        let texts: Vec<&str> = html.split(MARK).collect();
        if texts.len() != holes.len() + 1 || lengths.len() != holes.len() {
            return None;
        }
        if html.contains('\0') {
            lengths.iter_mut().for_each(|length| *length = None);
        }
        // One compressor for all the fragments, reset between them: zlib's state is
        // ~330 KiB, and allocating one per fragment grew glibc's heaps.
        let mut compressor = Compress::new(Compression::best(), false);
        // The page since the last hole of unknown length, holes as NULs.
        let mut window: Vec<u8> = Vec::new();
        let mut fragments = Vec::with_capacity(texts.len());
        for (i, text) in texts.into_iter().enumerate() {
            fragments.push(compress(&mut compressor, text.as_bytes(), &window)?);
            match lengths.get(i).copied().flatten() {
                Some(length) => {
                    window.extend_from_slice(text.as_bytes());
                    window.resize(window.len() + length, 0);
                    let over = window.len().saturating_sub(WINDOW);
                    window.drain(..over);
                }
                None => window.clear(),
            }
        }
        Some(Self { fragments, holes, lengths })
    }

    /// The personal parts this page needs, in the order [`Skeleton::gzip`] takes them.
    pub fn holes(&self) -> &[Hole] {
        &self.holes
    }

    /// The whole page as one gzip member, with `parts[i]` in hole `i`. `None` if
    /// the number of parts is not the number of holes.
    pub fn gzip(&self, parts: &[String]) -> Option<Vec<u8>> {
        let fits =
            |(part, length): (&String, &Option<usize>)| length.is_none_or(|length| part.len() == length);
        if parts.len() != self.holes.len() || !parts.iter().zip(&self.lengths).all(fits) {
            return None;
        }
        let size = self.fragments.iter().map(|f| f.deflate.len()).sum::<usize>()
            + parts.iter().map(|p| p.len() + 5).sum::<usize>()
            + 20;
        let mut out = Vec::with_capacity(size);
        // RFC 1952: magic, deflate, no flags, no time, no extra flags, unknown OS.
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        let (mut crc, mut len) = (0u32, 0u64);
        let mut parts = parts.iter();
        for fragment in &self.fragments {
            out.extend_from_slice(&fragment.deflate);
            crc = crc32_combine_op(crc, fragment.crc, fragment.shift);
            len += fragment.len;
            if let Some(part) = parts.next() {
                stored(&mut out, part.as_bytes());
                crc = crc32(crc, part.as_bytes());
                len += part.len() as u64;
            }
        }
        // The last block: empty, fixed Huffman codes, final. Then CRC-32 and length.
        out.extend_from_slice(&[0x03, 0x00]);
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&(len as u32).to_le_bytes());
        Some(out)
    }
}

/// `text` as raw deflate by `compressor` (reset first, so from a fresh state, with
/// `dictionary` as what came before, if any), ending on a byte boundary without a
/// final block.
fn compress(compressor: &mut Compress, text: &[u8], dictionary: &[u8]) -> Option<Fragment> {
    let mut deflate = Vec::new();
    if !text.is_empty() {
        compressor.reset();
        if !dictionary.is_empty() {
            compressor.set_dictionary(dictionary).ok()?;
        }
        deflate.reserve(text.len() + 64);
        loop {
            let consumed = usize::try_from(compressor.total_in()).ok()?;
            compressor.compress_vec(text.get(consumed..)?, &mut deflate, FlushCompress::Sync).ok()?;
            // Done when all the input is in and the flush had room to finish.
            if compressor.total_in() == text.len() as u64 && deflate.len() < deflate.capacity() {
                break;
            }
            deflate.reserve(deflate.capacity().max(1024));
        }
    }
    let len = text.len() as u64;
    Some(Fragment { deflate, crc: crc32(0, text), shift: crc32_combine_gen(len), len })
}

/// Appends `bytes` as stored deflate blocks (at most 65,535 bytes each).
fn stored(out: &mut Vec<u8>, bytes: &[u8]) {
    for chunk in bytes.chunks(usize::from(u16::MAX)) {
        let len = chunk.len() as u16;
        out.push(0); // not final, stored; the rest of this byte is padding
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    fn gunzip(bytes: &[u8]) -> String {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).unwrap();
        text
    }

    fn skeleton(html: &str, holes: usize) -> Skeleton {
        let recorder = Recorder::default();
        let html =
            (0..holes).fold(html.to_owned(), |html, _| html.replacen("{}", &recorder.hole(Hole::Csrf), 1));
        Skeleton::new(&html, recorder.holes()).unwrap()
    }

    #[test]
    fn a_stitched_page_decompresses_to_the_shared_text_with_each_part_in_its_hole() {
        let shared = "<p>the same for everyone</p>".repeat(100);
        let page = skeleton(&format!("<html>{{}}{shared}{{}}{{}}<footer>{shared}</footer>{{}}"), 4);
        let parts = ["<b>Ann</b>".to_owned(), "x".repeat(70_000), String::new(), "日本語".to_owned()];
        let gz = page.gzip(&parts).unwrap();
        let expected = format!(
            "<html>{}{shared}{}{}<footer>{shared}</footer>{}",
            parts[0], parts[1], parts[2], parts[3]
        );
        assert_eq!(gunzip(&gz), expected);
        assert!(gz.len() < 70_000 + shared.len() / 4, "the shared text stays compressed");
    }

    #[test]
    fn any_mix_of_shared_text_and_parts_of_any_size_stitches_to_the_same_page() {
        use rand::{RngExt as _, SeedableRng as _, rngs::StdRng};
        let mut rng = StdRng::seed_from_u64(1951);
        let text = |rng: &mut StdRng| -> String {
            let size = [0, 1, 100, 5_000, 70_000][rng.random_range(0..5)];
            (0..size)
                .map(|i| if rng.random_range(0..4) == 0 { 'あ' } else { char::from(b'a' + (i % 26) as u8) })
                .collect()
        };
        for _ in 0..40 {
            let holes = rng.random_range(0..6);
            let shared: Vec<String> = (0..=holes).map(|_| text(&mut rng)).collect();
            let parts: Vec<String> = (0..holes).map(|_| text(&mut rng)).collect();
            let recorder = Recorder::default();
            let html: String = shared
                .iter()
                .enumerate()
                .map(|(i, s)| if i < holes { format!("{s}{}", recorder.hole(Hole::Csrf)) } else { s.clone() })
                .collect();
            let page = Skeleton::new(&html, recorder.holes()).unwrap();
            let expected: String = shared
                .iter()
                .zip(parts.iter().map(String::as_str).chain([""]))
                .map(|(s, p)| format!("{s}{p}"))
                .collect();
            assert_eq!(gunzip(&page.gzip(&parts).unwrap()), expected);
        }
    }

    #[test]
    fn fragments_refer_back_across_holes_of_a_known_length_and_a_part_of_another_length_is_refused() {
        let post = |i: usize| {
            format!(
                "<li><article><header>Ann · 3 December</header><p>The same long paragraph about warm-ups \
                 for grade five on a Monday morning, with songs, gestures and a game, number {i}.</p><form>"
            )
        };
        let recorder = Recorder::default();
        let html: String = (0..40)
            .map(|i| format!("{}{}</form></article></li>", post(i), recorder.hole(Hole::Csrf)))
            .collect();
        let token = |c: char| format!("<input name=\"_csrf\" value=\"{}\">", c.to_string().repeat(8));
        let lengths = vec![Some(token('a').len()); 40];
        let apart = Skeleton::new(&html, recorder.holes()).unwrap();
        let together = Skeleton::with_lengths(&html, recorder.holes(), lengths).unwrap();
        for c in ['a', 'b'] {
            let parts = vec![token(c); 40];
            let expected = html.replace(MARK, &token(c));
            assert_eq!(gunzip(&together.gzip(&parts).unwrap()), expected);
            assert_eq!(gunzip(&apart.gzip(&parts).unwrap()), expected);
            assert!(together.gzip(&parts).unwrap().len() * 2 < apart.gzip(&parts).unwrap().len());
        }
        let mut uneven = vec![token('a'); 40];
        uneven[7].push(' ');
        assert!(together.gzip(&uneven).is_none(), "a part of another length would shift what follows");
        assert!(apart.gzip(&uneven).is_some());
    }

    #[test]
    fn a_page_without_holes_and_one_that_is_all_holes_both_stitch() {
        assert_eq!(gunzip(&skeleton("<p>only shared</p>", 0).gzip(&[]).unwrap()), "<p>only shared</p>");
        let all = skeleton("{}{}", 2);
        assert_eq!(gunzip(&all.gzip(&["a".to_owned(), "b".to_owned()]).unwrap()), "ab");
    }

    #[test]
    fn a_page_whose_content_holds_the_mark_or_the_wrong_number_of_parts_is_refused() {
        let recorder = Recorder::default();
        let html = format!("{}{MARK}", recorder.hole(Hole::AccountMenu));
        assert!(Skeleton::new(&html, recorder.holes()).is_none());
        assert!(skeleton("<p>{}</p>", 1).gzip(&[]).is_none());
    }
}
