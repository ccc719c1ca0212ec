//! The C-side facts of a tree's C files ([`CFacts`]) by content, as the cache stores them: one
//! row per set of searched names, holding every file's facts in a compact binary form that a
//! warm report decodes in milliseconds.

use super::codec::{put_str, take, take_str, take_u32};
use super::ContentMap;
use super::{Cache, FACTS_FINGERPRINT};
use crate::facts::c::{CDefinition, CExport, CFacts, DefinitionKind, SymbolKind};
use crate::facts::c_references::{CReference, MacroArgument, PastingMacro};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

impl Cache {
    /// The C facts known for a set of searched names (`names`, a digest of the set), by
    /// content. Empty when there are none (or the row cannot be read).
    pub fn c_facts(&self, names: &[u8; 20]) -> CFactsByContent {
        self.query(|c| {
            c.prepare_cached("SELECT files FROM c_facts WHERE names = ?1 AND fingerprint = ?2")?
                .query_row(params![&names[..], FACTS_FINGERPRINT], |r| {
                    r.get::<_, Vec<u8>>(0)
                })
                .optional()
        })
        .flatten()
        .and_then(|bytes| CFactsByContent::decode(&bytes))
        .unwrap_or_default()
    }

    /// Add `found` to the C facts of a set of searched names. Read, merged and written in one
    /// transaction, so that two runs adding at once both keep their files.
    pub fn add_c_facts(&self, names: [u8; 20], found: CFactsByContent) {
        if found.0.is_empty() {
            return;
        }
        self.write(|c| {
            let transaction = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut merged = transaction
                .query_row(
                    "SELECT files FROM c_facts WHERE names = ?1 AND fingerprint = ?2",
                    params![&names[..], FACTS_FINGERPRINT],
                    |r| r.get::<_, Vec<u8>>(0),
                )
                .optional()?
                .and_then(|bytes| CFactsByContent::decode(&bytes))
                .unwrap_or_default();
            merged.0.extend(found.0);
            transaction.execute(
                "INSERT OR REPLACE INTO c_facts(names, fingerprint, files) VALUES (?1, ?2, ?3)",
                params![&names[..], FACTS_FINGERPRINT, merged.encode()],
            )?;
            transaction.commit()
        });
    }
}

/// C facts by content key (size, XXH3-128 or the first 16 bytes of a git blob id), for one
/// set of searched names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CFactsByContent(pub ContentMap<CFacts>);

const SYMBOL_KINDS: [SymbolKind; 3] = [
    SymbolKind::Function,
    SymbolKind::Variable,
    SymbolKind::Unknown,
];

const DEFINITION_KINDS: [DefinitionKind; 5] = [
    DefinitionKind::Function,
    DefinitionKind::StaticFunction,
    DefinitionKind::Inline,
    DefinitionKind::Macro,
    DefinitionKind::Prototype,
];

fn encode_facts(out: &mut Vec<u8>, facts: &CFacts) {
    out.extend_from_slice(&(facts.exports.len() as u32).to_le_bytes());
    for e in &facts.exports {
        put_str(out, &e.name);
        put_str(out, &e.macro_name);
        out.extend_from_slice(&e.line.to_le_bytes());
        out.push(SYMBOL_KINDS.iter().position(|k| *k == e.kind).unwrap_or(2) as u8);
    }
    out.extend_from_slice(&(facts.structs.len() as u32).to_le_bytes());
    for s in &facts.structs {
        put_str(out, s);
    }
    out.extend_from_slice(&(facts.definitions.len() as u32).to_le_bytes());
    for d in &facts.definitions {
        out.extend_from_slice(&(d.symbol as u32).to_le_bytes());
        out.push(
            DEFINITION_KINDS
                .iter()
                .position(|k| *k == d.kind)
                .unwrap_or(0) as u8,
        );
        out.extend_from_slice(&d.line.to_le_bytes());
    }
    out.extend_from_slice(&(facts.local_includes.len() as u32).to_le_bytes());
    for include in &facts.local_includes {
        put_str(out, include);
    }
    out.extend_from_slice(&(facts.references.len() as u32).to_le_bytes());
    for r in &facts.references {
        put_str(out, &r.name);
        out.extend_from_slice(&r.line.to_le_bytes());
        match &r.macro_argument {
            None => out.push(0),
            Some(argument) => {
                out.push(1);
                put_str(out, &argument.macro_name);
                out.extend_from_slice(&argument.position.to_le_bytes());
            }
        }
    }
    out.extend_from_slice(&(facts.pasting_macros.len() as u32).to_le_bytes());
    for m in &facts.pasting_macros {
        put_str(out, &m.name);
        out.extend_from_slice(&m.position.to_le_bytes());
        put_str(out, &m.prefix);
        put_str(out, &m.suffix);
    }
}

fn decode_facts(bytes: &mut &[u8]) -> Option<CFacts> {
    let mut facts = CFacts::default();
    for _ in 0..take_u32(bytes)? {
        let name = take_str(bytes)?;
        let macro_name = take_str(bytes)?;
        let line = take_u32(bytes)?;
        let kind = *SYMBOL_KINDS.get(usize::from(take::<1>(bytes)?[0]))?;
        facts.exports.push(CExport {
            name,
            macro_name,
            line,
            kind,
        });
    }
    for _ in 0..take_u32(bytes)? {
        facts.structs.push(take_str(bytes)?);
    }
    for _ in 0..take_u32(bytes)? {
        let symbol = take_u32(bytes)? as usize;
        let kind = *DEFINITION_KINDS.get(usize::from(take::<1>(bytes)?[0]))?;
        let line = take_u32(bytes)?;
        facts.definitions.push(CDefinition { symbol, kind, line });
    }
    for _ in 0..take_u32(bytes)? {
        facts.local_includes.push(take_str(bytes)?);
    }
    for _ in 0..take_u32(bytes)? {
        let name = take_str(bytes)?;
        let line = take_u32(bytes)?;
        let macro_argument = match take::<1>(bytes)?[0] {
            0 => None,
            1 => Some(MacroArgument {
                macro_name: take_str(bytes)?,
                position: take_u32(bytes)?,
            }),
            _ => return None,
        };
        facts.references.push(CReference {
            name,
            line,
            macro_argument,
        });
    }
    for _ in 0..take_u32(bytes)? {
        facts.pasting_macros.push(PastingMacro {
            name: take_str(bytes)?,
            position: take_u32(bytes)?,
            prefix: take_str(bytes)?,
            suffix: take_str(bytes)?,
        });
    }
    Some(facts)
}

impl CFactsByContent {
    /// One record per file, sorted by key (equal maps encode alike): size (u64), hash (u128),
    /// then the facts (exports, structs, definitions, local includes,
    /// references (an optional invocation after a 0/1 byte), pasting macros;
    /// counts as u32, strings as u16 length and UTF-8, lines as u32, kinds as one byte);
    /// little-endian.
    pub fn encode(&self) -> Vec<u8> {
        let mut keys: Vec<&(u64, u128)> = self.0.keys().collect();
        keys.sort_unstable();
        let mut out = Vec::with_capacity(keys.len() * 40);
        for key in keys {
            out.extend_from_slice(&key.0.to_le_bytes());
            out.extend_from_slice(&key.1.to_le_bytes());
            encode_facts(&mut out, &self.0[key]);
        }
        out
    }

    /// The inverse of [`CFactsByContent::encode`]; `None` for bytes it did not write.
    pub fn decode(mut bytes: &[u8]) -> Option<CFactsByContent> {
        // Records take some 140 bytes on Linux: reserving for about as many spares most of the
        // map's growth, which moves every record again.
        let mut map = ContentMap::with_capacity_and_hasher(bytes.len() / 160, Default::default());
        while !bytes.is_empty() {
            let size = u64::from_le_bytes(take(&mut bytes)?);
            let hash = u128::from_le_bytes(take(&mut bytes)?);
            map.insert((size, hash), decode_facts(&mut bytes)?);
        }
        Some(CFactsByContent(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_and_decode() {
        let mut map = CFactsByContent::default();
        map.0.insert((1, 2), CFacts::default());
        map.0.insert(
            (3, u128::MAX),
            CFacts {
                exports: vec![CExport {
                    name: "kfree".into(),
                    macro_name: "EXPORT_SYMBOL".into(),
                    line: 7,
                    kind: SymbolKind::Variable,
                }],
                structs: vec!["device".into(), "é".into()],
                definitions: vec![CDefinition {
                    symbol: 70_000,
                    kind: DefinitionKind::Macro,
                    line: 9,
                }],
                local_includes: vec!["binder_internal.h".into(), "../x.h".into()],
                references: vec![
                    CReference {
                        name: "rust_cb".into(),
                        line: 3,
                        macro_argument: None,
                    },
                    CReference {
                        name: "rust_binder_stats".into(),
                        line: 46,
                        macro_argument: Some(MacroArgument {
                            macro_name: "DEFINE_SHOW_ATTRIBUTE".into(),
                            position: 0,
                        }),
                    },
                ],
                pasting_macros: vec![PastingMacro {
                    name: "DEFINE_SHOW_ATTRIBUTE".into(),
                    position: 0,
                    prefix: String::new(),
                    suffix: "_show".into(),
                }],
            },
        );
        let bytes = map.encode();
        assert_eq!(CFactsByContent::decode(&bytes), Some(map));
        assert_eq!(CFactsByContent::decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(
            CFactsByContent::decode(&[]),
            Some(CFactsByContent::default())
        );
    }
}
