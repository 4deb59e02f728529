use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::*;

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn png() -> String {
    STANDARD.encode(PNG_MAGIC)
}

#[test]
fn a_supported_image_passes_with_its_sniffed_type() {
    let limits = ImageLimits::new(1024);
    let image = check_image("image/PNG; x=y", &png(), &limits).unwrap();
    assert_eq!(image, ImageInput { mime_type: "image/png".into(), data_base64: png() });
    // The bytes decide over a wrong declaration; whitespace in the base64 is dropped.
    let spaced = format!("{}\n{}", &png()[..8], &png()[8..]);
    assert_eq!(check_image("image/jpeg", &spaced, &limits).unwrap().mime_type, "image/png");
    // Unrecognised bytes keep the declared type.
    assert_eq!(check_image("image/webp", "aGVsbG8=", &limits).unwrap().mime_type, "image/webp");
}

#[test]
fn refusals() {
    let limits = ImageLimits::new(4);
    let cases = [
        ("image/bmp", "aGk=", ImageRefusal::UnsupportedType("image/bmp".into())),
        ("", "aGk=", ImageRefusal::UnsupportedType(String::new())),
        ("image/png", "a!==", ImageRefusal::InvalidBase64),
        ("image/png", "aGk", ImageRefusal::InvalidBase64),
        ("image/png", "  ", ImageRefusal::Empty),
        ("image/png", "aGVsbG8gd29ybGQ=", ImageRefusal::TooLarge { bytes: 11, limit: 4 }),
        ("image/png", "aGVsbG8=", ImageRefusal::TooLarge { bytes: 5, limit: 4 }),
    ];
    for (mime, data, expected) in cases {
        assert_eq!(check_image(mime, data, &limits), Err(expected), "{mime} {data}");
    }
    assert_eq!(ImageRefusal::UnsupportedType("image/bmp".into()).to_string(), "unsupported image type image/bmp");
    assert_eq!(ImageRefusal::TooLarge { bytes: 5, limit: 4 }.to_string(), "image too large (5 bytes; limit 4)");
}

#[test]
fn a_configured_allow_list_only_narrows() {
    let configured = vec!["IMAGE/JPEG".to_owned(), "image/heic".to_owned()];
    let limits = ImageLimits::allowing(Some(&configured), 1024);
    assert_eq!(check_image("image/png", &png(), &limits), Err(ImageRefusal::UnsupportedType("image/png".into())));
    assert_eq!(check_image("image/heic", "aGk=", &limits), Err(ImageRefusal::UnsupportedType("image/heic".into())));
    assert!(check_image("image/jpeg", "aGk=", &limits).is_ok());
    assert_eq!(ImageLimits::allowing(None, 1024), ImageLimits::new(1024));
}
