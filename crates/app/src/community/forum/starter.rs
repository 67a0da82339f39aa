//! The categories a new site starts with. They are added at start when there are no
//! categories at all (never in a migration, so that a backup restores into an empty
//! database), and never again: admins rename, describe and reorder them.

use altto_store::{CategoryFields, Store};

/// One category a line: address, English name, Japanese name, English description,
/// Japanese description, separated by `|`.
const DEFAULTS: &str = "\
lesson-ideas|Lesson ideas|授業のアイデア|Activities, games and plans that worked (or did not).|うまくいった（いかなかった）活動・ゲーム・指導案。
elementary|Elementary|小学校|Teaching at elementary schools.|小学校での指導について。
junior-high|Junior high|中学校|Teaching at junior high schools.|中学校での指導について。
senior-high|Senior high|高等学校|Teaching at senior high schools.|高等学校での指導について。
life-in-japan|Life in Japan|日本での生活|Housing, health, travel and everyday life.|住まい・健康・旅行・日々の暮らし。
contracts-and-work|Contracts and work|契約と仕事|Contracts, employers, pay and working conditions.|契約・雇用主・給与・労働条件について。
nihongo|日本語で|日本語で|Conversations in Japanese.|日本語で話しましょう。";

/// Adds the default categories when the site has none; returns how many were added.
pub async fn load_once(store: &Store) -> anyhow::Result<usize> {
    let defaults: Vec<CategoryFields> = DEFAULTS
        .lines()
        .zip(1..)
        .map(|(line, position)| {
            let mut parts = line.split('|').map(str::to_owned);
            let mut next = || parts.next().unwrap_or_default();
            CategoryFields {
                slug: next(),
                name_en: next(),
                name_ja: next(),
                description_en: next(),
                description_ja: next(),
                position: position * 10,
            }
        })
        .collect();
    Ok(store.add_default_forum_categories(&defaults).await?)
}
