//! Everything generated code names, in one place (as `tonic::codegen` does): generated crates
//! import this module and nothing else from the runtime. Not for application code.

pub use crate::object::Object;
pub use crate::paging::{self, ItemStream, Paging};
pub use crate::wire::{self, Extra, Float, Key, Lossless};
pub use crate::{
    error_code, int_enum, int_enum_impls, object, object_impls, setters, string_enum,
    string_enum_impls,
};
pub use crate::{
    ApiError, Binary, Client, Date, Endpoint, Envelope, Error, ErrorCodeInfo, Method, Response,
    RetryKind, Secret, SigMethod, Signature, Signed, ValidationError,
};
pub use serde::de::{Deserialize, Deserializer, Error as DeError, MapAccess, Visitor};
pub use serde::ser::{Serialize, SerializeMap, Serializer};
pub use serde_json::{Map, Value};

#[cfg(feature = "blocking")]
pub use crate::blocking::Client as BlockingClient;
#[cfg(feature = "blocking")]
pub use crate::paging::blocking::ItemIter;
