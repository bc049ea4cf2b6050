//! Warnings (advisories), the organisations they go to, and who acknowledged them.
//!
//! An advisory is written as a draft, then published once: publishing stamps the time and
//! gives every organisation of its recipient groups its own acknowledgement token. Only the
//! hash of a token is kept; the token itself is returned once, to be sent to the organisation.

use canhgiac_share::cap::AdvisoryContent;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::secrets::{new_secret_token, token_hash};
use crate::{check_field, now, Actor, Store, StoreError};

/// Longest advisory body (either language), in bytes.
pub const MAX_ADVISORY_TEXT_BYTES: usize = 64 * 1024;
/// Most recipient groups, campaigns or indicators one advisory may name.
pub const MAX_ADVISORY_LINKS: usize = 200;

/// An organisation that receives warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub group: String,
    pub email: Option<String>,
}

/// An advisory as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredAdvisory {
    pub id: i64,
    pub identifier: String,
    pub content: AdvisoryContent,
    pub recipient_groups: Vec<String>,
    pub created_at: i64,
    pub published_at: Option<i64>,
}

/// A recipient's acknowledgement link, as publishing hands it out (the only time the token is
/// seen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewRecipient {
    pub recipient_id: i64,
    pub organisation: Organisation,
    pub token: String,
}

/// Where one recipient stands: the advisory's "Nơi nhận" list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientStatus {
    pub recipient_id: i64,
    pub organisation: Organisation,
    pub emailed_at: Option<i64>,
    pub email_error: Option<String>,
    pub acknowledged_at: Option<i64>,
    pub acknowledged_by: Option<String>,
}

/// The advisory and organisation an acknowledgement token belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Acknowledgement {
    pub advisory: StoredAdvisory,
    pub recipient: RecipientStatus,
}

fn check_text(name: &str, value: &str, limit: usize) -> Result<(), StoreError> {
    if value.len() > limit {
        return Err(StoreError::Invalid(format!(
            "{name} is longer than {limit} bytes"
        )));
    }
    if value.contains('\0') {
        return Err(StoreError::Invalid(format!(
            "{name} contains a NUL character"
        )));
    }
    Ok(())
}

/// The limits an advisory's content must keep before it is stored.
fn check_content(content: &AdvisoryContent) -> Result<(), StoreError> {
    if content.vietnamese.title.trim().is_empty() || content.vietnamese.body.trim().is_empty() {
        return Err(StoreError::Invalid(
            "an advisory needs a Vietnamese title and body".into(),
        ));
    }
    if content.vietnamese.event.trim().is_empty() {
        return Err(StoreError::Invalid(
            "an advisory needs its event (what it warns about)".into(),
        ));
    }
    let texts = std::iter::once(&content.vietnamese).chain(content.english.as_ref());
    for text in texts {
        check_field("event", &text.event)?;
        check_field("title", &text.title)?;
        check_text("body", &text.body, MAX_ADVISORY_TEXT_BYTES)?;
        check_text("instruction", &text.instruction, MAX_ADVISORY_TEXT_BYTES)?;
    }
    check_field("contact_person", &content.contact_person)?;
    check_field("hotline", &content.hotline)?;
    if let Some(restriction) = &content.restriction {
        check_field("restriction", restriction)?;
    }
    if content.campaign_ids.len() > MAX_ADVISORY_LINKS
        || content.indicators.len() > MAX_ADVISORY_LINKS
    {
        return Err(StoreError::Invalid(format!(
            "an advisory names at most {MAX_ADVISORY_LINKS} campaigns and {MAX_ADVISORY_LINKS} indicators"
        )));
    }
    for indicator in &content.indicators {
        check_field("indicator kind", &indicator.kind)?;
        check_field("indicator value", &indicator.value)?;
    }
    Ok(())
}

fn advisory_from_row(row: &AnyRow) -> Result<StoredAdvisory, StoreError> {
    let content: String = row.try_get("content")?;
    let groups: String = row.try_get("recipient_groups")?;
    Ok(StoredAdvisory {
        id: row.try_get("id")?,
        identifier: row.try_get("identifier")?,
        content: serde_json::from_str(&content)
            .map_err(|e| StoreError::Invalid(format!("stored advisory content: {e}")))?,
        recipient_groups: serde_json::from_str(&groups)
            .map_err(|e| StoreError::Invalid(format!("stored recipient groups: {e}")))?,
        created_at: row.try_get("created_at")?,
        published_at: row.try_get("published_at")?,
    })
}

fn recipient_from_row(row: &AnyRow) -> Result<RecipientStatus, StoreError> {
    Ok(RecipientStatus {
        recipient_id: row.try_get("recipient_id")?,
        organisation: Organisation {
            id: row.try_get("organisation_id")?,
            name: row.try_get("name")?,
            group: row.try_get("group_name")?,
            email: row.try_get("email")?,
        },
        emailed_at: row.try_get("emailed_at")?,
        email_error: row.try_get("email_error")?,
        acknowledged_at: row.try_get("acknowledged_at")?,
        acknowledged_by: row.try_get("acknowledged_by")?,
    })
}

const ADVISORY_COLUMNS: &str =
    "id, identifier, content, recipient_groups, created_at, published_at";
const RECIPIENT_COLUMNS: &str = "r.id AS recipient_id, o.id AS organisation_id, o.name, \
     o.group_name, o.email, r.emailed_at, r.email_error, r.acknowledged_at, r.acknowledged_by";

impl Store {
    /// Adds an organisation to a recipient group, or returns the one already there.
    pub async fn add_organisation(
        &self,
        name: &str,
        group: &str,
        email: Option<&str>,
    ) -> Result<Organisation, StoreError> {
        let name = name.trim();
        let group = group.trim();
        if name.is_empty() || group.is_empty() {
            return Err(StoreError::Invalid(
                "an organisation needs a name and a group".into(),
            ));
        }
        check_field("name", name)?;
        check_field("group", group)?;
        let email = email.map(str::trim).filter(|e| !e.is_empty());
        if let Some(email) = email {
            check_field("email", email)?;
            if !email.contains('@') || email.contains(char::is_whitespace) {
                return Err(StoreError::Invalid(format!(
                    "{email:?} is not an e-mail address"
                )));
            }
        }
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            let row = sqlx::query(
                "INSERT INTO organisations (name, group_name, email, created_at) \
                 VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (group_name, name) DO UPDATE SET email = COALESCE(excluded.email, organisations.email) \
                 RETURNING id, email",
            )
            .bind(name)
            .bind(group)
            .bind(email)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Organisation {
                id: row.try_get(0)?,
                name: name.to_owned(),
                group: group.to_owned(),
                email: row.try_get(1)?,
            })
        })
        .await
    }

    /// Every organisation, by group then name.
    pub async fn organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, group_name, email FROM organisations ORDER BY group_name, name, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Organisation {
                    id: row.try_get(0)?,
                    name: row.try_get(1)?,
                    group: row.try_get(2)?,
                    email: row.try_get(3)?,
                })
            })
            .collect()
    }

    /// Stores a draft advisory under its identifier (unique).
    pub async fn create_advisory(
        &self,
        identifier: &str,
        content: &AdvisoryContent,
        recipient_groups: &[String],
        actor: Option<&Actor>,
    ) -> Result<StoredAdvisory, StoreError> {
        let identifier = identifier.trim();
        if identifier.is_empty()
            || identifier.len() > 100
            || !identifier
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(StoreError::Invalid(
                "the identifier is 1 to 100 letters, digits, '-', '_' or '.'".into(),
            ));
        }
        check_content(content)?;
        let mut groups: Vec<String> = recipient_groups
            .iter()
            .map(|g| g.trim().to_owned())
            .filter(|g| !g.is_empty())
            .collect();
        groups.sort();
        groups.dedup();
        if groups.len() > MAX_ADVISORY_LINKS {
            return Err(StoreError::Invalid("too many recipient groups".into()));
        }
        for group in &groups {
            check_field("recipient group", group)?;
        }
        let content_json = serde_json::to_string(content)
            .map_err(|e| StoreError::Invalid(format!("advisory content: {e}")))?;
        let groups_json = serde_json::to_string(&groups)
            .map_err(|e| StoreError::Invalid(format!("recipient groups: {e}")))?;
        let at = now();
        let id = self
            .write(|| async {
                let mut tx = self.pool.begin().await?;
                for &campaign in &content.campaign_ids {
                    let known = sqlx::query("SELECT id FROM campaigns WHERE id = $1")
                        .bind(campaign)
                        .fetch_optional(&mut *tx)
                        .await?;
                    if known.is_none() {
                        return Err(StoreError::Invalid(format!(
                            "there is no campaign {campaign}"
                        )));
                    }
                }
                let taken = sqlx::query("SELECT id FROM advisories WHERE identifier = $1")
                    .bind(identifier)
                    .fetch_optional(&mut *tx)
                    .await?;
                if taken.is_some() {
                    return Err(StoreError::Conflict(format!(
                        "an advisory {identifier} already exists"
                    )));
                }
                let id: i64 = sqlx::query(
                    "INSERT INTO advisories (identifier, content, recipient_groups, created_at, created_by) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(identifier)
                .bind(&content_json)
                .bind(&groups_json)
                .bind(at)
                .bind(actor.map(|a| a.user_id))
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                tx.commit().await?;
                Ok(id)
            })
            .await?;
        Ok(StoredAdvisory {
            id,
            identifier: identifier.to_owned(),
            content: content.clone(),
            recipient_groups: groups,
            created_at: at,
            published_at: None,
        })
    }

    /// Publishes a draft: stamps the time and gives each organisation of its recipient groups
    /// an acknowledgement token, returned here and never again. Publishing twice is a conflict.
    pub async fn publish_advisory(
        &self,
        identifier: &str,
        at: i64,
    ) -> Result<(StoredAdvisory, Vec<NewRecipient>), StoreError> {
        let advisory = self
            .advisory(identifier)
            .await?
            .ok_or(StoreError::NotFound)?;
        let organisations: Vec<Organisation> = self
            .organisations()
            .await?
            .into_iter()
            .filter(|o| advisory.recipient_groups.contains(&o.group))
            .collect();
        let tokens: Vec<(String, String)> = organisations
            .iter()
            .map(|_| {
                let token = new_secret_token("ack");
                let hash = token_hash(&token);
                (token, hash)
            })
            .collect();
        let recipient_ids = self
            .write(|| async {
                let mut tx = self.pool.begin().await?;
                let stamped = sqlx::query(
                    "UPDATE advisories SET published_at = $2 \
                     WHERE id = $1 AND published_at IS NULL RETURNING id",
                )
                .bind(advisory.id)
                .bind(at)
                .fetch_optional(&mut *tx)
                .await?;
                if stamped.is_none() {
                    return Err(StoreError::Conflict(format!(
                        "advisory {} is already published",
                        advisory.identifier
                    )));
                }
                let mut ids = Vec::with_capacity(organisations.len());
                for (organisation, (_, hash)) in organisations.iter().zip(&tokens) {
                    let id: i64 = sqlx::query(
                        "INSERT INTO advisory_recipients (advisory_id, organisation_id, token_hash) \
                         VALUES ($1, $2, $3) RETURNING id",
                    )
                    .bind(advisory.id)
                    .bind(organisation.id)
                    .bind(hash)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
                    ids.push(id);
                }
                tx.commit().await?;
                Ok(ids)
            })
            .await?;
        let recipients = organisations
            .into_iter()
            .zip(tokens)
            .zip(recipient_ids)
            .map(|((organisation, (token, _)), recipient_id)| NewRecipient {
                recipient_id,
                organisation,
                token,
            })
            .collect();
        let advisory = StoredAdvisory {
            published_at: Some(at),
            ..advisory
        };
        Ok((advisory, recipients))
    }

    /// One advisory by identifier, draft or published.
    pub async fn advisory(&self, identifier: &str) -> Result<Option<StoredAdvisory>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ADVISORY_COLUMNS} FROM advisories WHERE identifier = $1"
        ))
        .bind(identifier.trim())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(advisory_from_row).transpose()
    }

    /// Advisories, newest first: only published ones unless `drafts` too.
    pub async fn advisories(&self, drafts: bool) -> Result<Vec<StoredAdvisory>, StoreError> {
        let filter = if drafts {
            ""
        } else {
            "WHERE published_at IS NOT NULL"
        };
        let rows = sqlx::query(&format!(
            "SELECT {ADVISORY_COLUMNS} FROM advisories {filter} \
             ORDER BY COALESCE(published_at, created_at) DESC, id DESC"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(advisory_from_row).collect()
    }

    /// Who an advisory went to and who has acknowledged it, by group then name.
    pub async fn advisory_recipients(
        &self,
        advisory_id: i64,
    ) -> Result<Vec<RecipientStatus>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {RECIPIENT_COLUMNS} FROM advisory_recipients r \
             JOIN organisations o ON o.id = r.organisation_id \
             WHERE r.advisory_id = $1 ORDER BY o.group_name, o.name, r.id"
        ))
        .bind(advisory_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(recipient_from_row).collect()
    }

    /// The CAP alert of an advisory as published (sent when it was published, or created for a
    /// draft), linking to `web`; a Private one is addressed to each recipient's e-mail address
    /// (or name).
    pub async fn advisory_alert(
        &self,
        advisory: &StoredAdvisory,
        authority: &canhgiac_share::Authority,
        web: Option<String>,
    ) -> Result<canhgiac_share::cap::Advisory, StoreError> {
        let addresses = if advisory.content.scope == canhgiac_share::cap::Scope::Private {
            self.advisory_recipients(advisory.id)
                .await?
                .into_iter()
                .map(|r| r.organisation.email.unwrap_or(r.organisation.name))
                .collect()
        } else {
            Vec::new()
        };
        Ok(advisory.content.alert(&canhgiac_share::cap::Publication {
            identifier: &advisory.identifier,
            authority,
            sent: advisory.published_at.unwrap_or(advisory.created_at),
            addresses,
            web,
        }))
    }

    /// Records how sending the advisory's e-mail to a recipient went.
    pub async fn record_email(
        &self,
        recipient_id: i64,
        outcome: Result<i64, &str>,
    ) -> Result<(), StoreError> {
        let (sent_at, error) = match outcome {
            Ok(at) => (Some(at), None),
            Err(error) => (None, Some(error.chars().take(500).collect::<String>())),
        };
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            sqlx::query(
                "UPDATE advisory_recipients SET emailed_at = $2, email_error = $3 WHERE id = $1",
            )
            .bind(recipient_id)
            .bind(sent_at)
            .bind(error.as_deref())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// The advisory and recipient an acknowledgement token belongs to.
    pub async fn acknowledgement(
        &self,
        token: &str,
    ) -> Result<Option<Acknowledgement>, StoreError> {
        if !token.starts_with("ack_") || token.len() > 128 {
            return Ok(None);
        }
        let row = sqlx::query(&format!(
            "SELECT {RECIPIENT_COLUMNS}, a.identifier FROM advisory_recipients r \
             JOIN organisations o ON o.id = r.organisation_id \
             JOIN advisories a ON a.id = r.advisory_id WHERE r.token_hash = $1"
        ))
        .bind(token_hash(token))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let recipient = recipient_from_row(&row)?;
        let identifier: String = row.try_get("identifier")?;
        let advisory = self
            .advisory(&identifier)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(Some(Acknowledgement {
            advisory,
            recipient,
        }))
    }

    /// Records that the organisation holding `token` received the advisory; `by` names the
    /// person. The first acknowledgement stands; later ones return it unchanged.
    pub async fn acknowledge(&self, token: &str, by: &str) -> Result<Acknowledgement, StoreError> {
        let by = by.trim();
        if by.is_empty() {
            return Err(StoreError::Invalid(
                "say who acknowledges (name and position)".into(),
            ));
        }
        check_field("acknowledged_by", by)?;
        if !token.starts_with("ack_") || token.len() > 128 {
            return Err(StoreError::NotFound);
        }
        let hash = token_hash(token);
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            sqlx::query(
                "UPDATE advisory_recipients SET acknowledged_at = $2, acknowledged_by = $3 \
                 WHERE token_hash = $1 AND acknowledged_at IS NULL",
            )
            .bind(&hash)
            .bind(now())
            .bind(by)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
        .await?;
        self.acknowledgement(token)
            .await?
            .ok_or(StoreError::NotFound)
    }
}
