//! Who may call what: bearer tokens for analysts and admins, and per-address limits on wrong
//! PINs (the store also locks each report after a few wrong PINs) and wrong passwords.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use canhgiac_store::{Actor, Role};

use crate::error::ApiError;
use crate::AppState;

/// Someone with an analyst or admin token.
pub struct Analyst(pub Actor);

/// Someone with an admin token.
pub struct Admin(pub Actor);

/// An analyst when the request carries a token, else a member of the public. A token that is
/// sent but wrong is refused, never quietly treated as public.
pub struct MaybeAnalyst(pub Option<Actor>);

async fn actor(parts: &Parts, state: &AppState) -> Result<Actor, ApiError> {
    let header = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(ApiError::unauthorized)?;
    let token = header
        .strip_prefix("Bearer ")
        .ok_or_else(ApiError::unauthorized)?
        .trim();
    state
        .store
        .authenticate(token)
        .await?
        .ok_or_else(ApiError::unauthorized)
}

impl FromRequestParts<AppState> for Analyst {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let actor = actor(parts, state).await?;
        // Admins may do what analysts do.
        Ok(Analyst(actor))
    }
}

impl FromRequestParts<AppState> for MaybeAnalyst {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if parts.headers.get(AUTHORIZATION).is_none() {
            return Ok(MaybeAnalyst(None));
        }
        Ok(MaybeAnalyst(Some(actor(parts, state).await?)))
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let actor = actor(parts, state).await?;
        if actor.role != Role::Admin {
            return Err(ApiError::forbidden());
        }
        Ok(Admin(actor))
    }
}

/// Wrong PINs allowed from one address per window.
const PIN_FAILURES_PER_WINDOW: u32 = 20;
const PIN_WINDOW: Duration = Duration::from_secs(600);
/// Wrong passwords allowed from one address per window: enough for typing mistakes, far too
/// few for guessing.
const LOGIN_FAILURES_PER_WINDOW: u32 = 10;
const LOGIN_WINDOW: Duration = Duration::from_secs(900);
/// Addresses remembered at most; expired ones are dropped first.
const MAX_TRACKED: usize = 100_000;

/// Counts failures (wrong PINs, wrong passwords) per client address in fixed windows.
pub struct FailureLimiter {
    allowed: u32,
    window: Duration,
    failures: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl FailureLimiter {
    fn new(allowed: u32, window: Duration) -> FailureLimiter {
        FailureLimiter {
            allowed,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Wrong PINs of reports and registrations.
    pub fn pins() -> FailureLimiter {
        FailureLimiter::new(PIN_FAILURES_PER_WINDOW, PIN_WINDOW)
    }

    /// Wrong names or passwords on the analysts' login page.
    pub fn logins() -> FailureLimiter {
        FailureLimiter::new(LOGIN_FAILURES_PER_WINDOW, LOGIN_WINDOW)
    }

    /// `Err(seconds to wait)` when this address has used up its failures.
    pub fn check(&self, ip: IpAddr) -> Result<(), i64> {
        let Ok(map) = self.failures.lock() else {
            return Ok(());
        };
        match map.get(&ip) {
            Some((start, count)) if *count >= self.allowed => {
                let left = self.window.saturating_sub(start.elapsed());
                if left.is_zero() {
                    Ok(())
                } else {
                    Err(i64::try_from(left.as_secs()).unwrap_or(600).max(1))
                }
            }
            _ => Ok(()),
        }
    }

    pub fn record_failure(&self, ip: IpAddr) {
        let Ok(mut map) = self.failures.lock() else {
            return;
        };
        if map.len() >= MAX_TRACKED {
            map.retain(|_, (start, _)| start.elapsed() < self.window);
            if map.len() >= MAX_TRACKED {
                map.clear();
            }
        }
        let entry = map.entry(ip).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= self.window {
            *entry = (Instant::now(), 0);
        }
        entry.1 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_one_address_only() {
        let limiter = FailureLimiter::pins();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..PIN_FAILURES_PER_WINDOW {
            assert!(limiter.check(a).is_ok());
            limiter.record_failure(a);
        }
        assert!(limiter.check(a).is_err());
        assert!(limiter.check(b).is_ok());
    }
}
