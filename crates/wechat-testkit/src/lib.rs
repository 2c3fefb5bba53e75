//! Test helpers shared by the generated crates' tests: a local HTTP server on 127.0.0.1 that
//! records what it receives (and can echo it back), a TCP server that never answers, and
//! assertions for doc-example round trips and API errors.
#![deny(missing_docs)]

mod assertions;
mod pages;
mod server;
mod stall;

pub use assertions::{
    assert_api_error, assert_error_example, assert_json_eq, assert_json_shape, assert_round_trip,
    decode,
};
pub use pages::{collect, item_numbers, numbered_page, sent_param};
pub use server::{free_port, refused_url, MockServer, Recorded, Reply, TEST_TOKEN};
pub use stall::StallServer;
