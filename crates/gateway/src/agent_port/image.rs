//! The one check every image passes before it may ride on a [`RunRequest`](super::RunRequest):
//! a type the model providers take inline, base64 that decodes, and a decoded size within the
//! limit of the edge it came in by (`chat.send`, `/v1/chat/completions`, `/v1/responses`). The
//! edges differ only in their limits and in how they name the part that failed, so the check
//! is pure and the caller prefixes its refusal with the part's path.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::ImageInput;

/// The types every provider request builder sends inline. OpenClaw also admits HEIC/HEIF, which
/// it converts to JPEG first; without that conversion they are refused.
pub const SUPPORTED_IMAGE_MIMES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// What one edge admits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageLimits {
    /// Lowercase MIME types; always a subset of [`SUPPORTED_IMAGE_MIMES`].
    allowed: Vec<String>,
    /// Largest decoded image, in bytes.
    pub max_bytes: u64,
}

impl ImageLimits {
    /// Every supported type, up to `max_bytes` each.
    pub fn new(max_bytes: u64) -> Self {
        Self { allowed: SUPPORTED_IMAGE_MIMES.iter().map(|m| (*m).to_owned()).collect(), max_bytes }
    }

    /// An operator's allow list narrows the supported types; it cannot widen them, since a
    /// type no provider builder sends would only fail later, at the model.
    pub fn allowing(configured: Option<&[String]>, max_bytes: u64) -> Self {
        let mut limits = Self::new(max_bytes);
        if let Some(configured) = configured {
            let configured: Vec<String> = configured.iter().filter_map(|m| normalize_mime(m)).collect();
            limits.allowed.retain(|m| configured.contains(m));
        }
        limits
    }
}

/// Why an image was refused. `Display` is the problem alone; the caller names the part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageRefusal {
    /// The type found (empty when none was declared and the bytes did not tell).
    UnsupportedType(String),
    InvalidBase64,
    Empty,
    TooLarge {
        bytes: u64,
        limit: u64,
    },
}

impl fmt::Display for ImageRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnsupportedType(mime) if mime.is_empty() => f.write_str("image type missing"),
            Self::UnsupportedType(mime) => write!(f, "unsupported image type {mime}"),
            Self::InvalidBase64 => f.write_str("invalid base64 data"),
            Self::Empty => f.write_str("empty image data"),
            Self::TooLarge { bytes, limit } => write!(f, "image too large ({bytes} bytes; limit {limit})"),
        }
    }
}

impl std::error::Error for ImageRefusal {}

/// `data` (base64, whitespace allowed) declared as `mime` becomes an [`ImageInput`], or the
/// reason it cannot. When the bytes are recognisably one of the supported types, that type wins
/// over the declared one (as OpenClaw's sniffing does): providers refuse an image whose declared
/// type does not match its bytes.
pub fn check_image(mime: &str, data: &str, limits: &ImageLimits) -> Result<ImageInput, ImageRefusal> {
    let compact: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err(ImageRefusal::Empty);
    }
    // Refuse an oversized payload before allocating its decoded copy.
    let size = decoded_len(&compact);
    if size > limits.max_bytes {
        return Err(ImageRefusal::TooLarge { bytes: size, limit: limits.max_bytes });
    }
    let bytes = STANDARD.decode(&compact).map_err(|_| ImageRefusal::InvalidBase64)?;
    let mime_type = checked_type(mime, &bytes, limits)?;
    Ok(ImageInput { mime_type, data_base64: compact })
}

/// [`check_image`] for bytes already in hand (a fetched image).
pub fn check_image_bytes(mime: &str, bytes: &[u8], limits: &ImageLimits) -> Result<ImageInput, ImageRefusal> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > limits.max_bytes {
        return Err(ImageRefusal::TooLarge { bytes: size, limit: limits.max_bytes });
    }
    let mime_type = checked_type(mime, bytes, limits)?;
    Ok(ImageInput { mime_type, data_base64: STANDARD.encode(bytes) })
}

/// The type of non-empty image bytes: sniffed when recognisable, else as declared; refused
/// when the edge does not admit it.
fn checked_type(mime: &str, bytes: &[u8], limits: &ImageLimits) -> Result<String, ImageRefusal> {
    if bytes.is_empty() {
        return Err(ImageRefusal::Empty);
    }
    let declared = normalize_mime(mime).unwrap_or_default();
    let mime_type = sniff(bytes).map_or(declared, str::to_owned);
    if !limits.allowed.contains(&mime_type) {
        return Err(ImageRefusal::UnsupportedType(mime_type));
    }
    Ok(mime_type)
}

/// The decoded size of padded base64, computed without decoding.
pub(crate) fn decoded_len(base64: &str) -> u64 {
    let padding = base64.bytes().rev().take_while(|b| *b == b'=').count().min(2);
    let bytes = (base64.len() / 4 * 3).saturating_sub(padding);
    u64::try_from(bytes).unwrap_or(u64::MAX)
}

/// `image/PNG; charset=x` → `image/png`; `None` when nothing is left.
pub fn normalize_mime(mime: &str) -> Option<String> {
    let bare = mime.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    (!bare.is_empty()).then_some(bare)
}

/// The supported type the magic bytes announce, if any.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
