mod client;
mod harness;

mod config_methods;
mod devices;
mod handshake;
mod http_surfaces;
mod inbound;
mod limits;
mod origin_and_proxies;
mod reload;
mod runs;
