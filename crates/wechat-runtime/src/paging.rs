//! Pagers: every item of a paged endpoint, fetched page by page as they are consumed.
//!
//! Generated code implements [`Paging`] for each paged endpoint (where the items are, how the
//! request moves to the next page); [`ItemStream`] (async) and [`blocking::ItemIter`] walk it.
//! Both stop at the documented end of the data and after [`DEFAULT_MAX_PAGES`] pages at most.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::Serialize;

use crate::endpoint::Endpoint;
use crate::error::{Error, ValidationError};
use crate::token::BoxFuture;
use crate::Client;

/// Pages a pager fetches at most unless told otherwise; a bound against endless paging.
pub const DEFAULT_MAX_PAGES: usize = 1000;

/// How one paged endpoint pages. Implemented by generated code.
pub trait Paging: 'static {
    /// The request; the pager changes its page fields between pages.
    type Request: Serialize + Clone + Send + Sync + 'static;
    /// One page.
    type Response: crate::Response + Send + 'static;
    /// One item of a page.
    type Item: Send + 'static;

    /// The endpoint.
    fn endpoint() -> &'static Endpoint;

    /// Checks the request's documented constraints before the first page is fetched.
    fn validate(request: &Self::Request) -> Result<(), ValidationError>;

    /// Takes the items out of a page.
    fn items(response: &mut Self::Response) -> Vec<Self::Item>;

    /// Moves `request` to the page after `response`, which held `items` items; `false` when
    /// `response` was the last page.
    fn advance(request: &mut Self::Request, response: &Self::Response, items: usize) -> bool;
}

/// Page-number paging (`page`, `page_size`, `total_num`): `false` once this page was short,
/// empty, or reached the total.
pub fn next_page(page: &mut u32, page_size: u32, items: usize, total: Option<i64>) -> bool {
    let seen = u64::from(*page) * u64::from(page_size);
    let more = items > 0
        && items >= page_size as usize
        && total.is_none_or(|total| (seen as i128) < i128::from(total));
    if more {
        *page += 1;
    }
    more
}

/// Offset paging (`offset`, `count`, `total_num`): `false` once this page was short, empty,
/// or reached the total.
pub fn next_offset(offset: &mut i64, count: i64, items: usize, total: Option<i64>) -> bool {
    let next = offset.saturating_add(items as i64);
    let more = items > 0 && items as i64 >= count && total.is_none_or(|total| next < total);
    if more {
        *offset = next;
    }
    more
}

/// Cursor paging (`start_id`): `false` once the page was empty or under `page_size` items, or
/// the server gave no new cursor.
pub fn next_cursor(
    cursor: &mut Option<String>,
    returned: Option<&String>,
    page_size: usize,
    items: usize,
) -> bool {
    let fresh = returned.filter(|c| !c.is_empty() && Some(*c) != cursor.as_ref());
    match fresh {
        Some(next) if items > 0 && items >= page_size => {
            *cursor = Some(next.clone());
            true
        }
        _ => false,
    }
}

/// Shared state of the async and blocking pagers.
struct Walk<P: Paging> {
    request: P::Request,
    buffer: VecDeque<P::Item>,
    pages: usize,
    max_pages: usize,
    more: bool,
}

impl<P: Paging> Walk<P> {
    fn new(request: P::Request) -> Self {
        Walk {
            request,
            buffer: VecDeque::new(),
            pages: 0,
            max_pages: DEFAULT_MAX_PAGES,
            more: true,
        }
    }

    /// Takes in a fetched page.
    fn absorb(&mut self, mut response: P::Response) {
        self.pages += 1;
        let items = P::items(&mut response);
        self.more = P::advance(&mut self.request, &response, items.len());
        self.buffer.extend(items);
    }

    /// What comes next without fetching: an item, the end, the page limit, or `None` when a
    /// page must be fetched.
    fn next_ready(&mut self) -> Option<Option<Result<P::Item, Error>>> {
        if self.pages == 0 && self.more {
            if let Err(invalid) = P::validate(&self.request) {
                self.more = false;
                return Some(Some(Err(invalid.into())));
            }
        }
        if let Some(item) = self.buffer.pop_front() {
            return Some(Some(Ok(item)));
        }
        if !self.more {
            return Some(None);
        }
        if self.pages >= self.max_pages {
            self.more = false;
            let endpoint = P::endpoint().path;
            let pages = self.pages;
            return Some(Some(Err(Error::PageLimit { endpoint, pages })));
        }
        None
    }
}

/// Every item of a paged endpoint, as an async [`Stream`]. Pages are fetched as items are
/// consumed; an error ends the stream after it is yielded.
pub struct ItemStream<P: Paging> {
    client: Client,
    walk: Walk<P>,
    in_flight: Option<BoxFuture<'static, Result<P::Response, Error>>>,
}

impl<P: Paging> ItemStream<P> {
    /// Walks the pages of `P`, starting with `request`.
    pub fn new(client: Client, request: P::Request) -> Self {
        ItemStream {
            client,
            walk: Walk::new(request),
            in_flight: None,
        }
    }

    /// Fetches at most `pages` pages (default [`DEFAULT_MAX_PAGES`]); past them the stream
    /// yields [`Error::PageLimit`] and ends.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.walk.max_pages = pages;
        self
    }

    /// The next item, or `None` at the end, with no other crate:
    /// `while let Some(item) = items.next().await { let item = item?; ... }`.
    pub async fn next(&mut self) -> Option<Result<P::Item, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<P::Item>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

impl<P: Paging> Unpin for ItemStream<P> {}

impl<P: Paging> Stream for ItemStream<P> {
    type Item = Result<P::Item, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.in_flight.is_none() {
                if let Some(ready) = this.walk.next_ready() {
                    return Poll::Ready(ready);
                }
                let client = this.client.clone();
                let request = this.walk.request.clone();
                this.in_flight = Some(Box::pin(async move {
                    client.execute(P::endpoint(), Some(&request)).await
                }));
            }
            let Some(fetch) = this.in_flight.as_mut() else {
                continue;
            };
            let page = match fetch.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            this.in_flight = None;
            match page {
                Ok(response) => this.walk.absorb(response),
                Err(err) => {
                    this.walk.more = false;
                    return Poll::Ready(Some(Err(err)));
                }
            }
        }
    }
}

/// The blocking pager.
#[cfg(feature = "blocking")]
pub mod blocking {
    use super::{Paging, Walk};
    use crate::error::Error;

    /// Every item of a paged endpoint, as an [`Iterator`]. Pages are fetched as items are
    /// consumed; an error ends the iteration after it is yielded.
    pub struct ItemIter<P: Paging> {
        client: crate::blocking::Client,
        walk: Walk<P>,
    }

    impl<P: Paging> ItemIter<P> {
        /// Walks the pages of `P`, starting with `request`.
        pub fn new(client: crate::blocking::Client, request: P::Request) -> Self {
            ItemIter {
                client,
                walk: Walk::new(request),
            }
        }

        /// Fetches at most `pages` pages (default [`super::DEFAULT_MAX_PAGES`]); past them the
        /// iterator yields [`Error::PageLimit`] and ends.
        pub fn max_pages(mut self, pages: usize) -> Self {
            self.walk.max_pages = pages;
            self
        }

        /// Every item, or the first error.
        pub fn try_collect(self) -> Result<Vec<P::Item>, Error> {
            self.collect()
        }
    }

    impl<P: Paging> Iterator for ItemIter<P> {
        type Item = Result<P::Item, Error>;

        fn next(&mut self) -> Option<Self::Item> {
            loop {
                if let Some(ready) = self.walk.next_ready() {
                    return ready;
                }
                match self.client.execute(P::endpoint(), Some(&self.walk.request)) {
                    Ok(response) => self.walk.absorb(response),
                    Err(err) => {
                        self.walk.more = false;
                        return Some(Err(err));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_stop_at_a_short_page_or_the_total() {
        let mut page = 1;
        assert!(next_page(&mut page, 2, 2, Some(5)));
        assert_eq!(page, 2);
        assert!(next_page(&mut page, 2, 2, Some(5)));
        assert!(!next_page(&mut page, 2, 1, Some(5)), "short page");
        let mut page = 2;
        assert!(!next_page(&mut page, 2, 2, Some(4)), "total reached");
        assert!(!next_page(&mut page, 2, 0, None), "empty page");
    }

    #[test]
    fn offsets_stop_at_the_total() {
        let mut offset = 0;
        assert!(next_offset(&mut offset, 50, 50, Some(120)));
        assert_eq!(offset, 50);
        assert!(next_offset(&mut offset, 50, 50, Some(120)));
        assert!(!next_offset(&mut offset, 50, 20, Some(120)));
    }

    #[test]
    fn cursors_stop_without_a_new_cursor_or_on_a_short_page() {
        let mut cursor = None;
        assert!(next_cursor(&mut cursor, Some(&"7".into()), 2, 2));
        assert_eq!(cursor.as_deref(), Some("7"));
        assert!(
            !next_cursor(&mut cursor, Some(&"7".into()), 2, 2),
            "same cursor"
        );
        assert!(
            !next_cursor(&mut cursor, Some(&"8".into()), 2, 1),
            "short page"
        );
        assert!(!next_cursor(&mut cursor, None, 2, 2), "no cursor");
    }
}
