//! Users, roles, API tokens and the audit log.

use sqlx::Row;

use crate::secrets::{new_token, token_hash};
use crate::{check_field, flag, now, Actor, AuditEntry, Role, Store, StoreError, User};

impl Store {
    /// Adds a user and gives them a first API token (shown once; only its hash is kept).
    pub async fn add_user(&self, name: &str, role: Role) -> Result<(User, String), StoreError> {
        let name = name.trim();
        check_field("name", name)?;
        if name.is_empty() || name.len() > 64 {
            return Err(StoreError::Invalid("a user name has 1 to 64 bytes".into()));
        }
        let (token, hash) = new_token();
        let at = now();
        let id = self
            .write(|| async {
                let mut tx = self.pool.begin().await?;
                let taken = sqlx::query("SELECT id FROM users WHERE name = $1")
                    .bind(name)
                    .fetch_optional(&mut *tx)
                    .await?;
                if taken.is_some() {
                    return Err(StoreError::Conflict(format!("user {name:?} exists")));
                }
                let id: i64 = sqlx::query(
                    "INSERT INTO users (name, role, created_at) VALUES ($1, $2, $3) RETURNING id",
                )
                .bind(name)
                .bind(role.as_str())
                .bind(at)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                insert_token(&mut tx, id, &hash, at).await?;
                tx.commit().await?;
                Ok(id)
            })
            .await?;
        Ok((
            User {
                id,
                name: name.to_string(),
                role,
                created_at: at,
                disabled: false,
                tokens: 1,
            },
            token,
        ))
    }

    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        sqlx::query(
            "SELECT u.id, u.name, u.role, u.created_at, u.disabled, \
             (SELECT COUNT(*) FROM api_tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL) \
             FROM users u ORDER BY u.id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let role: String = r.try_get(2)?;
            Ok(User {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                role: Role::parse(&role).unwrap_or(Role::Analyst),
                created_at: r.try_get(3)?,
                disabled: r.try_get::<i64, _>(4)? != 0,
                tokens: r.try_get(5)?,
            })
        })
        .collect()
    }

    /// A new token for an existing user.
    pub async fn create_token(&self, user_id: i64) -> Result<String, StoreError> {
        let (token, hash) = new_token();
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            let user = sqlx::query("SELECT id FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
            if user.is_none() {
                return Err(StoreError::NotFound);
            }
            insert_token(&mut tx, user_id, &hash, now()).await?;
            tx.commit().await?;
            Ok(())
        })
        .await?;
        Ok(token)
    }

    /// Revokes every token and session of a user and disables (or re-enables) them.
    pub async fn set_user_disabled(&self, user_id: i64, disabled: bool) -> Result<(), StoreError> {
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            let updated = sqlx::query("UPDATE users SET disabled = $2 WHERE id = $1 RETURNING id")
                .bind(user_id)
                .bind(flag(disabled))
                .fetch_optional(&mut *tx)
                .await?;
            if updated.is_none() {
                return Err(StoreError::NotFound);
            }
            if disabled {
                sqlx::query(
                    "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
                )
                .bind(user_id)
                .bind(now())
                .execute(&mut *tx)
                .await?;
                crate::sessions::end_user_sessions(&mut tx, user_id).await?;
            }
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// The user a token belongs to, if the token is live and the user enabled.
    pub async fn authenticate(&self, token: &str) -> Result<Option<Actor>, StoreError> {
        if !token.starts_with("cg_") || token.len() > 128 {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT u.id, u.name, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0",
        )
        .bind(token_hash(token))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let role: String = row.try_get(2)?;
        Ok(Role::parse(&role).map(|role| Actor {
            user_id: row.try_get(0).unwrap_or_default(),
            name: row.try_get(1).unwrap_or_default(),
            role,
        }))
    }

    /// The newest audit entries, optionally for one report.
    pub async fn audit_log(
        &self,
        report_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = match report_id {
            Some(report) => {
                sqlx::query(
                    "SELECT id, at, actor, action, report_id FROM audit_log WHERE report_id = $1 \
                     ORDER BY id DESC LIMIT $2",
                )
                .bind(report)
                .bind(limit.clamp(1, 1000))
                .fetch_all(&self.pool)
                .await?
            }
            None => sqlx::query(
                "SELECT id, at, actor, action, report_id FROM audit_log ORDER BY id DESC LIMIT $1",
            )
            .bind(limit.clamp(1, 1000))
            .fetch_all(&self.pool)
            .await?,
        };
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get(0)?,
                    at: r.try_get(1)?,
                    actor: r.try_get(2)?,
                    action: r.try_get(3)?,
                    report_id: r.try_get(4)?,
                })
            })
            .collect()
    }
}

async fn insert_token(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: i64,
    hash: &str,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(hash)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
