//! The audit log: one row per successful write, in the same transaction, hash-chained
//! so that tampering is detectable (`hash = SHA-256(prev_hash | canonical row)`).

use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use crate::domain::dates::now_utc;

/// Who did it.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Option<i64>,
    pub name: String,
    pub role: String,
}

impl Actor {
    /// The command line (user administration, demo loader).
    pub fn cli() -> Self {
        Self {
            id: None,
            name: "cli".into(),
            role: "system".into(),
        }
    }
}

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The text the hash covers; shared by the writer and the verifier.
#[allow(clippy::too_many_arguments)]
pub fn canonical(
    prev_hash: &str,
    at: &str,
    actor_id: Option<i64>,
    actor_name: &str,
    actor_role: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    old_values: &str,
    new_values: &str,
) -> String {
    let fields = [
        prev_hash.to_string(),
        at.to_string(),
        actor_id.map(|i| i.to_string()).unwrap_or_default(),
        actor_name.to_string(),
        actor_role.to_string(),
        action.to_string(),
        entity.to_string(),
        entity_id.map(|i| i.to_string()).unwrap_or_default(),
        old_values.to_string(),
        new_values.to_string(),
    ];
    // JSON array: unambiguous separation of fields.
    serde_json::to_string(&fields).unwrap_or_default()
}

pub fn hash(canonical: &str) -> String {
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// Records one write. Call inside the write's transaction.
pub async fn record(
    conn: &mut SqliteConnection,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    old: &Value,
    new: &Value,
) -> sqlx::Result<()> {
    let prev: Option<String> =
        sqlx::query_scalar("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let prev = prev.unwrap_or_else(|| GENESIS.to_string());
    let at = now_utc();
    let old_s = old.to_string();
    let new_s = new.to_string();
    let h = hash(&canonical(
        &prev,
        &at,
        actor.id,
        &actor.name,
        &actor.role,
        action,
        entity,
        entity_id,
        &old_s,
        &new_s,
    ));
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_name, actor_role, action, entity, entity_id, old_values, new_values, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&at)
    .bind(actor.id)
    .bind(&actor.name)
    .bind(&actor.role)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(&old_s)
    .bind(&new_s)
    .bind(&prev)
    .bind(&h)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Only the fields that changed, as `{field: value}` pairs for old and new.
pub fn diff(old: &Value, new: &Value) -> (Value, Value) {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        return (old.clone(), new.clone());
    };
    let mut before = serde_json::Map::new();
    let mut after = serde_json::Map::new();
    for (k, v) in n {
        if o.get(k) != Some(v) {
            before.insert(k.clone(), o.get(k).cloned().unwrap_or(Value::Null));
            after.insert(k.clone(), v.clone());
        }
    }
    (Value::Object(before), Value::Object(after))
}

/// Result of walking the hash chain.
#[derive(Debug, PartialEq, Eq)]
pub enum ChainCheck {
    Intact { rows: usize },
    Broken { id: i64, reason: String },
}

#[derive(sqlx::FromRow)]
struct ChainRow {
    id: i64,
    at: String,
    actor_id: Option<i64>,
    actor_name: String,
    actor_role: String,
    action: String,
    entity: String,
    entity_id: Option<i64>,
    old_values: String,
    new_values: String,
    prev_hash: String,
    hash: String,
}

/// Recomputes every row's hash and its link to the predecessor; reports the first break.
pub async fn verify_chain(pool: &sqlx::SqlitePool) -> sqlx::Result<ChainCheck> {
    let rows = sqlx::query_as::<_, ChainRow>("SELECT * FROM audit_log ORDER BY id")
        .fetch_all(pool)
        .await?;
    let mut prev = GENESIS.to_string();
    let mut n = 0;
    for r in rows {
        if r.prev_hash != prev {
            return Ok(ChainCheck::Broken {
                id: r.id,
                reason: "Verweis auf den Vorgänger stimmt nicht (Zeile gelöscht oder eingefügt?)"
                    .into(),
            });
        }
        let expected = hash(&canonical(
            &r.prev_hash,
            &r.at,
            r.actor_id,
            &r.actor_name,
            &r.actor_role,
            &r.action,
            &r.entity,
            r.entity_id,
            &r.old_values,
            &r.new_values,
        ));
        if expected != r.hash {
            return Ok(ChainCheck::Broken {
                id: r.id,
                reason: "Inhalt passt nicht zur Prüfsumme (Zeile verändert)".into(),
            });
        }
        prev = r.hash;
        n += 1;
    }
    Ok(ChainCheck::Intact { rows: n })
}
