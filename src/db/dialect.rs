//! The few places where one SQL text needs a different spelling on PostgreSQL. The
//! features write SQLite's SQL (which is standard SQL nearly everywhere); this rewrite
//! runs on every statement sent to PostgreSQL:
//!
//! - placeholders: `?N` becomes `$N`, a bare `?` the next number (SQLite's rule);
//! - `COLLATE NOCASE` (SQLite's case-blind order) becomes the ICU German collation;
//! - `ON CONFLICT (a, b)` becomes `ON CONFLICT (tenant_id, a, b)`: every unique key of
//!   the PostgreSQL schema starts with the tenant (migrations_pg/README.md).
//!
//! Text inside quotes ('…', "…") and comments is left alone.

/// The German collation of PostgreSQL's ICU support (Debian builds with ICU).
pub const GERMAN_COLLATION: &str = "COLLATE \"de-DE-x-icu\"";

/// Rewrites one statement for PostgreSQL.
pub fn pg(sql: &str) -> String {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 16);
    let mut next = 1u32;
    let mut i = 0;
    let mut last = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"') => {
                // skip the quoted text ('' inside '…' is an escaped quote)
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == q {
                        if i + 1 < bytes.len() && bytes[i + 1] == q {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'?' => {
                out.push_str(&sql[last..i]);
                let start = i + 1;
                let mut end = start;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                let n = if end > start {
                    sql[start..end].parse::<u32>().unwrap_or(next)
                } else {
                    next
                };
                next = next.max(n + 1);
                out.push('$');
                out.push_str(&n.to_string());
                i = end;
                last = i;
            }
            b'C' | b'c' if starts_with_ci(&sql[i..], "COLLATE NOCASE") => {
                out.push_str(&sql[last..i]);
                out.push_str(GERMAN_COLLATION);
                i += "COLLATE NOCASE".len();
                last = i;
            }
            b'O' | b'o' if starts_with_ci(&sql[i..], "ON CONFLICT (") => {
                out.push_str(&sql[last..i]);
                out.push_str("ON CONFLICT (tenant_id, ");
                i += "ON CONFLICT (".len();
                last = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[last.min(sql.len())..]);
    out
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::pg;

    #[test]
    fn numbers_placeholders_like_sqlite() {
        assert_eq!(
            pg("SELECT a FROM t WHERE b = ? AND c = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = $2"
        );
        assert_eq!(
            pg("WHERE a = ?2 OR b = ?1 OR c = ?"),
            "WHERE a = $2 OR b = $1 OR c = $3"
        );
    }

    #[test]
    fn leaves_quoted_text_alone() {
        assert_eq!(
            pg("SELECT '?', \"x?\" , 'it''s ?' FROM t WHERE a = ? -- why?\n AND b = ?"),
            "SELECT '?', \"x?\" , 'it''s ?' FROM t WHERE a = $1 -- why?\n AND b = $2"
        );
    }

    #[test]
    fn collation_and_conflict_target() {
        assert_eq!(
            pg("ORDER BY title COLLATE NOCASE"),
            "ORDER BY title COLLATE \"de-DE-x-icu\""
        );
        assert_eq!(
            pg("INSERT INTO x (a) VALUES (?) ON CONFLICT (a) DO UPDATE SET a = excluded.a"),
            "INSERT INTO x (a) VALUES ($1) ON CONFLICT (tenant_id, a) DO UPDATE SET a = excluded.a"
        );
        assert_eq!(pg("ON CONFLICT DO NOTHING"), "ON CONFLICT DO NOTHING");
    }
}
