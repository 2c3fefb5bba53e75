//! The seed pages' formats, on pages written for these tests.

mod common;

use common::{field, names, read, unplaced};
use wechat_doc::{Auth, DocType, ExampleKind, Format, Language, Method, Required, Why};

const SPACES: &str = include_str!("fixtures/seed_spaces.txt");
const MARKDOWN: &str = include_str!("fixtures/seed_markdown.txt");
const FLATTENED: &str = include_str!("fixtures/seed_flattened.txt");
const OVERVIEW: &str = include_str!("fixtures/seed_overview.txt");

fn repairs(example: &wechat_doc::Example) -> Vec<String> {
    example.repairs.iter().map(ToString::to_string).collect()
}

#[test]
fn space_separated_tables_with_types_required_and_lengths() {
    let page = read(SPACES);
    assert_eq!((page.format, page.language), (Format::Seed, Language::En));
    let paths: Vec<_> = page
        .endpoints
        .iter()
        .map(|e| (e.method, e.path.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            (Method::Post, "/garden/plant"),
            (Method::Get, "/garden/count")
        ]
    );
    let plant = &page.endpoints[0];
    assert_eq!(plant.title.as_deref(), Some("I. Plant a tree"));
    assert_eq!(
        names(&plant.body),
        ["garden_id", "tree_name", "height", "watered"]
    );
    let id = field(&plant.body, "garden_id");
    assert_eq!((id.required, id.doc_max_len), (Required::Yes, Some(32)));
    assert_eq!(id.doc, "Garden ID, no more than 32 characters");
    assert_eq!(field(&plant.body, "tree_name").max_len, Some(20));
    let height = field(&plant.body, "height");
    assert_eq!(
        (height.ty.clone(), height.required),
        (
            DocType::Integer {
                unsigned: true,
                bits: Some(32)
            },
            Required::No
        )
    );
    // A GET endpoint's parameters are query parameters.
    let count = &page.endpoints[1];
    assert_eq!(names(&count.query), ["access_token", "garden_id"]);
    assert_eq!(field(&count.query, "garden_id").required, Required::Yes);
    assert!(page.unplaced.is_empty(), "{:?}", page.unplaced);
}

#[test]
fn nesting_by_brackets_dots_prefix_chains_and_structure_tables() {
    let page = read(SPACES);
    let plant = &page.endpoints[0];
    assert_eq!(names(&plant.response), ["errcode", "tree", "leaves"]);
    // `Structure of tree`.
    assert_eq!(
        names(&field(&plant.response, "tree").children),
        ["treeId", "state"]
    );
    // `leaves[].size`, `leaves[].color.name`: `color` is implied by its child.
    assert_eq!(
        field(&plant.response, "leaves").ty,
        DocType::Array { item: None }
    );
    assert_eq!(field(&plant.response, "leaves.size").ty, DocType::Number);
    let color = field(&plant.response, "leaves.color");
    assert!(color.implied);
    assert_eq!(
        field(&plant.response, "leaves.color.name")
            .name_as_written
            .as_deref(),
        Some("leaves[].color.name")
    );
    // `list: tree_id`, `list: stat_item :age`.
    let count = &page.endpoints[1];
    assert_eq!(names(&count.response), ["total", "list"]);
    assert_eq!(
        names(&field(&count.response, "list").children),
        ["tree_id", "stat_item"]
    );
    assert_eq!(
        field(&count.response, "list.stat_item.age").doc,
        "Age of the tree"
    );
}

#[test]
fn enums_error_codes_and_repaired_examples() {
    let plant = &read(SPACES).endpoints[0];
    assert_eq!(plant.enums.len(), 1);
    assert_eq!(plant.enums[0].field.as_deref(), Some("state"));
    let values: Vec<_> = plant.enums[0]
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.doc.as_str()))
        .collect();
    assert_eq!(values, [("0", "Seedling"), ("1", "Grown")]);
    let codes: Vec<_> = plant
        .errors
        .iter()
        .map(|e| (e.code, e.meaning.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            (93001, "The garden is full."),
            (93002, "The tree name is taken.")
        ]
    );
    let [request, response] = &plant.examples[..] else {
        panic!("two examples: {:?}", plant.examples);
    };
    assert_eq!(
        (request.kind, response.kind),
        (ExampleKind::Request, ExampleKind::Response)
    );
    assert_eq!(
        repairs(request),
        [
            "added missing comma at line 25",
            "removed trailing comma at line 27"
        ]
    );
    assert_eq!(request.json.as_ref().unwrap()["height"], 12);
    assert_eq!(
        repairs(response),
        ["closed the quote of key `tree` at line 57"]
    );
    assert_eq!(response.json.as_ref().unwrap()["tree"]["state"], 0);
}

#[test]
fn markdown_tables_sub_tables_and_broken_examples() {
    let page = read(MARKDOWN);
    let ep = &page.endpoints[0];
    assert_eq!(
        (ep.method, ep.path.as_str(), ep.auth),
        (Method::Post, "/garden/water", Auth::AccessToken)
    );
    assert_eq!(ep.title.as_deref(), Some("Watering a Garden"));
    // `POST data | Yes | JSON data` stands for the body; `access_token` goes to the query.
    assert_eq!(names(&ep.query), ["access_token"]);
    assert_eq!(names(&ep.body), ["garden_id", "note", "litres"]);
    assert_eq!(field(&ep.body, "note").max_len, Some(64));
    assert_eq!(field(&ep.body, "note").example.as_deref(), Some("hello"));
    let litres = field(&ep.body, "litres");
    assert_eq!(
        litres.ty,
        DocType::Integer {
            unsigned: true,
            bits: None
        }
    );
    // Values the description lists inline.
    let values: Vec<_> = litres
        .doc_values
        .iter()
        .map(|v| (v.value.as_str(), v.doc.as_str()))
        .collect();
    assert_eq!(
        values,
        [("CAN_SMALL", "a small can"), ("CAN_BIG", "a big can")]
    );
    // `Parameters` after the response example heads the response; a lone `result` line
    // heads the structure of `result`.
    assert_eq!(names(&ep.response), ["errcode", "result"]);
    assert_eq!(names(&field(&ep.response, "result").children), ["wet"]);
    let request = &ep.examples[0];
    assert_eq!(
        repairs(request),
        [
            "removed comment at line 15",
            "joined a string broken across lines at line 16",
            "added missing comma at line 17",
        ]
    );
    assert_eq!(
        request.json.as_ref().unwrap()["note"],
        "first line\nsecond line"
    );
    assert_eq!(
        repairs(&ep.examples[1]),
        ["added missing closing brace of the object opened at line 28 at line 32"]
    );
    // The error code in the notes' prose.
    assert_eq!(ep.errors.len(), 1);
    assert_eq!((ep.errors[0].code, ep.errors[0].from_prose), (93101, true));
    assert_eq!(ep.errors[0].meaning, "no water");
    assert_eq!(
        unplaced(&page),
        [(26, Why::RowWithoutName), (42, Why::RowDoesNotFit)]
    );
}

#[test]
fn flattened_tables_and_chinese_space_tables() {
    let page = read(FLATTENED);
    assert_eq!(page.language, Language::Zh);
    // The flattened table comes before any address: an orphan table.
    let orphan = &page.orphan_tables[0];
    assert_eq!(
        names(&orphan.fields),
        ["title", "count", "promotion_url_sub_title", "color"]
    );
    let title = field(&orphan.fields, "title");
    assert_eq!((title.max_len, title.doc_max_len), (Some(32), Some(16)));
    assert_eq!(title.example.as_deref(), Some("春天"));
    let joined = field(&orphan.fields, "promotion_url_sub_title");
    assert_eq!(
        joined.name_as_written.as_deref(),
        Some("promotion_url _sub_title")
    );
    assert_eq!(joined.max_len, Some(18));
    // What precedes the first field name names nothing: reported, with its line.
    assert_eq!(unplaced(&page), [(5, Why::FragmentBeforeFirstField)]);
    assert_eq!(page.unplaced[0].text, "页首残句。");

    let ep = &page.endpoints[0];
    assert_eq!(
        (ep.method, ep.path.as_str()),
        (Method::Post, "/datacube/getgardeninfo")
    );
    assert_eq!(ep.title.as_deref(), Some("统计花园数据"));
    assert_eq!(names(&ep.query), ["access_token"]);
    // `字段 说明 是否必填 类型 示例值`: the type comes after the description, and a row may
    // run over several lines.
    assert_eq!(names(&ep.body), ["begin_date", "cond_source"]);
    let begin = field(&ep.body, "begin_date");
    assert_eq!(
        (begin.doc.as_str(), begin.max_len),
        ("查询数据的起始时间。", Some(16))
    );
    let cond = field(&ep.body, "cond_source");
    assert_eq!(cond.type_as_written.as_deref(), Some("unsigned int"));
    assert_eq!(cond.doc, "花园来源,0为公众平台 、1是API");
    assert_eq!(names(&ep.response), ["ref_date", "view_cnt"]);
    assert_eq!(repairs(&ep.examples[0]), ["removed comment at line 36"]);
    assert_eq!(ep.examples[1].kind, ExampleKind::Response);
    assert_eq!(ep.errors[0].code, 61501);
}

#[test]
fn overview_tables_of_addresses_and_action_sections() {
    let page = read(OVERVIEW);
    let actions: Vec<_> = page
        .endpoints
        .iter()
        .map(|e| {
            (
                e.path.as_str(),
                e.fixed_query[0].value.as_str(),
                e.fixed_query[0].as_written.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("/garden/stat", "garden_general", None),
            (
                "/garden/stat",
                "garden_tree_list",
                Some("garden_tree _list")
            )
        ]
    );
    let general = &page.endpoints[0];
    assert_eq!(general.method, Method::Get, "from `GET request parameters`");
    assert_eq!(general.title.as_deref(), Some("Get garden summary 30 days"));
    assert_eq!(names(&general.query), ["page", "slot"]);
    assert_eq!(names(&general.response), ["err_msg", "summary"]);
    assert_eq!(names(&page.endpoints[1].query), ["page"]);
    // The page-level value table and error codes apply to every endpoint.
    for ep in &page.endpoints {
        let values: Vec<_> = ep.enums[0]
            .values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        assert_eq!(values, ["SLOT_GARDEN_FRONT", "SLOT_GARDEN_BACK"]);
        assert_eq!(ep.errors[0].code, 45009);
    }
    assert!(page.unplaced.is_empty(), "{:?}", page.unplaced);
}

#[test]
fn a_structure_table_for_a_field_the_page_lacks_is_reported_and_kept() {
    let page = read(
        "# Ghosts\n\nPOST https://api.weixin.qq.com/garden/ghost?access_token=ACCESS_TOKEN\n\n\
         # Return value\n\nattribute type Introductions\nerrcode number Error code\n\n\
         Structure of ghost\n\nattribute type Introductions\nboo string Sound\n",
    );
    assert_eq!(unplaced(&page), [(10, Why::NoParentField)]);
    let ep = &page.endpoints[0];
    assert_eq!(names(&ep.response), ["errcode"]);
    assert_eq!(names(&ep.other_fields[0].fields), ["boo"]);
}
