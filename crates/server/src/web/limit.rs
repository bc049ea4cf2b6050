//! The guard in front of every POST form: cross-site posts and posts without the CSRF cookie
//! are refused (403), and each client address may send a limited number of forms per window
//! (429). The token in the form itself is checked by [`super::form::read`].

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use super::ctx::Ctx;
use super::problem::Problem;

/// Forms one address may send per window: enough for a family sharing a connection.
const FORMS_PER_WINDOW: u32 = 60;
const WINDOW: Duration = Duration::from_secs(600);
/// Addresses remembered at most; expired ones are dropped first.
const MAX_TRACKED: usize = 100_000;

/// Counts forms per client address in fixed windows.
#[derive(Default)]
pub struct FormLimiter {
    sent: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl FormLimiter {
    /// Counts one form; `Err(seconds to wait)` once the address has used up its window.
    pub fn hit(&self, ip: IpAddr) -> Result<(), i64> {
        let Ok(mut map) = self.sent.lock() else {
            return Ok(());
        };
        if map.len() >= MAX_TRACKED {
            map.retain(|_, (start, _)| start.elapsed() < WINDOW);
            if map.len() >= MAX_TRACKED {
                map.clear();
            }
        }
        let entry = map.entry(ip).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= WINDOW {
            *entry = (Instant::now(), 0);
        }
        if entry.1 >= FORMS_PER_WINDOW {
            let left = WINDOW.saturating_sub(entry.0.elapsed());
            return Err(i64::try_from(left.as_secs()).unwrap_or(600).max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

/// Middleware on the page routes: GETs pass; POSTs must be same-site, carry the CSRF cookie and
/// stay within the address's limit.
pub async fn guard_posts(
    State(limiter): State<Arc<FormLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let ctx = Ctx::from_parts(&parts);
    // Browsers name where a request comes from; a form posted from another site is refused
    // before its body is read.
    let cross_site = parts
        .headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|site| site == "cross-site" || site == "same-site");
    if cross_site || ctx.csrf_cookie.is_none() {
        return ctx.problem(&Problem::Csrf);
    }
    if let Err(wait) = limiter.hit(ctx.peer.ip()) {
        return ctx.problem(&Problem::RateLimited(wait));
    }
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_one_address_only() {
        let limiter = FormLimiter::default();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..FORMS_PER_WINDOW {
            assert!(limiter.hit(a).is_ok());
        }
        assert!(limiter.hit(a).is_err());
        assert!(limiter.hit(b).is_ok());
    }
}
