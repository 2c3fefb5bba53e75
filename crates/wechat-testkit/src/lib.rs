//! Test helpers shared by the generated crates' tests: a scripted HTTP server on 127.0.0.1
//! ([`ScriptedServer`]: it answers what a test queues and records what it receives, unlike the
//! spec-driven `wechat-mock`, which answers like WeChat), and assertions for doc-example round
//! trips and API errors, and seeded mutation testing ([`fuzz`]).
#![deny(missing_docs)]

mod assertions;
pub mod fuzz;
mod pages;
mod scripted_server;
mod stall;

pub use assertions::{
    assert_api_error, assert_error_example, assert_json_eq, assert_json_shape, assert_round_trip,
    decode,
};
pub use pages::{item_numbers, numbered_page, sent_param};
pub use scripted_server::{
    free_port, refused_url, Recorded, Reply, ScriptedServer, PNG, TEST_APPID, TEST_APP_SECRET,
    TEST_TOKEN,
};
pub use stall::StallServer;
