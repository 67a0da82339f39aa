//! The community: the teachers' directory and private messages between members (the
//! forum joins them here when its branch is merged).

pub mod directory;
pub mod messages;
mod messages_new;
mod messages_safety;
pub mod trust;

use crate::web::routes::Routes;

/// The community routes.
pub fn routes() -> Routes {
    Routes::new().merge(directory::routes()).merge(messages::routes()).merge(messages_safety::routes())
}
