//! Values a description lists inline, which many pages give instead of an enum table:
//! `NORMAL: Normal; CONSUMED: Redeemed`, `1:音频;2:图片`, `1 资料；2 评论；3 论坛`.

use crate::page::EnumValue;

/// The values a field's description lists, in order; empty unless it lists two or more.
pub fn values_in_doc(doc: &str, line: usize) -> Vec<EnumValue> {
    let caps = capital_values(doc, line);
    if caps.len() >= 2 {
        return caps;
    }
    let numbered = numbered_values(doc, line);
    if numbered.len() >= 2 {
        return numbered;
    }
    Vec::new()
}

/// True for `CARD_STATUS_VERIFY_OK` or `GIFT`: capitals, digits and `_`, two characters or more.
fn is_capital_value(word: &str) -> bool {
    word.len() >= 2
        && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && !word.ends_with('_')
}

/// `CODE_TYPE_TEXT: Text; CODE_TYPE_BARCODE: Barcode`: each capital value followed by `:`,
/// with the text up to the next `;`.
fn capital_values(doc: &str, line: usize) -> Vec<EnumValue> {
    let mut out: Vec<EnumValue> = Vec::new();
    for part in doc.split([';', '；']) {
        let part = part.trim().trim_end_matches(['.', '。']);
        let Some((head, meaning)) = part.split_once([':', '：']) else {
            continue;
        };
        // The value is the last word before the colon (`Code type. CODE_TYPE_TEXT: Text`).
        let value = head.split_whitespace().last().unwrap_or_default();
        if is_capital_value(value) && !out.iter().any(|v| v.value == value) {
            out.push(EnumValue {
                value: value.to_owned(),
                doc: meaning.trim().to_owned(),
                line,
            });
        }
    }
    out
}

/// `1:音频;2:图片`, `0: Official Accounts Platform; 1: API`, `1 资料；2 评论；3 论坛`: numbers
/// each followed by a colon or a space and their meaning, separated by semicolons.
fn numbered_values(doc: &str, line: usize) -> Vec<EnumValue> {
    let mut out: Vec<EnumValue> = Vec::new();
    for part in doc.split([';', '；']) {
        let part = part.trim();
        // The number may follow an opening word (`场景枚举值（1 资料`, `季节。1:春`, `Coupon source. 0: ...`).
        let start = part
            .char_indices()
            .rev()
            .find(|&(i, c)| {
                matches!(c, '（' | '(' | ' ' | '.' | '。' | ',' | '，' | '：' | ':')
                    && part[i + c.len_utf8()..]
                        .trim_start()
                        .starts_with(|d: char| d.is_ascii_digit())
            })
            .map_or(0, |(i, c)| i + c.len_utf8());
        let rest = part[start..].trim_start();
        let digits: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        if digits.is_empty() || digits.parse::<i64>().is_err() {
            continue;
        }
        let after = &rest[digits.len()..];
        let Some(sep) = after.chars().next() else {
            continue;
        };
        if !matches!(sep, ':' | '：' | ' ' | '=') {
            continue;
        }
        let meaning = after[sep.len_utf8()..]
            .trim()
            .trim_end_matches(['）', ')', '.', '。'])
            .trim();
        if meaning.is_empty() || out.iter().any(|v| v.value == digits) {
            continue;
        }
        out.push(EnumValue {
            value: digits,
            doc: meaning.to_owned(),
            line,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::values_in_doc;

    fn pairs(doc: &str) -> Vec<(String, String)> {
        values_in_doc(doc, 1)
            .into_iter()
            .map(|v| (v.value, v.doc))
            .collect()
    }

    #[test]
    fn capital_values_with_their_meaning() {
        let doc = "Code type. CODE_TYPE_TEXT: text; CODE_TYPE_BARCODE: Barcode; CODE_TYPE_QRCODE: QR code.";
        let found = pairs(doc);
        let values: Vec<_> = found.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(
            values,
            ["CODE_TYPE_TEXT", "CODE_TYPE_BARCODE", "CODE_TYPE_QRCODE"]
        );
        assert_eq!(found[2].1, "QR code");
    }

    #[test]
    fn numbered_values_in_either_language() {
        assert_eq!(
            pairs("1:音频;2:图片"),
            [("1".into(), "音频".into()), ("2".into(), "图片".into())]
        );
        let scene = pairs("场景枚举值（1 资料；2 评论；3 论坛；4 社交日志）");
        assert_eq!(scene.len(), 4);
        assert_eq!(scene[3], ("4".into(), "社交日志".into()));
        let source =
            pairs("Coupon source. 0: Official Accounts Platform; 1: Coupon is created via API.");
        assert_eq!(source[1], ("1".into(), "Coupon is created via API".into()));
    }

    #[test]
    fn prose_without_a_list_gives_nothing() {
        assert!(pairs("用户唯一标识").is_empty());
        assert!(pairs("The maximum is 100; see the notes.").is_empty());
        assert!(pairs("SLOT_ID_X only").is_empty());
        assert!(pairs("ID: the user's ID; see below").is_empty());
        let kinds =
            pairs("Card type. GROUPON: Group coupon; GIFT: Gift coupon; CASH: Cash coupon.");
        assert_eq!(kinds.len(), 3);
    }
}
