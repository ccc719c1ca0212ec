//! The rule of [`super`] on small hand-written C; the expected names are listed by hand
//! from the text (each comment says why a name is or is not there).

use super::{c_calls, is_not_call, CCalls, NOT_CALLS};

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The names called and defined; the function count is checked where it is stated.
fn check(source: &str, called: &[&str], defined: &[&str]) {
    let got = c_calls(source.as_bytes());
    assert_eq!(
        got,
        CCalls {
            called: names(called),
            defined: names(defined),
            functions: got.functions,
        },
        "{source}"
    );
}

#[test]
fn the_keyword_table_is_sorted_for_binary_search() {
    assert!(NOT_CALLS.windows(2).all(|w| w[0] < w[1]));
    assert!(is_not_call(b"sizeof") && is_not_call(b"__builtin_expect"));
    assert!(!is_not_call(b"kmalloc") && !is_not_call(b"likely"));
}

#[test]
fn a_function_body() {
    // Called: kzalloc, pr_err, mutex_lock, helper (the file's own: `defined` holds it too,
    // the side subtracts it). Not: `if`/`return`/`sizeof` (keywords), `ops->open(` and
    // `d.release(` (members), `__builtin_expect` (the compiler's), `(void)(x)` (a cast),
    // the string's `fake(` and the comment's `ghost(`.
    let source = r#"
static int helper(int x) { return x; }

int probe(struct dev *d)
{
	void *p = kzalloc(sizeof(*p), GFP_KERNEL); /* ghost(1) */
	if (!p)
		return -ENOMEM;
	if (__builtin_expect(d->n, 0))
		pr_err("fake(%d)\n", helper(d->n));
	d->ops->open(d);
	d.release(d);
	(void)(p);
	mutex_lock(&d->lock);
	return 0;
}
"#;
    check(
        source,
        &["helper", "kzalloc", "mutex_lock", "pr_err"],
        &["helper", "probe"],
    );
    // Two function definitions: `helper` and `probe`.
    assert_eq!(c_calls(source.as_bytes()).functions, 2);
}

#[test]
fn multi_line_calls_and_blanks_before_the_parenthesis() {
    // `dev_warn` with its arguments over three lines, `kfree (p)` with a blank, and
    // `list_for_each_entry` as a statement macro: three calls in `f`.
    let source = "void f(void)\n{\n\tdev_warn(dev,\n\t\t \"x\",\n\t\t 1);\n\tkfree (p);\n\tlist_for_each_entry(pos, head, node) {\n\t}\n}\n";
    check(
        source,
        &["dev_warn", "kfree", "list_for_each_entry"],
        &["f"],
    );
}

#[test]
fn macros_define_and_call() {
    // Defined: the three macros (function-like, object-like, continued over lines). Called:
    // `WRITE_ONCE` and `do_thing` in bodies, `IS_ENABLED` in `#if`; not `fn` (a parameter),
    // not `foo_##name` (pasted), not `defined`, not `x`'s `#` stringify.
    let source = "#define SET(p, v) WRITE_ONCE(*(p), v)\n\
#define LIMIT 4\n\
#define CALL(fn, x) \\\n\tdo { fn(x); do_thing(x); foo_##x(1); #x; } while (0)\n\
#if defined(CONFIG_A) && IS_ENABLED(CONFIG_B)\n\
#endif\n\
#include \"local(h).h\"\n";
    check(
        source,
        &["IS_ENABLED", "WRITE_ONCE", "do_thing"],
        &["CALL", "LIMIT", "SET"],
    );
}

#[test]
fn file_level_invocations_prototypes_and_definitions() {
    // Calls: DEFINE_MUTEX (after `static` only), module_init, MODULE_LICENSE,
    // EXPORT_SYMBOL_GPL, __acquires (an attribute macro after the definition's group),
    // __printf (before the type), TP_PROTO (inside TRACE_EVENT) and TRACE_EVENT itself,
    // and BUILD_BUG_ON_ZERO in an initializer. Not calls: the prototype `declared` (a type
    // before it), the definitions `locked` and `formatted`, `format`/`aligned` inside
    // `__attribute__`.
    let source = r#"
static DEFINE_MUTEX(lock);
int declared(void);
static struct foo *also_declared(int a);
void locked(void) __acquires(lock)
{
}
static __printf(2, 3) void formatted(int a, const char *f, ...)
{
}
int x __attribute__((aligned(8), format(printf, 1, 2)));
static int y = BUILD_BUG_ON_ZERO(0);
TRACE_EVENT(ev, TP_PROTO(int a));
module_init(locked);
EXPORT_SYMBOL_GPL(locked);
MODULE_LICENSE("GPL");
"#;
    check(
        source,
        &[
            "BUILD_BUG_ON_ZERO",
            "DEFINE_MUTEX",
            "EXPORT_SYMBOL_GPL",
            "MODULE_LICENSE",
            "TP_PROTO",
            "TRACE_EVENT",
            "__acquires",
            "__printf",
            "module_init",
        ],
        &["formatted", "locked"],
    );
}

#[test]
fn function_pointer_declarators_are_not_calls() {
    // `ssize_t (*read)(...)` in a struct and `int (*table)[4]` declare; `cb(*p)` and
    // `get(*q, 1)` call (the group is not followed by `(` or `[`). `typedef` names nothing.
    let source = "struct ops {\n\tssize_t (*read)(struct file *);\n};\n\
typedef u32 (*hook_t)(int);\n\
void f(int (*table)[4])\n{\n\tcb(*p);\n\tget(*q, 1);\n}\n";
    check(source, &["cb", "get"], &["f"]);
}

#[test]
fn macro_written_definitions_and_struct_bodies() {
    // `SYSCALL_DEFINE2(...) {` is a definition through a macro: the macro's name is
    // defined, not called; `DECLARE_BITMAP` in a struct body is a call.
    let source = "SYSCALL_DEFINE2(ping, int, a, int, b)\n{\n\treturn do_ping(a, b);\n}\n\
struct s {\n\tDECLARE_BITMAP(bits, 8);\n};\n";
    check(source, &["DECLARE_BITMAP", "do_ping"], &["SYSCALL_DEFINE2"]);
}

#[test]
fn odd_input_does_not_panic() {
    for source in [
        &b""[..],
        b"#",
        b"#define",
        b"#define F(",
        b"f(",
        b"\"unterminated",
        b"/* open",
        b"}}}))) f(x);",
        b"a->",
        b"#define X(a) a##",
        b"\xff\xfe(",
    ] {
        let _ = c_calls(source);
    }
    // A macro invocation at file level whose declaration never ends is still a call.
    check("FOO(1)", &["FOO"], &[]);
}

/// The function count is [`count_function_definitions`]'s on every C source and header of
/// the real trees: the walk drives the same scanner with the same tokens.
#[test]
fn the_function_count_is_the_counters_on_real_trees() {
    use crate::facts::c_functions::count_function_definitions;
    use rayon::prelude::*;
    for (version, required) in [("7.3", true), ("6.1", false)] {
        let Some(tree) = crate::testing::tree(version, required) else {
            continue;
        };
        let files = crate::testing::c_files(&tree);
        assert!(files.len() > 30_000, "{version}: {} C files", files.len());
        let differing: Vec<String> = files
            .par_iter()
            .filter_map(|path| {
                let bytes = std::fs::read(path).unwrap();
                let (walked, counted) = (
                    c_calls(&bytes).functions,
                    count_function_definitions(&bytes),
                );
                (walked != counted).then(|| format!("{}: {walked} {counted}", path.display()))
            })
            .collect();
        assert_eq!(differing, Vec::<String>::new(), "{version}");
    }
}
