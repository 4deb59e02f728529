//! The id of the markers that box untrusted content (hook payloads, files of `/v1` requests).

/// A fresh random id (122 bits, hex) per box: the content cannot guess the id of the markers
/// around it, so it cannot forge a closing marker ahead of time.
pub fn marker_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
