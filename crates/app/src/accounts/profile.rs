//! Member profiles: the choices a profile offers and the public profile page.

use altto_store::{AccountStatus, User, UserId};
use askama::Template;
use axum::{
    Extension,
    extract::{Path, State},
    response::Response,
};

use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    i18n::Lang,
    policy,
    state::AppState,
    web::Ctx,
};

/// The 47 prefectures in JIS X 0401 order: (code, English, Japanese).
pub const PREFECTURES: [(i64, &str, &str); 47] = [
    (1, "Hokkaido", "北海道"),
    (2, "Aomori", "青森県"),
    (3, "Iwate", "岩手県"),
    (4, "Miyagi", "宮城県"),
    (5, "Akita", "秋田県"),
    (6, "Yamagata", "山形県"),
    (7, "Fukushima", "福島県"),
    (8, "Ibaraki", "茨城県"),
    (9, "Tochigi", "栃木県"),
    (10, "Gunma", "群馬県"),
    (11, "Saitama", "埼玉県"),
    (12, "Chiba", "千葉県"),
    (13, "Tokyo", "東京都"),
    (14, "Kanagawa", "神奈川県"),
    (15, "Niigata", "新潟県"),
    (16, "Toyama", "富山県"),
    (17, "Ishikawa", "石川県"),
    (18, "Fukui", "福井県"),
    (19, "Yamanashi", "山梨県"),
    (20, "Nagano", "長野県"),
    (21, "Gifu", "岐阜県"),
    (22, "Shizuoka", "静岡県"),
    (23, "Aichi", "愛知県"),
    (24, "Mie", "三重県"),
    (25, "Shiga", "滋賀県"),
    (26, "Kyoto", "京都府"),
    (27, "Osaka", "大阪府"),
    (28, "Hyogo", "兵庫県"),
    (29, "Nara", "奈良県"),
    (30, "Wakayama", "和歌山県"),
    (31, "Tottori", "鳥取県"),
    (32, "Shimane", "島根県"),
    (33, "Okayama", "岡山県"),
    (34, "Hiroshima", "広島県"),
    (35, "Yamaguchi", "山口県"),
    (36, "Tokushima", "徳島県"),
    (37, "Kagawa", "香川県"),
    (38, "Ehime", "愛媛県"),
    (39, "Kochi", "高知県"),
    (40, "Fukuoka", "福岡県"),
    (41, "Saga", "佐賀県"),
    (42, "Nagasaki", "長崎県"),
    (43, "Kumamoto", "熊本県"),
    (44, "Oita", "大分県"),
    (45, "Miyazaki", "宮崎県"),
    (46, "Kagoshima", "鹿児島県"),
    (47, "Okinawa", "沖縄県"),
];

/// Employer types (stored codes); their names are translations `employer-<code>`.
pub const EMPLOYER_TYPES: [&str; 5] = ["jet", "dispatch", "direct", "private", "other"];

/// School levels (stored codes); their names are translations `level-<code>`.
pub const SCHOOL_LEVELS: [&str; 4] = ["elementary", "junior_high", "senior_high", "special_needs"];

/// The name of prefecture `code` in `lang`.
pub fn prefecture_name(code: i64, lang: Lang) -> Option<&'static str> {
    PREFECTURES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, en, ja)| if lang == Lang::Ja { *ja } else { *en })
}

/// A profile as shown to someone allowed to see it.
pub struct ProfileView {
    /// Display name.
    pub name: String,
    /// E-mail, only for its owner and admins.
    pub email: Option<String>,
    /// Bio.
    pub bio: String,
    /// Prefecture name in the viewer's language.
    pub prefecture: Option<String>,
    /// Employer type, translated.
    pub employer: Option<String>,
    /// School levels, translated.
    pub levels: Vec<String>,
    /// Years teaching in Japan.
    pub years: Option<i64>,
    /// Interests.
    pub interests: String,
    /// Member since (YYYY-MM).
    pub since: String,
}

impl ProfileView {
    /// The view of `user` for `ctx`'s language; `show_email` per the policy.
    pub fn new(user: &User, ctx: &Ctx, show_email: bool) -> Self {
        Self {
            name: user.display_name.clone(),
            email: user.email.clone().filter(|_| show_email),
            bio: user.bio.clone(),
            prefecture: user.prefecture.and_then(|code| prefecture_name(code, ctx.lang)).map(str::to_owned),
            employer: user.employer_type.as_deref().map(|code| ctx.t(&format!("employer-{code}"))),
            levels: user
                .school_levels
                .split(',')
                .filter(|level| SCHOOL_LEVELS.contains(level))
                .map(|level| ctx.t(&format!("level-{level}")))
                .collect(),
            years: user.years_in_japan,
            interests: user.interests.clone(),
            since: month_of(user.created_at),
        }
    }
}

/// `YYYY-MM` of a unix-millisecond timestamp.
pub fn month_of(millis: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(millis / 1000)
        .map(|at| format!("{}-{:02}", at.year(), u8::from(at.month())))
        .unwrap_or_default()
}

/// A member's public profile page.
#[derive(Template)]
#[template(path = "accounts/profile.html")]
pub struct ProfilePage {
    ctx: Ctx,
    profile: ProfileView,
    suspended: bool,
    /// The member's id, for the message and block forms.
    id: UserId,
    /// Whether the viewer may write to this member (shows the "Message" form).
    may_message: bool,
    /// Whether the viewer blocked this member.
    blocked: bool,
}

/// `GET /members/{id}`: a profile, if its visibility lets this visitor see it. A
/// profile they may not see is "not found", so hidden members stay hidden.
pub async fn show_profile(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = state.store.user(UserId(id)).await?;
    if !policy::can_view_profile(&auth.actor, &user) {
        return Err(AppError::NotFound);
    }
    let profile = ProfileView::new(&user, &ctx, policy::can_see_email(&auth.actor, &user));
    let may_message = policy::can_message(&auth.actor, &user);
    let blocked = match auth.actor.user_id() {
        Some(me) if may_message => state.store.has_blocked(me, user.id).await?,
        _ => false,
    };
    let page = ProfilePage {
        ctx: ctx.clone(),
        profile,
        suspended: user.status == AccountStatus::Suspended,
        id: user.id,
        may_message,
        blocked,
    };
    Ok(ctx.render(&page))
}
