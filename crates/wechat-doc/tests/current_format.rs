//! The current page format, on pages written for these tests.

mod common;

use common::{field, names, read, unplaced};
use wechat_doc::{
    Auth, DocType, ExampleFormat, ExampleKind, Format, Language, Location, Method, Required, Why,
};

const ZH: &str = include_str!("fixtures/current_zh.md");
const EN: &str = include_str!("fixtures/current_en.md");

#[test]
fn the_address_gives_method_path_and_auth() {
    let page = read(ZH);
    assert_eq!(page.format, Format::Current);
    assert_eq!(page.language, Language::Zh);
    assert_eq!(page.title.as_deref(), Some("查询花园"));
    let [ep] = &page.endpoints[..] else {
        panic!("one endpoint: {:?}", page.endpoints);
    };
    assert_eq!(
        (ep.method, ep.path.as_str()),
        (Method::Post, "/wxa/garden/get")
    );
    assert_eq!(ep.auth, Auth::AccessToken);
    assert_eq!(ep.name.as_deref(), Some("getGarden"));
    assert!(ep.doc.iter().any(|t| t.text.starts_with("本接口用于查询")));
    // The debug link and the server-side warning are site furniture, not doc.
    assert!(page.boilerplate.len() >= 2, "{:?}", page.boilerplate);
}

#[test]
fn tables_give_typed_fields_with_required_and_lengths() {
    let ep = &read(ZH).endpoints[0];
    assert_eq!(names(&ep.query), ["access_token"]);
    assert_eq!(names(&ep.body), ["garden_id", "owner_uin", "filter"]);
    let id = field(&ep.body, "garden_id");
    assert_eq!(id.type_as_written.as_deref(), Some("string(32)"));
    assert_eq!(id.ty, DocType::String { max_len: Some(32) });
    assert_eq!(
        (id.required, id.max_len, id.doc_max_len),
        (Required::Yes, Some(32), Some(32))
    );
    let uin = field(&ep.body, "owner_uin");
    assert_eq!(
        uin.ty,
        DocType::Integer {
            unsigned: true,
            bits: Some(64)
        }
    );
    assert_eq!(uin.required, Required::No);
    // Response tables have no required column.
    assert_eq!(field(&ep.response, "status").required, Required::Unknown);
    assert_eq!(field(&ep.response, "photo").ty, DocType::Buffer);
}

#[test]
fn object_payload_sub_tables_nest_under_their_field() {
    let ep = &read(ZH).endpoints[0];
    let filter = field(&ep.body, "filter");
    assert_eq!(filter.ty, DocType::Object);
    assert_eq!(names(&filter.children), ["color", "tall"]);
    assert_eq!(field(&ep.body, "filter.tall").ty, DocType::Bool);
    let plants = field(&ep.response, "plants");
    let object = Some(Box::new(DocType::Object));
    assert_eq!(
        plants.ty,
        DocType::Array {
            item: object.clone()
        }
    );
    assert_eq!(names(&plants.children), ["name", "leaves", "tags"]);
    // `Res.plants(Array).leaves` goes two levels down.
    assert_eq!(
        field(&ep.response, "plants.leaves.size").ty,
        DocType::Number
    );
    let tags = field(&ep.response, "plants.tags");
    let string = Some(Box::new(DocType::String { max_len: None }));
    assert_eq!(tags.ty, DocType::Array { item: string });
}

#[test]
fn enums_errors_account_types_and_changelog() {
    let ep = &read(ZH).endpoints[0];
    let fields: Vec<_> = ep.enums.iter().map(|e| e.field.as_deref()).collect();
    assert_eq!(fields, [Some("status"), Some("color")]);
    let values: Vec<_> = ep.enums[1]
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.doc.as_str()))
        .collect();
    assert_eq!(values, [("red", "红色"), ("blue", "蓝色")]);
    let codes: Vec<_> = ep.errors.iter().map(|e| e.code).collect();
    assert_eq!(codes, [-1, 91001]);
    assert_eq!(ep.errors[1].meaning, "garden not found");
    assert_eq!(ep.errors[1].solution.as_deref(), Some("检查 garden_id"));
    let types: Vec<_> = ep
        .account_types
        .iter()
        .map(|a| (a.name.as_str(), a.allowed))
        .collect();
    assert_eq!(
        types,
        [("小程序", true), ("小游戏", true), ("公众号", false)]
    );
    assert_eq!(ep.changelog.len(), 3);
}

#[test]
fn examples_are_read_and_broken_ones_repaired_with_named_repairs() {
    let ep = &read(ZH).endpoints[0];
    let kinds: Vec<_> = ep.examples.iter().map(|e| (e.kind, e.format)).collect();
    assert_eq!(
        kinds,
        [
            (ExampleKind::Request, ExampleFormat::Json),
            (ExampleKind::Response, ExampleFormat::Json),
            (ExampleKind::Request, ExampleFormat::Code),
            (ExampleKind::Response, ExampleFormat::Json),
        ]
    );
    let request = &ep.examples[0];
    assert_eq!(request.title.as_deref(), Some("5.1 HTTPS调用"));
    assert_eq!(request.json.as_ref().unwrap()["filter"]["color"], "red");
    let repairs: Vec<_> = request.repairs.iter().map(ToString::to_string).collect();
    assert_eq!(repairs, ["removed trailing comma at line 103"]);
    assert!(
        request.text.contains("\"red\",}"),
        "the original text is kept"
    );
    assert!(ep.examples[1].repairs.is_empty());
    // The cloud example's fence is left open; the ```json fence after it opens the next one.
    let open = ep.examples[2]
        .repairs
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>();
    assert_eq!(open, ["closed a code fence left open at line 123"]);
    assert_eq!(ep.examples[3].json.as_ref().unwrap()["errcode"], 0);
}

#[test]
fn a_row_without_a_name_is_reported_with_its_line() {
    let page = read(ZH);
    assert_eq!(unplaced(&page), [(38, Why::RowWithoutName)]);
    assert!(page.unplaced[0].text.contains("这一行丢了名字"));
}

#[test]
fn english_pages_and_app_credentials_in_the_query() {
    let page = read(EN);
    assert_eq!(page.language, Language::En);
    let ep = &page.endpoints[0];
    assert_eq!(
        (ep.method, ep.path.as_str()),
        (Method::Get, "/sns/garden_login")
    );
    assert_eq!(
        ep.auth,
        Auth::AppCredentials {
            location: Location::Query
        }
    );
    let fixed: Vec<_> = ep
        .fixed_query
        .iter()
        .map(|q| (q.name.as_str(), q.value.as_str()))
        .collect();
    assert_eq!(fixed, [("grant_type", "authorization_code")]);
    assert_eq!(
        names(&ep.query),
        ["appid", "secret", "js_code", "grant_type"]
    );
    assert!(ep.body.is_empty());
    // The translation artifact is a field name like any other.
    assert_eq!(
        names(&ep.response),
        ["session_key", "req_Stn_count", "openid"]
    );
    assert_eq!(ep.examples[0].format, ExampleFormat::HttpLine);
    assert_eq!(ep.errors[0].solution.as_deref(), Some("Get a new code"));
    assert!(page.unplaced.is_empty(), "{:?}", page.unplaced);
}

#[test]
fn app_credentials_in_the_body_when_the_address_has_no_token() {
    let page = read(
        "# Token\n\n## 1. 调用方式\n\n```\nPOST https://api.weixin.qq.com/cgi-bin/garden_token\n```\n\n\
         ## 2. 请求参数\n\n### 请求体 `Request Payload`\n\n| 参数名 | 类型 | 必填 | 说明 |\n| --- | --- | --- | --- |\n\
         | appid | string | 是 | a |\n| secret | string | 是 | s |\n",
    );
    assert_eq!(
        page.endpoints[0].auth,
        Auth::AppCredentials {
            location: Location::Body
        }
    );
}

#[test]
fn json_left_unfenced_is_an_example_and_a_markdown_link_is_not() {
    let page = read(
        "# T\n\n## 1. 调用方式\n\n```\nPOST https://api.weixin.qq.com/wxa/t?access_token=ACCESS_TOKEN\n```\n\n\
         ## 3. 返回参数\n\n### 返回体 `Response Payload`\n\n| 参数名 | 类型 | 说明 |\n| --- | --- | --- |\n\
         | errcode | number | [错误码](#apierrcode) |\n\n### Res.errcode `Enum`\n\n[错误码](#apierrcode)\n\n\
         | 枚举值 | 描述 |\n| --- | --- |\n| 40001 | bad token |\n\n## 5. 代码示例\n\n返回示例\n\n\
         {\n\"quota\\_info\": {\"left\": 1}\n}\n}\n",
    );
    let ep = &page.endpoints[0];
    assert_eq!(ep.enums[0].field.as_deref(), Some("errcode"));
    let [example] = &ep.examples[..] else {
        panic!("one example: {:?}", ep.examples);
    };
    assert_eq!(example.kind, ExampleKind::Response);
    assert_eq!(example.json.as_ref().unwrap()["quota_info"]["left"], 1);
    let repairs: Vec<_> = example.repairs.iter().map(ToString::to_string).collect();
    assert_eq!(
        repairs,
        [
            "read JSON that is not in a code block at line 29",
            "removed Markdown escapes (`\\_`) at line 29",
            "ignored text after the JSON value at line 32",
        ]
    );
    assert!(example.text.contains("quota\\_info"), "the text as written");
    assert!(page.unplaced.is_empty(), "{:?}", page.unplaced);
}
