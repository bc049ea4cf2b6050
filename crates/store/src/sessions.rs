//! Passwords and web sessions of analysts and admins. Passwords are kept as Argon2id hashes
//! (PHC strings); a session is a random token in a cookie of which only the SHA-256 is kept.
//! Disabling a user ends their sessions at once.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sqlx::{Any, Row, Transaction};

use crate::secrets::{new_secret_token, token_hash};
use crate::{now, Actor, Role, Store, StoreError};

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted, in bytes: hashing is costly, and no one types more.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// How long a session lasts: a working day.
pub const SESSION_SECONDS: i64 = 8 * 60 * 60;

/// A session's token prefix.
const SESSION_PREFIX: &str = "cgs";

/// A session just opened: the token for the cookie (shown once), who it belongs to and when it
/// ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub token: String,
    pub actor: Actor,
    pub expires_at: i64,
}

fn hash_password(password: &str) -> Result<String, StoreError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| StoreError::Invalid(format!("password: {e}")))
}

fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A hash to verify against when the user does not exist, so that an unknown name takes as
/// long to refuse as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("not a password of anyone").unwrap_or_default())
}

/// Runs Argon2 off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| StoreError::Config(format!("password hashing stopped: {e}")))
}

impl Store {
    /// Sets (or replaces) the password of the user named `name`.
    pub async fn set_password(&self, name: &str, password: &str) -> Result<(), StoreError> {
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(StoreError::Invalid(format!(
                "a password has at least {MIN_PASSWORD_CHARS} characters"
            )));
        }
        if password.len() > MAX_PASSWORD_BYTES || password.contains('\0') {
            return Err(StoreError::Invalid(format!(
                "a password has at most {MAX_PASSWORD_BYTES} bytes and no NUL character"
            )));
        }
        let owned = password.to_owned();
        let hash = blocking(move || hash_password(&owned)).await??;
        let name = name.trim();
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            let updated =
                sqlx::query("UPDATE users SET password_hash = $2 WHERE name = $1 RETURNING id")
                    .bind(name)
                    .bind(&hash)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some(row) = updated else {
                return Err(StoreError::NotFound);
            };
            // A new password ends the sessions opened with the old one.
            let user_id: i64 = row.try_get(0)?;
            end_user_sessions(&mut tx, user_id).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// The enabled user with this name and password, or `None` (unknown name, no password set,
    /// wrong password and disabled user all look alike).
    pub async fn verify_password(
        &self,
        name: &str,
        password: &str,
    ) -> Result<Option<Actor>, StoreError> {
        let name = name.trim();
        let row = if name.is_empty() || name.len() > 64 {
            None
        } else {
            sqlx::query(
                "SELECT id, name, role, password_hash FROM users WHERE name = $1 AND disabled = 0",
            )
            .bind(name)
            .fetch_optional(&self.pool)
            .await?
        };
        let found = match &row {
            Some(row) => {
                let hash: Option<String> = row.try_get(3)?;
                let role: String = row.try_get(2)?;
                hash.zip(Role::parse(&role)).map(|(hash, role)| {
                    let actor = Actor {
                        user_id: row.try_get(0).unwrap_or_default(),
                        name: row.try_get(1).unwrap_or_default(),
                        role,
                    };
                    (hash, actor)
                })
            }
            None => None,
        };
        if password.len() > MAX_PASSWORD_BYTES {
            return Ok(None);
        }
        let password = password.to_owned();
        let (hash, actor) = match found {
            Some((hash, actor)) => (hash, Some(actor)),
            None => (decoy_hash().to_owned(), None),
        };
        let matches = blocking(move || password_matches(&password, &hash)).await?;
        Ok(actor.filter(|_| matches))
    }

    /// Opens a session for a user who has just proved who they are.
    pub async fn create_session(&self, actor: &Actor) -> Result<NewSession, StoreError> {
        let token = new_secret_token(SESSION_PREFIX);
        let hash = token_hash(&token);
        let at = now();
        let expires_at = at + SESSION_SECONDS;
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&hash)
            .bind(actor.user_id)
            .bind(at)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
        .await?;
        Ok(NewSession {
            token,
            actor: actor.clone(),
            expires_at,
        })
    }

    /// The user of a live session: not expired, not ended, the user enabled.
    pub async fn session(&self, token: &str) -> Result<Option<Actor>, StoreError> {
        if !is_session_token(token) {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT u.id, u.name, u.role FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 \
             AND u.disabled = 0",
        )
        .bind(token_hash(token))
        .bind(now())
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

    /// Ends a session (logging out). Ending an unknown or ended session does nothing.
    pub async fn end_session(&self, token: &str) -> Result<(), StoreError> {
        if !is_session_token(token) {
            return Ok(());
        }
        let hash = token_hash(token);
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            sqlx::query(
                "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
            )
            .bind(&hash)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }
}

/// Ends every open session of a user (a new password, a disabled account).
pub(crate) async fn end_user_sessions(
    tx: &mut Transaction<'static, Any>,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user_id)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A token as [`Store::create_session`] makes them: `cgs_` and 64 hex digits.
#[must_use]
pub fn is_session_token(token: &str) -> bool {
    token
        .strip_prefix("cgs_")
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("một mật khẩu dài").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(password_matches("một mật khẩu dài", &hash));
        assert!(!password_matches("một mật khẩu dàI", &hash));
        assert!(!password_matches("x", "not a PHC string"));
    }
}
