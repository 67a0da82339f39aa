//! The application's error type and how each kind maps onto HTTP.
//!
//! Handlers return `Result<_, AppError>`. The response carries only a status; the
//! error-page middleware (`web::error_pages`) turns it into a friendly page in the
//! visitor's language. Server-side failures are logged here with their context and are
//! never shown.

use altto_store::StoreError;
use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};

/// Why a request could not be served.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Nothing at this address (or not visible to this visitor).
    #[error("not found")]
    NotFound,
    /// Signed in, but not allowed (or a form's CSRF token was missing or wrong).
    #[error("forbidden")]
    Forbidden,
    /// The request cannot be served as sent; the translation key says why, and the
    /// error page shows it.
    #[error("bad input: {0}")]
    BadInput(&'static str),
    /// Understood, but not yet possible (a lesson with a quiz cannot be completed
    /// before the quiz is passed); the translation key says what is still needed.
    #[error("not yet: {0}")]
    NotYet(&'static str),
    /// Too many attempts; try again after this many seconds.
    #[error("rate limited")]
    RateLimited {
        /// Seconds until the window ends.
        retry_after_secs: u64,
    },
    /// Too busy to do this now (every thread for this kind of work is taken); try
    /// again after this many seconds.
    #[error("busy")]
    Busy {
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// A storage failure.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Anything else that went wrong on our side.
    #[error(transparent)]
    Internal(anyhow::Error),
}

/// Result of a handler.
pub type AppResult<T> = Result<T, AppError>;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = match &self {
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::BadInput(key) => {
                let mut response = StatusCode::BAD_REQUEST.into_response();
                response.extensions_mut().insert(crate::web::errors::ErrorDetail(key));
                return response;
            }
            AppError::NotYet(key) => {
                let mut response = StatusCode::CONFLICT.into_response();
                response.extensions_mut().insert(crate::web::errors::ErrorDetail(key));
                return response;
            }
            AppError::RateLimited { retry_after_secs } => {
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(axum::http::header::RETRY_AFTER, retry_after_secs.to_string())],
                )
                    .into_response();
            }
            AppError::Busy { retry_after_secs } => {
                let mut response = (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(axum::http::header::RETRY_AFTER, retry_after_secs.to_string())],
                )
                    .into_response();
                response.extensions_mut().insert(crate::web::errors::ErrorDetail("error-busy"));
                return response;
            }
            AppError::NotFound | AppError::Store(StoreError::NotFound) => StatusCode::NOT_FOUND,
            AppError::Store(StoreError::Conflict(_)) => StatusCode::CONFLICT,
            AppError::Store(StoreError::Unavailable(err)) => {
                tracing::debug!(error = %err, "database unavailable");
                let retry = (altto_store::RETRY_AFTER_MS / 1000).max(1).to_string();
                return (StatusCode::SERVICE_UNAVAILABLE, [(axum::http::header::RETRY_AFTER, retry)])
                    .into_response();
            }
            AppError::Store(err @ StoreError::Other(_)) => {
                tracing::error!(error = ?err, "database error");
                StatusCode::INTERNAL_SERVER_ERROR
            }
            AppError::Internal(err) => {
                tracing::error!(error = ?err, "internal error");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        status.into_response()
    }
}

/// Work done through `anyhow` (loading a course, say) keeps its meaning: a database
/// that cannot be reached is still a 503, a busy pool still asks to come back.
impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        let err = match err.downcast::<StoreError>() {
            Ok(store) => return AppError::Store(store),
            Err(err) => err,
        };
        match err.downcast::<crate::workers::Busy>() {
            Ok(busy) => busy.into(),
            Err(err) => AppError::Internal(err),
        }
    }
}

impl From<crate::workers::Busy> for AppError {
    fn from(_: crate::workers::Busy) -> Self {
        AppError::Busy { retry_after_secs: 2 }
    }
}

impl From<crate::accounts::passwords::HashError> for AppError {
    fn from(err: crate::accounts::passwords::HashError) -> Self {
        match err {
            crate::accounts::passwords::HashError::Busy(busy) => busy.into(),
            failed @ crate::accounts::passwords::HashError::Failed(_) => AppError::Internal(failed.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_pool_or_an_unreachable_database_asks_to_come_back_rather_than_failing() {
        let busy = AppError::from(anyhow::Error::from(crate::workers::Busy)).into_response();
        assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(busy.headers()[axum::http::header::RETRY_AFTER], "2");
        let down = AppError::from(anyhow::Error::from(StoreError::Unavailable(sqlx::Error::PoolTimedOut)));
        let down = down.into_response();
        assert_eq!(down.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(down.headers()[axum::http::header::RETRY_AFTER], "1");
        let bug = AppError::from(anyhow::anyhow!("a bug")).into_response();
        assert_eq!(bug.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
