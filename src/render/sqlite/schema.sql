-- The database `kcensus export --sqlite` writes (SCHEMA.md, "The SQLite export").
-- Columns are named as the report's JSON keys; a nested object is flattened into columns
-- named `OBJECT_KEY` (`unsafe_fns`, `structs_share`, `rust_lines_code`); a list inside a row
-- is a child table keyed by the row's key.

CREATE TABLE run (
  kcensus_version TEXT NOT NULL,
  database_schema_version INTEGER NOT NULL,
  report_schema_version INTEGER NOT NULL,
  input TEXT NOT NULL,
  rev TEXT,
  kernel_version TEXT,
  cves INTEGER NOT NULL
);

CREATE TABLE totals (
  scope TEXT PRIMARY KEY,
  files INTEGER NOT NULL, blank INTEGER NOT NULL, comment INTEGER NOT NULL, code INTEGER NOT NULL
);

CREATE TABLE unsafe_totals (
  scope TEXT PRIMARY KEY,
  blocks INTEGER NOT NULL, blocks_in_macros INTEGER NOT NULL, fns INTEGER NOT NULL,
  traits INTEGER NOT NULL, impls INTEGER NOT NULL, extern_blocks INTEGER NOT NULL,
  attributes INTEGER NOT NULL, lines_in_blocks INTEGER NOT NULL,
  blocks_with_safety_comment INTEGER NOT NULL, impls_with_safety_comment INTEGER NOT NULL,
  fns_with_safety_doc INTEGER NOT NULL, doctest_unsafe INTEGER NOT NULL,
  lint_allowances INTEGER NOT NULL, grep_lines INTEGER NOT NULL, blocks_per_kloc REAL NOT NULL
);

CREATE TABLE rust_share (
  percent_of_code REAL NOT NULL, own_percent_of_code REAL NOT NULL,
  c_and_headers_code INTEGER NOT NULL, percent_of_c_and_headers REAL NOT NULL,
  own_percent_of_c_and_headers REAL NOT NULL
);

CREATE TABLE languages (
  language TEXT PRIMARY KEY,
  files INTEGER NOT NULL, blank INTEGER NOT NULL, comment INTEGER NOT NULL, code INTEGER NOT NULL
);

CREATE TABLE skipped_reasons (reason TEXT PRIMARY KEY, paths INTEGER NOT NULL);
CREATE TABLE skipped_files (path TEXT NOT NULL, reason TEXT NOT NULL);

CREATE TABLE areas (
  area TEXT PRIMARY KEY,
  vendored INTEGER NOT NULL,
  files INTEGER NOT NULL, blank INTEGER NOT NULL, comment INTEGER NOT NULL, code INTEGER NOT NULL,
  unsafe_blocks INTEGER NOT NULL, unsafe_blocks_in_macros INTEGER NOT NULL,
  unsafe_fns INTEGER NOT NULL, unsafe_traits INTEGER NOT NULL, unsafe_impls INTEGER NOT NULL,
  unsafe_extern_blocks INTEGER NOT NULL, unsafe_attributes INTEGER NOT NULL,
  unsafe_lines_in_blocks INTEGER NOT NULL, unsafe_blocks_with_safety_comment INTEGER NOT NULL,
  unsafe_impls_with_safety_comment INTEGER NOT NULL, unsafe_fns_with_safety_doc INTEGER NOT NULL,
  unsafe_doctest_unsafe INTEGER NOT NULL, unsafe_lint_allowances INTEGER NOT NULL,
  unsafe_grep_lines INTEGER NOT NULL, unsafe_blocks_per_kloc REAL NOT NULL,
  bindings_names INTEGER NOT NULL, bindings_uses INTEGER NOT NULL
);

CREATE TABLE vendored (
  path TEXT PRIMARY KEY, name TEXT NOT NULL, version TEXT,
  files INTEGER NOT NULL, code INTEGER NOT NULL
);

CREATE TABLE crates (
  root TEXT PRIMARY KEY, name TEXT NOT NULL, found_by TEXT NOT NULL, kconfig TEXT,
  linked_into_c INTEGER NOT NULL
);
CREATE TABLE crate_files (
  crate_root TEXT NOT NULL REFERENCES crates(root), path TEXT NOT NULL
);

CREATE TABLE files (
  path TEXT PRIMARY KEY, crate TEXT, area TEXT NOT NULL REFERENCES areas(area), blob TEXT NOT NULL,
  blank INTEGER NOT NULL, comment INTEGER NOT NULL, code INTEGER NOT NULL,
  unsafe_blocks INTEGER NOT NULL, unsafe_blocks_in_macros INTEGER NOT NULL,
  unsafe_fns INTEGER NOT NULL, unsafe_traits INTEGER NOT NULL, unsafe_impls INTEGER NOT NULL,
  unsafe_extern_blocks INTEGER NOT NULL, unsafe_attributes INTEGER NOT NULL,
  unsafe_lines_in_blocks INTEGER NOT NULL, unsafe_blocks_with_safety_comment INTEGER NOT NULL,
  unsafe_impls_with_safety_comment INTEGER NOT NULL, unsafe_fns_with_safety_doc INTEGER NOT NULL,
  unsafe_doctest_unsafe INTEGER NOT NULL, unsafe_lint_allowances INTEGER NOT NULL,
  unsafe_grep_lines INTEGER NOT NULL, unsafe_blocks_per_kloc REAL NOT NULL,
  bindings_uses INTEGER NOT NULL, parse_errors INTEGER NOT NULL
);
CREATE TABLE unreached_files (path TEXT PRIMARY KEY);

CREATE TABLE modules (
  path TEXT PRIMARY KEY, doc TEXT, category TEXT NOT NULL,
  files INTEGER NOT NULL, blank INTEGER NOT NULL, comment INTEGER NOT NULL, code INTEGER NOT NULL,
  unsafe_blocks INTEGER NOT NULL, unsafe_blocks_in_macros INTEGER NOT NULL,
  unsafe_fns INTEGER NOT NULL, unsafe_traits INTEGER NOT NULL, unsafe_impls INTEGER NOT NULL,
  unsafe_extern_blocks INTEGER NOT NULL, unsafe_attributes INTEGER NOT NULL,
  unsafe_lines_in_blocks INTEGER NOT NULL, unsafe_blocks_with_safety_comment INTEGER NOT NULL,
  unsafe_impls_with_safety_comment INTEGER NOT NULL, unsafe_fns_with_safety_doc INTEGER NOT NULL,
  unsafe_doctest_unsafe INTEGER NOT NULL, unsafe_lint_allowances INTEGER NOT NULL,
  unsafe_grep_lines INTEGER NOT NULL, unsafe_blocks_per_kloc REAL NOT NULL,
  bindings_uses INTEGER NOT NULL
);
CREATE TABLE module_files (
  module_path TEXT NOT NULL REFERENCES modules(path), path TEXT NOT NULL
);
CREATE TABLE module_cfg (module_path TEXT NOT NULL REFERENCES modules(path), cfg TEXT NOT NULL);
CREATE TABLE module_maintainers (
  module_path TEXT NOT NULL REFERENCES modules(path), entry TEXT NOT NULL
);

CREATE TABLE drivers (
  root TEXT PRIMARY KEY, crate_name TEXT NOT NULL, kind TEXT NOT NULL, macro TEXT, name TEXT,
  description TEXT, license TEXT, kconfig TEXT, kconfig_prompt TEXT,
  linked_into_c INTEGER NOT NULL,
  files INTEGER NOT NULL, blank INTEGER NOT NULL, comment INTEGER NOT NULL, code INTEGER NOT NULL,
  unsafe_blocks INTEGER NOT NULL, unsafe_blocks_in_macros INTEGER NOT NULL,
  unsafe_fns INTEGER NOT NULL, unsafe_traits INTEGER NOT NULL, unsafe_impls INTEGER NOT NULL,
  unsafe_extern_blocks INTEGER NOT NULL, unsafe_attributes INTEGER NOT NULL,
  unsafe_lines_in_blocks INTEGER NOT NULL, unsafe_blocks_with_safety_comment INTEGER NOT NULL,
  unsafe_impls_with_safety_comment INTEGER NOT NULL, unsafe_fns_with_safety_doc INTEGER NOT NULL,
  unsafe_doctest_unsafe INTEGER NOT NULL, unsafe_lint_allowances INTEGER NOT NULL,
  unsafe_grep_lines INTEGER NOT NULL, unsafe_blocks_per_kloc REAL NOT NULL,
  bindings_uses INTEGER NOT NULL
);
CREATE TABLE driver_files (
  driver_root TEXT NOT NULL REFERENCES drivers(root), path TEXT NOT NULL
);
CREATE TABLE driver_authors (driver_root TEXT NOT NULL REFERENCES drivers(root), author TEXT NOT NULL);
CREATE TABLE driver_bindings_names (
  driver_root TEXT NOT NULL REFERENCES drivers(root), name TEXT NOT NULL
);

CREATE TABLE exports (
  id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,
  kind TEXT NOT NULL, via TEXT NOT NULL, c_use TEXT NOT NULL
);
CREATE TABLE export_c_callers (export_id INTEGER NOT NULL REFERENCES exports(id), path TEXT NOT NULL);
CREATE TABLE export_referenced_by_c (
  export_id INTEGER NOT NULL REFERENCES exports(id), file TEXT NOT NULL, line INTEGER NOT NULL
);
CREATE TABLE export_handed_to_c (
  export_id INTEGER NOT NULL REFERENCES exports(id), file TEXT NOT NULL, line INTEGER NOT NULL
);

CREATE TABLE bindings (
  distinct_names INTEGER NOT NULL, distinct_names_in_kernel_crate INTEGER NOT NULL
);
CREATE TABLE bindings_headers (kind TEXT NOT NULL, header TEXT NOT NULL);
CREATE TABLE bindings_helper_c_functions (name TEXT NOT NULL);
CREATE TABLE bindings_uses_by_area (area TEXT PRIMARY KEY, uses INTEGER NOT NULL);

CREATE TABLE architectures (arch TEXT NOT NULL, condition TEXT);
CREATE TABLE architecture_conditions (arch TEXT NOT NULL, condition TEXT);
CREATE TABLE architecture_docs (path TEXT PRIMARY KEY);
CREATE TABLE architecture_docs_archs (
  path TEXT NOT NULL REFERENCES architecture_docs(path), list TEXT NOT NULL, arch TEXT NOT NULL
);
CREATE TABLE toolchain (rustc TEXT, bindgen TEXT, rust_makefile_lines INTEGER NOT NULL);
CREATE TABLE toolchain_rust_symbols (symbol TEXT NOT NULL);

CREATE TABLE reach (
  exported_c_symbols INTEGER NOT NULL, exported_c_functions INTEGER NOT NULL,
  exported_c_variables INTEGER NOT NULL, exported_c_unknown INTEGER NOT NULL,
  c_functions_called INTEGER NOT NULL, via_helpers INTEGER NOT NULL,
  exported_called_from_rust INTEGER NOT NULL, share REAL NOT NULL,
  structs_bound_headers INTEGER NOT NULL, structs_defined_in_bound_headers INTEGER NOT NULL,
  structs_named_from_rust INTEGER NOT NULL, structs_share REAL NOT NULL,
  structs_named_from_rust_any_header INTEGER NOT NULL
);
CREATE TABLE reach_exports_by_macro (macro TEXT PRIMARY KEY, symbols INTEGER NOT NULL);
CREATE TABLE reach_by_subsystem (
  subsystem TEXT PRIMARY KEY, exported INTEGER NOT NULL, called_from_rust INTEGER NOT NULL,
  share REAL NOT NULL
);
CREATE TABLE reach_called (
  name TEXT NOT NULL, via_helper TEXT, exported INTEGER NOT NULL, kind TEXT NOT NULL, file TEXT,
  subsystem TEXT, rust_files INTEGER NOT NULL
);
CREATE TABLE reach_chains (
  id INTEGER PRIMARY KEY, rust TEXT NOT NULL, kind TEXT NOT NULL,
  direct_c_functions INTEGER NOT NULL
);
CREATE TABLE reach_chain_modules (
  chain_id INTEGER NOT NULL REFERENCES reach_chains(id), module TEXT NOT NULL
);
CREATE TABLE reach_chain_subsystems (
  chain_id INTEGER NOT NULL REFERENCES reach_chains(id), subsystem TEXT NOT NULL,
  functions INTEGER NOT NULL
);

CREATE TABLE twins (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, rust_to_c_code REAL NOT NULL, sentence TEXT NOT NULL
);
CREATE TABLE twin_sides (
  twin_id INTEGER NOT NULL REFERENCES twins(id), side TEXT NOT NULL,
  symbol TEXT NOT NULL, prompt TEXT, kconfig_file TEXT NOT NULL, kconfig_line INTEGER NOT NULL,
  lines_files INTEGER NOT NULL, lines_blank INTEGER NOT NULL, lines_comment INTEGER NOT NULL,
  lines_code INTEGER NOT NULL,
  rust_lines_files INTEGER NOT NULL, rust_lines_blank INTEGER NOT NULL,
  rust_lines_comment INTEGER NOT NULL, rust_lines_code INTEGER NOT NULL,
  c_lines_files INTEGER NOT NULL, c_lines_blank INTEGER NOT NULL,
  c_lines_comment INTEGER NOT NULL, c_lines_code INTEGER NOT NULL,
  functions INTEGER, unsafe_blocks INTEGER NOT NULL, unsafe_blocks_per_kloc REAL NOT NULL,
  blocks_with_safety_comment INTEGER NOT NULL, safety_comment_percent REAL,
  bindings_uses INTEGER NOT NULL, c_api_functions_called INTEGER,
  PRIMARY KEY (twin_id, side)
);
CREATE TABLE twin_side_modules (twin_id INTEGER NOT NULL, side TEXT NOT NULL, module TEXT NOT NULL,
  FOREIGN KEY (twin_id, side) REFERENCES twin_sides(twin_id, side));
CREATE TABLE twin_side_cves (twin_id INTEGER NOT NULL, side TEXT NOT NULL, cve TEXT NOT NULL,
  FOREIGN KEY (twin_id, side) REFERENCES twin_sides(twin_id, side));
CREATE TABLE twin_files (
  twin_id INTEGER NOT NULL, side TEXT NOT NULL, path TEXT NOT NULL, language TEXT NOT NULL,
  role TEXT NOT NULL, blank INTEGER NOT NULL, comment INTEGER NOT NULL, code INTEGER NOT NULL,
  functions INTEGER,
  FOREIGN KEY (twin_id, side) REFERENCES twin_sides(twin_id, side)
);
CREATE TABLE twin_evidence (
  twin_id INTEGER NOT NULL REFERENCES twins(id), rule TEXT NOT NULL, file TEXT NOT NULL,
  line INTEGER NOT NULL, detail TEXT NOT NULL
);

CREATE TABLE cves (
  source_path TEXT NOT NULL, source_records INTEGER NOT NULL, source_newest TEXT,
  tree_version TEXT, records_in_tree INTEGER NOT NULL, memory_safety INTEGER NOT NULL,
  memory_safety_percent REAL NOT NULL
);
CREATE TABLE cves_skipped (path TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE cves_by_language (
  language TEXT PRIMARY KEY, records INTEGER NOT NULL, code INTEGER NOT NULL,
  per_million_lines REAL NOT NULL, memory_safety INTEGER NOT NULL,
  memory_safety_percent REAL NOT NULL
);
CREATE TABLE cves_by_area (
  area TEXT PRIMARY KEY, records INTEGER NOT NULL, code INTEGER NOT NULL,
  per_million_lines REAL NOT NULL, memory_safety INTEGER NOT NULL,
  memory_safety_percent REAL NOT NULL
);
CREATE TABLE cves_by_class (class TEXT PRIMARY KEY, records INTEGER NOT NULL);
CREATE TABLE cves_by_class_language (
  class TEXT NOT NULL REFERENCES cves_by_class(class), language TEXT NOT NULL,
  records INTEGER NOT NULL, PRIMARY KEY (class, language)
);
CREATE TABLE cves_by_fix_release (
  release TEXT NOT NULL, language TEXT NOT NULL, records INTEGER NOT NULL,
  PRIMARY KEY (release, language)
);
CREATE TABLE cves_rust (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, area TEXT NOT NULL, crate TEXT, driver TEXT,
  fixed TEXT, cvss REAL, unsafe_blocks INTEGER NOT NULL
);
CREATE TABLE cves_rust_files (cve_id TEXT NOT NULL REFERENCES cves_rust(id), path TEXT NOT NULL);
CREATE TABLE cves_rust_introduced (
  cve_id TEXT NOT NULL REFERENCES cves_rust(id), release TEXT NOT NULL
);
CREATE TABLE cves_rust_classes (cve_id TEXT NOT NULL REFERENCES cves_rust(id), class TEXT NOT NULL);
CREATE TABLE cves_affecting (id TEXT PRIMARY KEY, title TEXT NOT NULL, fixed TEXT);
CREATE TABLE cves_affecting_languages (
  cve_id TEXT NOT NULL REFERENCES cves_affecting(id), language TEXT NOT NULL
);
