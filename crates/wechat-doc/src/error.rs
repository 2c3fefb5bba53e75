//! Why a page could not be read at all.

use std::fmt;

/// A page that gives no model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The bytes are not UTF-8.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The page is larger than [`crate::MAX_PAGE_BYTES`].
    TooLarge {
        /// The page's size in bytes.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The page names no endpoint address (`https://api.weixin.qq.com/...`).
    NoEndpoint,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotUtf8 { offset } => {
                write!(f, "the page is not UTF-8 text (invalid byte at offset {offset})")
            }
            ReadError::TooLarge { size, limit } => write!(
                f,
                "the page is {size} bytes, more than the {limit} bytes a doc page may have"
            ),
            ReadError::NoEndpoint => write!(
                f,
                "the page names no endpoint: no address such as `POST https://api.weixin.qq.com/...`"
            ),
        }
    }
}

impl std::error::Error for ReadError {}
