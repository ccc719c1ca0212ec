use super::*;

fn exported(text: &str) -> Vec<(String, String, u32, SymbolKind)> {
    exports(text.as_bytes())
        .into_iter()
        .map(|e| (e.name, e.macro_name, e.line, e.kind))
        .collect()
}

fn e(
    name: &str,
    macro_name: &str,
    line: u32,
    kind: SymbolKind,
) -> (String, String, u32, SymbolKind) {
    (name.to_string(), macro_name.to_string(), line, kind)
}

const EXPORTS: &str = r#"// SPDX-License-Identifier: GPL-2.0
/*
 * EXPORT_SYMBOL(in_a_comment);
 */
int counter = 0;
EXPORT_SYMBOL(counter);

static DEFINE_MUTEX(lock_a);
DEFINE_MUTEX(lock_b);
EXPORT_SYMBOL_GPL(lock_b);

/**
 * do_thing() - does a thing
 */
struct page *
do_thing(struct foo *f, int x)
	__acquires(f->lock)
{
	return helper(x);
}
EXPORT_SYMBOL_NS_GPL(do_thing, "THINGS");

const char *const names[] = { "a", "b" };
EXPORT_SYMBOL_IF_KUNIT(names);

void early(void);
EXPORT_SYMBOL(early); // defined elsewhere in the file
void early(void) { }

#define EXPORT_SYMBOL_IF_X(sym) EXPORT_SYMBOL_IF_KUNIT(sym)
#define GEN(n) \
	EXPORT_SYMBOL(n##_x)
UASM_EXPORT_SYMBOL(not_this);
int x; // EXPORT_SYMBOL(not_that);
unsigned long per_cpu_thing __read_mostly = 3;
EXPORT_SYMBOL(per_cpu_thing);
int f(void) { return 0; } EXPORT_SYMBOL_RUST_GPL(f);
BPF_CALL_2(bpf_thing, int, a, int, b)
{
	return a + b;
}
EXPORT_SYMBOL_FOR_MODULES(bpf_thing, "m");
EXPORT_SYMBOL(only_used);
void g(void) { only_used = 1; }
"#;

#[test]
fn exports_with_their_kind() {
    use SymbolKind::*;
    assert_eq!(
        exported(EXPORTS),
        [
            e("counter", "EXPORT_SYMBOL", 6, Variable),
            e("lock_b", "EXPORT_SYMBOL_GPL", 10, Variable),
            e("do_thing", "EXPORT_SYMBOL_NS_GPL", 21, Function),
            e("names", "EXPORT_SYMBOL_IF_KUNIT", 24, Variable),
            e("early", "EXPORT_SYMBOL", 27, Function),
            e("per_cpu_thing", "EXPORT_SYMBOL", 36, Variable),
            e("f", "EXPORT_SYMBOL_RUST_GPL", 37, Function),
            e("bpf_thing", "EXPORT_SYMBOL_FOR_MODULES", 42, Function),
            e("only_used", "EXPORT_SYMBOL", 43, Unknown),
        ]
    );
}

#[test]
fn exports_in_assembly() {
    use SymbolKind::*;
    let text = "#include <linux/linkage.h>\n\
                SYM_FUNC_START(memcpy)\n\tret\nSYM_FUNC_END(memcpy)\nEXPORT_SYMBOL(memcpy)\n\
                SYM_DATA(some_table, .long 0)\nEXPORT_SYMBOL_GPL(some_table)\n\
                old_label:\n\tret\nEXPORT_SYMBOL(old_label)\n";
    assert_eq!(
        exported(text),
        [
            e("memcpy", "EXPORT_SYMBOL", 5, Function),
            e("some_table", "EXPORT_SYMBOL_GPL", 7, Variable),
            e("old_label", "EXPORT_SYMBOL", 10, Function),
        ]
    );
}

#[test]
fn struct_definitions_in_a_header() {
    let text = "/**\n * struct doc - not this\n */\nstruct device {\n\tstruct device_private *p;\n\
                \tstruct { int a; } anon;\n};\nstruct fwd;\ntypedef struct tag_t {\n int x;\n} tag_t;\n\
                struct inner_user { struct nested { int y; } n; };\nstatic struct ops x = {\n};\n\
                struct device\n{\n};\n";
    assert_eq!(
        struct_definitions(text.as_bytes()),
        ["device", "inner_user", "tag_t"]
    );
}

fn defined(names: &[&str], text: &str) -> Vec<(String, DefinitionKind, u32)> {
    let search = SymbolSearch::new(names.iter().map(|s| s.to_string()).collect());
    definitions(text.as_bytes(), &search)
        .into_iter()
        .map(|d| (search.symbols()[d.symbol].clone(), d.kind, d.line))
        .collect()
}

#[test]
fn definitions_of_searched_names() {
    use DefinitionKind::*;
    let header = r#"#ifndef _LINUX_MUTEX_H
void mutex_lock(struct mutex *lock);
#ifdef CONFIG_DEBUG_LOCK_ALLOC
#define mutex_lock(lock) mutex_lock_nested(lock, 0)
#endif
static inline int mutex_is_locked(struct mutex *lock)
{
	return atomic_long_read(&lock->owner) != 0;
}
static __always_inline void *kmalloc(size_t size, gfp_t flags)
{
	if (x)
		return kmalloc(size, flags);
	return __kmalloc(size, flags);
}
extern void __might_sleep(const char *file, int line)
	__attribute__((nonnull));
#define BUG() do { } while (0)
typedef int mutex_cb(int);
"#;
    let names = [
        "mutex_lock",
        "mutex_is_locked",
        "kmalloc",
        "__might_sleep",
        "BUG",
        "mutex_cb",
        "atomic_long_read",
    ];
    assert_eq!(
        defined(&names, header),
        [
            ("mutex_lock".to_string(), Prototype, 2),
            ("mutex_lock".to_string(), Macro, 4),
            ("mutex_is_locked".to_string(), Inline, 6),
            ("kmalloc".to_string(), Inline, 10),
            ("__might_sleep".to_string(), Prototype, 16),
            ("BUG".to_string(), Macro, 18),
        ]
    );
    let source = r#"/**
 * mutex_lock() - lock a mutex
 */
void __sched mutex_lock(struct mutex *lock)
{
	might_sleep();
	if (!__mutex_trylock_fast(lock))
		__mutex_lock_slowpath(lock);
}
static int
helper(int x) { return mutex_is_locked(x) * 2; }
int value = 3 * helper(2);
"#;
    assert_eq!(
        defined(&["mutex_lock", "helper", "mutex_is_locked"], source),
        [
            ("mutex_lock".to_string(), Function, 4),
            ("helper".to_string(), StaticFunction, 11),
        ]
    );
}

#[test]
fn c_facts_by_file_type() {
    let search = SymbolSearch::new(vec!["f".to_string()]);
    let text = b"struct s {\n int a;\n};\nint f(void)\n{\n return 0;\n}\nEXPORT_SYMBOL(f);\n";
    let c = c_facts("a.c", text, &search);
    assert_eq!(
        (c.exports.len(), c.structs.len(), c.definitions.len()),
        (1, 0, 1)
    );
    let h = c_facts("a.h", text, &search);
    assert_eq!(
        (h.exports.len(), h.structs.len(), h.definitions.len()),
        (1, 1, 1)
    );
    let s = c_facts("a.S", text, &search);
    assert_eq!(
        (s.exports.len(), s.structs.len(), s.definitions.len()),
        (1, 0, 0)
    );
    // Local includes: C and headers, not assembly.
    let with_include = [&b"#include \"a.h\"\n"[..], text].concat();
    for (path, includes) in [("a.c", 1), ("a.h", 1), ("a.S", 0)] {
        let facts = c_facts(path, &with_include, &search);
        assert_eq!(facts.local_includes.len(), includes, "{path}");
    }
    assert!(c_facts("a.rs", text, &search).is_empty());
}

#[test]
fn odd_input_does_not_panic() {
    let search = SymbolSearch::new(vec!["x".to_string(), "EXPORT_SYMBOL".to_string()]);
    for text in [
        "",
        "EXPORT_SYMBOL",
        "EXPORT_SYMBOL(",
        "EXPORT_SYMBOL()",
        "EXPORT_SYMBOL(x",
        "x(",
        "x()",
        ")x(",
        "struct",
        "struct x",
        "#define",
        "#define x(",
        "*/ EXPORT_SYMBOL(x);",
        "/*",
        "\\\nEXPORT_SYMBOL(x);",
        "x(((((",
        "int x(void) __a(((",
        "\u{e9}x(\u{e9}) {",
    ] {
        let _ = c_facts("a.h", text.as_bytes(), &search);
        let _ = c_facts("a.c", text.as_bytes(), &search);
    }
}

#[test]
fn names_called_in_helpers() {
    let text = b"__rust_helper void rust_helper_mutex_lock(struct mutex *lock)\n{\n\tmutex_lock (lock);\n\tx = 2(3);\n}\n";
    assert_eq!(called_names(text), ["mutex_lock", "rust_helper_mutex_lock"]);
}
