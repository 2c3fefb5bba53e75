//! Plain mirrors of generated types, as a hand-written client declares them: the same fields,
//! `#[derive(Deserialize)]`, no capture of unknown fields, dates as strings. Shared by the
//! `decode` and `call_instructions` benches (`#[path]`).
// Their fields are decoded to be measured, never read.
#![allow(dead_code)]

use serde::Deserialize;

#[derive(Deserialize)]
pub struct BaseResp {
    pub ret: Option<i64>,
    pub err_msg: Option<String>,
}

#[derive(Deserialize)]
pub struct AdposStat {
    pub slot_id: Option<u64>,
    pub ad_slot: Option<String>,
    pub date: Option<String>,
    pub req_succ_count: Option<i64>,
    pub exposure_count: Option<i64>,
    pub exposure_rate: Option<f64>,
    pub click_count: Option<i64>,
    pub click_rate: Option<f64>,
    pub income: Option<i64>,
    pub ecpm: Option<f64>,
}

#[derive(Deserialize)]
pub struct AdposSummary {
    pub req_succ_count: Option<i64>,
    pub exposure_count: Option<i64>,
    pub exposure_rate: Option<f64>,
    pub click_count: Option<i64>,
    pub click_rate: Option<f64>,
    pub income: Option<i64>,
    pub ecpm: Option<f64>,
}

#[derive(Deserialize)]
pub struct AdposGeneralResponse {
    pub base_resp: Option<BaseResp>,
    pub list: Option<Vec<AdposStat>>,
    pub summary: Option<AdposSummary>,
    pub total_num: Option<i64>,
}

/// A promoter order. `S` is the strings' type: `String`, as a hand-written client declares
/// them, or `&str` borrowed from the input, which no type owning its text can do: the bound of
/// what decoding costs when the strings' allocations are taken away. A `&str` cannot hold a
/// string with escapes (decoding fails; the benched pages have none). (An `Option<Cow<str>>`
/// would not do for the bound: serde borrows a `Cow` only as a field's own type, so inside an
/// `Option` it always allocates.)
#[derive(Deserialize)]
pub struct Order<S = String> {
    pub promoter_openid: Option<S>,
    pub role_id: Option<u32>,
    pub retail_id: Option<S>,
    pub extra_info: Option<S>,
    pub openid: Option<S>,
    pub create_time: Option<u32>,
    pub path: Option<S>,
    pub scene: Option<u32>,
    pub share_extra_info: Option<S>,
    pub mch_id: Option<S>,
    pub trade_no: Option<S>,
    pub out_trade_no: Option<S>,
    pub status: Option<i64>,
    pub paid_amount: Option<u32>,
    pub paid_time: Option<u32>,
    pub refunded_time: Option<u32>,
}

/// The orders' page; `S` as in [`Order`].
#[derive(Deserialize)]
pub struct GetOrderResponse<S = String> {
    pub errcode: Option<i64>,
    pub errmsg: Option<S>,
    pub order_list: Option<Vec<Order<S>>>,
    pub total_cnt: Option<u32>,
    pub start_id: Option<S>,
}

#[derive(Deserialize)]
pub struct MemberCardDetailStat {
    pub ref_date: Option<String>,
    pub merchanttype: Option<i64>,
    pub cardid: Option<String>,
    pub submerchantid: Option<i64>,
    pub view_cnt: Option<i64>,
    pub view_user: Option<i64>,
    pub receive_cnt: Option<i64>,
    pub receive_user: Option<i64>,
    pub verify_cnt: Option<i64>,
    pub verify_user: Option<i64>,
    pub active_cnt: Option<i64>,
    pub active_user: Option<i64>,
    pub total_user: Option<i64>,
    pub total_receive_user: Option<i64>,
    pub new_user: Option<i64>,
    #[serde(rename = "payOriginalFee")]
    pub pay_original_fee: Option<i64>,
    pub fee: Option<i64>,
}

#[derive(Deserialize)]
pub struct MemberCardDetailResponse {
    pub errcode: Option<i64>,
    pub errmsg: Option<String>,
    pub list: Option<Vec<MemberCardDetailStat>>,
}
