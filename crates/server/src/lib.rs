//! Cảnh Giác HTTP server: the only code that knows HTTP and the JSON wire types.
//!
//! [`router`] builds the axum application over an [`AppState`]; [`serve`] runs it on a listener
//! until Ctrl-C or SIGTERM. The server keeps no state of its own beyond caches and counters, so
//! several processes can serve one PostgreSQL database.

mod advisory;
mod api;
mod error;
mod export;
mod guard;
mod mail;
mod media;
mod metrics;
mod taxii;
mod web;
mod wire;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use canhgiac_core::Analyzer;
use canhgiac_store::Store;

pub use error::ApiError;
pub use mail::{MailConfigError, Mailer};

/// Largest request body accepted, in bytes: a 1 MiB message plus its fields.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Largest body of `POST /api/v1/check`, which may carry a screenshot.
pub const MAX_CHECK_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Largest partner document `POST /api/v1/import` takes.
pub const MAX_IMPORT_BODY_BYTES: usize = 32 * 1024 * 1024;
/// Largest upload to `POST /api/v1/media/hash`: a short clip.
pub const MAX_MEDIA_BODY_BYTES: usize = 64 * 1024 * 1024;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub analyzer: &'static Analyzer,
    metrics: Arc<metrics::Metrics>,
    pin_limiter: Arc<guard::FailureLimiter>,
    /// Wrong passwords on the analysts' login page, per address.
    login_limiter: Arc<guard::FailureLimiter>,
    /// Who publishes exports: the only contact details they carry.
    authority: Arc<canhgiac_share::Authority>,
    /// Where the service is reached from outside (links in e-mails, CAP, Atom); from the
    /// request's Host when unset.
    public_url: Option<Arc<str>>,
    /// SMTP for advisories, when configured.
    mailer: Option<Mailer>,
}

impl AppState {
    #[must_use]
    pub fn new(store: Arc<Store>, analyzer: &'static Analyzer) -> AppState {
        AppState {
            store,
            analyzer,
            metrics: Arc::new(metrics::Metrics::default()),
            pin_limiter: Arc::new(guard::FailureLimiter::pins()),
            login_limiter: Arc::new(guard::FailureLimiter::logins()),
            authority: Arc::new(default_authority()),
            public_url: None,
            mailer: None,
        }
    }

    /// The base URL links are built on, e.g. `https://canhgiac.example.gov.vn`.
    #[must_use]
    pub fn with_public_url(mut self, url: Option<String>) -> AppState {
        self.public_url = url
            .map(|u| u.trim().trim_end_matches('/').to_owned())
            .filter(|u| !u.is_empty())
            .map(Arc::from);
        self
    }

    /// Sends advisories by e-mail through this SMTP relay.
    #[must_use]
    pub fn with_mailer(mut self, mailer: Option<Mailer>) -> AppState {
        self.mailer = mailer;
        self
    }

    /// Names the authority that publishes exports.
    #[must_use]
    pub fn with_authority(mut self, authority: canhgiac_share::Authority) -> AppState {
        self.authority = Arc::new(authority);
        self
    }
}

/// The publisher named when none is configured: the service itself and the anti-fraud hotline.
#[must_use]
pub fn default_authority() -> canhgiac_share::Authority {
    canhgiac_share::Authority {
        name: "Cảnh Giác".into(),
        contact_person: String::new(),
        hotline: "0899 252 555".into(),
        email: String::new(),
        address: String::new(),
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route(
            "/check",
            post(api::check).layer(DefaultBodyLimit::max(MAX_CHECK_BODY_BYTES)),
        )
        .route("/reports", post(api::create_report).get(api::list_reports))
        .route(
            "/reports/{reference}",
            get(api::report_status).delete(api::withdraw_report),
        )
        .route("/lookup", get(api::lookup))
        .route(
            "/media/hash",
            post(media::hash).layer(DefaultBodyLimit::max(MAX_MEDIA_BODY_BYTES)),
        )
        .route("/media/register", post(media::register))
        .route(
            "/media/registrations/{reference}",
            get(media::registration_status).delete(media::withdraw_registration),
        )
        .route("/media/match", post(media::match_hashes))
        .route("/export/stix", get(export::stix_bundle))
        .route(
            "/import",
            post(export::import).layer(DefaultBodyLimit::max(MAX_IMPORT_BODY_BYTES)),
        )
        .route(
            "/organisations",
            get(advisory::organisations).post(advisory::add_organisation),
        )
        .route("/advisories", get(advisory::list).post(advisory::create))
        .route("/advisories/{identifier}", get(advisory::one))
        .route("/advisories/{identifier}/cap", get(advisory::cap_alert))
        .route("/advisories/{identifier}/publish", post(advisory::publish))
        .route(
            "/advisories/{identifier}/recipients",
            get(advisory::recipients),
        )
        .route("/acknowledgements/{token}", post(advisory::acknowledge_api))
        .route("/analyst/reports/{id}", get(api::report_detail))
        .route("/decisions", post(api::decide))
        .route("/campaigns", get(api::campaigns))
        .route("/campaigns/{id}", get(api::campaign))
        .route("/users", get(api::users).post(api::add_user))
        .route("/users/{id}/tokens", post(api::new_token))
        .route("/users/{id}/disable", post(api::disable_user))
        .route("/audit", get(api::audit))
        .route("/openapi.json", get(api::openapi));
    Router::new()
        .nest("/api/v1", api)
        .merge(taxii_routes())
        .route("/canh-bao.atom", get(advisory::feed))
        .merge(web::routes())
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(api::metrics))
        .fallback(api::no_route)
        .method_not_allowed_fallback(api::wrong_method)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// TAXII 2.1 (read-only): discovery, API root, collections, objects, versions, manifest.
fn taxii_routes() -> Router<AppState> {
    let collection = "/taxii2/api/collections/{id}";
    Router::new()
        .route("/taxii2/", get(taxii::discovery))
        .route("/taxii2/api/", get(taxii::api_root))
        .route("/taxii2/api/collections/", get(taxii::collections))
        .route(&format!("{collection}/"), get(taxii::one_collection))
        .route(&format!("{collection}/objects/"), get(taxii::objects))
        .route(
            &format!("{collection}/objects/{{object_id}}/"),
            get(taxii::object),
        )
        .route(
            &format!("{collection}/objects/{{object_id}}/versions/"),
            get(taxii::versions),
        )
        .route(&format!("{collection}/manifest/"), get(taxii::manifest))
        .layer(axum::middleware::map_response(taxii::error_resource))
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
