mod client;
mod harness;

mod chat_attachments;
mod config_methods;
mod devices;
mod fakes;
mod handshake;
mod hook_runs;
mod http_surfaces;
mod inbound;
mod inbound_driver;
mod limits;
mod origin_and_proxies;
mod reload;
mod runs;
