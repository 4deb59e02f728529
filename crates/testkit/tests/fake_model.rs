//! The scripted fake model server, checked over real sockets with a deliberately dumb client
//! (std `TcpStream`, HTTP/1.1, read to EOF) so the tests see exactly the bytes a provider
//! client would: status lines, headers, chunked framing, SSE events and early ends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod fake_model {
    mod anthropic;
    mod openai;
    mod responses;
    mod script;
}
