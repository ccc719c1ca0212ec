//! Tables, collapsed lists and trees of the HTML pages.

use super::{escape, number, signed};
use crate::render::{percent, thousands};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A column of a [`Table`].
#[derive(Debug, Clone)]
pub struct Column {
    /// Its header (text).
    pub header: String,
    /// Whether it holds numbers: right-aligned, sorted by value, largest first.
    pub numeric: bool,
}

impl Column {
    /// A text column.
    pub fn text(header: &str) -> Column {
        Column {
            header: header.into(),
            numeric: false,
        }
    }

    /// A numeric column.
    pub fn number(header: &str) -> Column {
        Column {
            header: header.into(),
            numeric: true,
        }
    }
}

/// A table cell: its HTML and, for numbers, the value it sorts by.
#[derive(Debug, Clone)]
pub struct Cell {
    html: String,
    sort_key: Option<String>,
}

impl Cell {
    /// Text, escaped.
    pub fn text(text: &str) -> Cell {
        Cell {
            html: escape(text),
            sort_key: None,
        }
    }

    /// Text in a `<code>` element (paths, symbols), escaped.
    pub fn code(text: &str) -> Cell {
        Cell {
            html: format!("<code>{}</code>", escape(text)),
            sort_key: None,
        }
    }

    /// A file path in a `<code>` element, escaped, that may wrap after each `/`.
    pub fn path(path: &str) -> Cell {
        let parts: Vec<String> = path.split('/').map(escape).collect();
        Cell {
            html: format!("<code>{}</code>", parts.join("/<wbr>")),
            sort_key: None,
        }
    }

    /// A count, shown with thousands separators.
    pub fn count(value: u64) -> Cell {
        Cell {
            html: thousands(value),
            sort_key: Some(value.to_string()),
        }
    }

    /// A change, with its sign (`+1,234`, `-56`).
    pub fn signed(change: i64) -> Cell {
        Cell {
            html: signed(change as f64, 0),
            sort_key: Some(change.to_string()),
        }
    }

    /// A decimal value with `decimals` digits after the point.
    pub fn decimal(value: f64, decimals: usize) -> Cell {
        Cell {
            html: number(value, decimals),
            sort_key: Some(if value.is_finite() {
                value.to_string()
            } else {
                "0".into()
            }),
        }
    }

    /// A share of a whole, shown as a percentage (`–` and sorted first when the whole is 0).
    pub fn percent(part: u64, whole: u64) -> Cell {
        if whole == 0 {
            return Cell {
                html: "–".into(),
                sort_key: Some("-1".into()),
            };
        }
        Cell {
            html: percent(part, whole),
            sort_key: Some(format!("{:.3}", part as f64 * 100.0 / whole as f64)),
        }
    }

    /// HTML the caller built, sorted by its text.
    pub fn html(html: String) -> Cell {
        Cell {
            html,
            sort_key: None,
        }
    }
}

/// A table whose columns sort on a click of their header (by the page's script; without it the
/// table is simply in its given order).
#[derive(Debug, Clone)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// A totals row, kept last when the rows are sorted (empty for none).
    pub totals: Vec<Cell>,
}

impl Table {
    /// The table, in a scrolling wrapper.
    pub fn html(&self) -> String {
        let mut out =
            String::from("<div class=\"table-wrap\"><table class=\"sortable\">\n<thead><tr>");
        for c in &self.columns {
            let _ = write!(
                out,
                "<th scope=\"col\"{}><button type=\"button\">{}</button></th>",
                if c.numeric { " class=\"num\"" } else { "" },
                escape(&c.header)
            );
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            self.row(row, &mut out);
        }
        out.push_str("</tbody>\n");
        if !self.totals.is_empty() {
            out.push_str("<tfoot>");
            self.row(&self.totals, &mut out);
            out.push_str("</tfoot>\n");
        }
        out.push_str("</table></div>\n");
        out
    }

    fn row(&self, cells: &[Cell], out: &mut String) {
        out.push_str("<tr>");
        for (column, cell) in self.columns.iter().zip(cells) {
            out.push_str(if column.numeric {
                "<td class=\"num\""
            } else {
                "<td"
            });
            if let Some(key) = &cell.sort_key {
                let _ = write!(out, " data-sort=\"{}\"", escape(key));
            }
            let _ = write!(out, ">{}</td>", cell.html);
        }
        out.push_str("</tr>\n");
    }
}

/// A collapsed (`<details>`) list in columns: `summary` (text) and the item count, then the
/// items (HTML).
pub fn collapsed_list(summary: &str, items_html: impl ExactSizeIterator<Item = String>) -> String {
    let mut out = format!(
        "<details><summary>{} ({})</summary><ul class=\"columns\">",
        escape(summary),
        thousands(items_html.len() as u64)
    );
    for item in items_html {
        let _ = write!(out, "<li>{item}</li>");
    }
    out.push_str("</ul></details>\n");
    out
}

/// An entry of a [`tree`]: a path of names and the HTML shown after its last name.
#[derive(Debug, Clone)]
pub struct TreeItem {
    /// The path, from the root (`["sync", "lock", "spinlock"]`).
    pub path: Vec<String>,
    /// Shown after the name (figures, tags).
    pub note_html: String,
}

/// A node of the tree being built: its note, if an item names it, and its children by name.
#[derive(Default)]
struct TreeNode {
    note_html: Option<String>,
    children: BTreeMap<String, TreeNode>,
}

/// A collapsible tree: nodes with children are `<details>` elements (closed), leaves are list
/// items. Paths that only appear as prefixes of others become nodes without a note.
pub fn tree(items: &[TreeItem]) -> String {
    let mut root = TreeNode::default();
    for item in items {
        let mut node = &mut root;
        for name in &item.path {
            node = node.children.entry(name.clone()).or_default();
        }
        node.note_html = Some(item.note_html.clone());
    }
    let mut out = String::from("<ul class=\"tree\">\n");
    tree_children(&root, &mut out);
    out.push_str("</ul>\n");
    out
}

/// The list items of `node`'s children, depth first.
fn tree_children(node: &TreeNode, out: &mut String) {
    for (name, child) in &node.children {
        let note = child.note_html.as_deref().unwrap_or("");
        if child.children.is_empty() {
            let _ = writeln!(
                out,
                "<li><span class=\"leaf\"><code>{}</code></span> {note}</li>",
                escape(name)
            );
        } else {
            let _ = writeln!(
                out,
                "<li><details><summary><code class=\"node\">{}</code> {note} \
                 <span class=\"tag\">{} below</span></summary><ul>",
                escape(name),
                child.children.len()
            );
            tree_children(child, out);
            out.push_str("</ul></details></li>\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_nests_paths_and_escapes_names() {
        let item = |path: &[&str], note: &str| TreeItem {
            path: path.iter().map(|s| s.to_string()).collect(),
            note_html: note.into(),
        };
        let html = tree(&[
            item(&["sync"], "S"),
            item(&["sync", "lock"], "L"),
            item(&["a<b", "c"], "C"),
        ]);
        assert!(html.contains("<code class=\"node\">a&lt;b</code>  <span class=\"tag\">1 below"));
        assert!(html.contains("<code class=\"node\">sync</code> S"));
        assert!(html.contains("<code>lock</code></span> L</li>"));
    }

    #[test]
    fn table_cells_carry_sort_keys_and_escape() {
        let table = Table {
            columns: vec![Column::text("name"), Column::number("code")],
            rows: vec![
                vec![Cell::text("<b>"), Cell::count(1234)],
                vec![Cell::path("a/<b>.rs"), Cell::count(5)],
            ],
            totals: vec![Cell::text("all"), Cell::count(1234)],
        };
        let html = table.html();
        assert!(html.contains("<td>&lt;b&gt;</td><td class=\"num\" data-sort=\"1234\">1,234</td>"));
        assert!(html.contains(
            "<th scope=\"col\" class=\"num\"><button type=\"button\">code</button></th>"
        ));
        assert!(html.contains("<td><code>a/<wbr>&lt;b&gt;.rs</code></td>"));
        assert!(html.contains("</tbody>\n<tfoot><tr><td>all</td>"));
    }

    #[test]
    fn signed_cells_sort_by_their_change() {
        let cell = Cell::signed(-56);
        assert_eq!(
            (cell.html.as_str(), cell.sort_key.as_deref()),
            ("-56", Some("-56"))
        );
    }
}
