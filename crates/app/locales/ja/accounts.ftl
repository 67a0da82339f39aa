## Navigation
nav-account-label = アカウント
nav-account = マイアカウント
nav-admin = 管理
nav-sign-in = ログイン
nav-sign-up = アカウント作成
nav-sign-out = ログアウト

## Forms
form-has-errors = 入力内容に問題があります
form-save = 保存する
field-email = メールアドレス
field-new-email = 新しいメールアドレス
field-display-name = 表示名
field-display-name-hint = ほかのメンバーに表示される名前です。あとから変更できます。
field-password = パスワード
field-password-hint = 10文字以上。関連のない単語をいくつか組み合わせると、覚えやすく強いパスワードになります。
field-current-password = 現在のパスワード
field-new-password = 新しいパスワード
field-bio = 自己紹介
field-bio-hint = 勤務先の学校や取り組んでいることなどを数文で。1,000文字まで。
field-prefecture = 都道府県
field-employer-type = 雇用形態
field-school-levels = 担当している学校種
field-years-in-japan = 日本での指導年数
field-years-hint = 整数で入力してください（例：2）。
field-interests = 関心のあること
field-interests-hint = 例：小学校のフォニックス、ティーム・ティーチング、特別支援教育。500文字まで。
field-visibility = プロフィールの公開範囲
field-not-given = 未設定
field-email-invalid = name@example.com のような形式でメールアドレスを入力してください
field-email-same = すでにこのメールアドレスを使用しています
field-name-required = 表示名を入力してください
field-name-too-long = 表示名は改行なしの60文字以内で入力してください
field-password-too-short = パスワードは10文字以上にしてください
field-password-too-long = パスワードは256文字以内にしてください
field-password-weak = このパスワードは推測されやすすぎます。よく使われる単語、規則的な並び、ご自身の名前は避け、関連のない単語をいくつか組み合わせてください
field-current-password-wrong = 現在のパスワードが正しくありません
field-too-long = 長すぎます
field-choose-from-list = 選択肢から選んでください
field-years-invalid = 0から60までの整数で入力してください
field-delete-confirm = アカウントを削除する場合は、確認のチェックボックスにチェックを入れてください
field-token-name = トークンに60文字以内の名前を付けてください

## Roles and statuses
role-member = メンバー
role-author = 執筆者
role-editor = 編集者
role-moderator = モデレーター
role-admin = 管理者
status-active = 有効
status-suspended = 利用停止中
status-deleted = 削除済み
deleted-member = 退会したメンバー
employer-jet = JETプログラム
employer-dispatch = 派遣会社
employer-direct = 教育委員会の直接雇用
employer-private = 私立学校
employer-other = その他
level-elementary = 小学校
level-junior_high = 中学校
level-senior_high = 高等学校
level-special_needs = 特別支援学校
visibility-public = 全員（アカウントのない訪問者を含む）
visibility-members = ログインしたメンバーのみ
visibility-hidden = 自分のみ

## Sign-up and verification
signup-title = アカウント作成
signup-intro = altto のコンテンツはすべてアカウントなしで読めます。アカウントを作ると、学習の進捗が記録され、修了証を受け取ることができ、コミュニティに参加できます。
signup-button = アカウントを作成する
signup-leave-empty = この欄は空欄のままにしてください
signup-have-account = すでにアカウントをお持ちですか？
signup-sent-title = メールを確認してください
signup-sent-message = 入力されたアドレスにメールを送信しました。メール内のリンクを開いて、アカウントの作成を完了してください。数分たっても届かない場合は、迷惑メールフォルダーを確認してください。
verify-title = メールアドレスの確認
verify-message = ボタンを押してこのアドレスを確認し、アカウントの作成を完了してください。
verify-button = アドレスを確認する
link-invalid-title = このリンクは使用できません
link-invalid-message = リンクの有効期限が切れているか、すでに使用されています。ログインすると新しいリンクが送信されます。パスワードの再設定をもう一度申し込むこともできます。

## Sign-in
login-title = ログイン
login-button = ログインする
login-forgot = パスワードをお忘れですか？
login-no-account = altto は初めてですか？
login-failed = メールアドレスまたはパスワードが正しくありません
login-suspended = このアカウントは利用停止中です。誤りだと思われる場合は、サイトの管理者に連絡してください。
login-unverified = 先にメールアドレスの確認を完了してください。新しいリンクを送信しました。
notice-verified = メールアドレスが確認されました。ログインできます。
notice-password-reset = パスワードを変更しました。新しいパスワードでログインしてください。
notice-signed-out-everywhere = すべての端末からログアウトしました。
notice-password-changed = パスワードを変更し、ほかの端末のセッションをログアウトしました。

## Password reset
forgot-title = パスワードの再設定
forgot-intro = アカウントのメールアドレスを入力してください。新しいパスワードを設定するためのリンクをお送りします。
forgot-button = リンクを送信する
forgot-sent-title = メールを確認してください
forgot-sent-message = そのアドレスのアカウントがある場合、新しいパスワードを設定するためのリンクを送信しました。リンクの有効期限は1時間です。
reset-title = 新しいパスワードの設定
reset-button = 新しいパスワードを保存する

## Your account
account-title = マイアカウント
account-roles = 役割
account-manage = 設定
account-edit-profile = プロフィールを編集する
account-change-password = パスワードを変更する
account-change-email = メールアドレスを変更する
account-tokens = APIトークン
account-download = 自分のデータをダウンロードする（JSON）
account-delete = アカウントを削除する
account-sessions = ログイン中の端末
account-session-browser = ブラウザー
account-session-last-seen = 最終利用
account-session-this = このブラウザー
account-sign-out-everywhere = すべての端末からログアウトする
profile-edit-title = プロフィールの編集
profile-since = 登録
notice-profile-saved = プロフィールを保存しました。
notice-email-change-sent = 新しいアドレスに確認用のリンクを送信しました。リンクを開くとアドレスが変更されます。
notice-email-changed = メールアドレスを変更しました。
email-current = 現在のアドレスは { $email } です。
email-intro = 新しいアドレスにリンクを送信します。そのリンクを開くまでアドレスは変更されません。
email-button = 確認用のリンクを送信する
email-confirm-title = 新しいメールアドレスの確認
email-confirm-message = ボタンを押すと、アカウントのメールアドレスがこのアドレスに変更されます。
email-confirm-button = このアドレスを使う
email-taken-title = このアドレスは使用できません
email-taken-message = その間に別のアカウントがこのアドレスを使い始めました。アドレスは変更されていません。
tokens-intro = トークンを使うと、ほかのプログラムがあなたとして altto のAPIを利用できます。パスワードと同じように扱ってください。トークンを持つ人は誰でも、APIを通じてあなたとして操作できます。使わなくなったトークンは無効にしてください。
tokens-created = 新しいトークンです。今すぐコピーしてください。再び表示されることはありません。
tokens-none = APIトークンはありません。
tokens-name = 名前
tokens-name-hint = 用途を書いてください（例：「スマートフォンのアプリ」）。
tokens-prefix = 先頭
tokens-created-at = 作成日
tokens-last-used = 最終利用日
tokens-revoke = 無効にする
tokens-new = トークンの作成
tokens-create = トークンを作成する
tokens-scopes = できること
tokens-scopes-hint = トークンはAPI（/api/ で始まるアドレス）でのみ使え、サイトのページでは使えません。また、ほかのトークンの作成や、パスワード・メールアドレス・アカウントの変更は一切できません。
tokens-scope-read = 読み取り
tokens-scope-write = 書き込み
tokens-scope-admin = 管理
tokens-scope-read-long = 読み取り：学習の進み具合、修了証、アカウント情報
tokens-scope-write-long = 書き込み：学習の進み具合とクイズの解答の記録
tokens-scope-admin-long = 管理：APIを通じたサイトの管理（必要な場合のみ）
tokens-lifetime = 有効期間
tokens-days = { $days } 日
tokens-no-expiry = 無期限
tokens-expires = 有効期限
tokens-expired = 期限切れ
tokens-never-used = 未使用
field-token-scopes = トークンでできることを選んでください
field-token-admin-scope = 管理の権限を付けられるのは管理者だけです
delete-intro = アカウントを削除すると、メールアドレス、パスワード、名前、プロフィールが altto から削除され、すべての端末からログアウトします。この操作は取り消せません。先にデータをダウンロードしておくことをおすすめします。
delete-confirm = アカウントが完全に削除されることを理解しました
delete-button = アカウントを削除する
delete-posts-legend = コミュニティのフォーラムへの投稿
delete-posts-keep = 残す（「退会したメンバー」の投稿として表示され、名前は削除されます）
delete-posts-remove = 投稿も削除する（他の人が返信したスレッドはタイトルを残し、最初の投稿の本文を削除します）
deleted-title = アカウントを削除しました
deleted-message = あなたの個人データは altto から削除されました。ご利用ありがとうございました。

## Administration
admin-users-title = アカウント
admin-search-label = 名前またはメールアドレスで検索
admin-search-button = 検索
admin-users-count = { $count } 件のアカウントが見つかりました
admin-status = 状態
admin-back-to-users = アカウント一覧に戻る
admin-unverified = 未確認
admin-roles-heading = 役割
admin-level = レベル
admin-roles-saved = 役割を保存しました。このメンバーのセッションは終了したので、変更はすぐに反映されます。
admin-access-heading = 利用
admin-suspend = このアカウントを利用停止にする
admin-reinstate = このアカウントの利用を再開する
admin-suspended = アカウントを利用停止にし、すべての端末からログアウトさせました。
admin-reinstated = アカウントの利用を再開しました。
admin-cannot-change = 自分自身の役割の変更や利用停止はできません。ほかの管理者に依頼してください。
admin-audit-title = 監査ログ
admin-audit-empty = まだ記録はありません。
admin-audit-when = 日時（UTC）
admin-audit-what = 内容
admin-audit-who = 実行者
admin-audit-whom = 対象アカウント
admin-audit-detail = 詳細
admin-audit-ip = アドレス
admin-mail-title = メール
admin-mail-pending = 送信待ちのメッセージ：{ $count } 件
admin-mail-requeued = メッセージを送信待ちに戻しました。まもなく送信されます。
admin-mail-failed-title = 送信できなかったメッセージ
admin-mail-failed-intro = 約17時間の間に10回送信に失敗したメッセージは、送信をあきらめます（メールサーバーに拒否されたか、接続できませんでした）。エラーとメールの設定を確認してから、もう一度送信してください。古いメッセージのリンクは期限切れの場合があります。その場合、メンバーは新しいリンクを請求できます。
admin-mail-failed-none = ありません。すべてのメッセージが送信されました。
admin-mail-to = 宛先
admin-mail-subject = 件名
admin-mail-attempts = 試行回数
admin-mail-error = 最後のエラー
admin-mail-given-up = 送信をあきらめた日
admin-mail-retry = もう一度送信する
audit-sign_in_failed = ログイン失敗
audit-signed_in = ログイン
audit-password_reset = パスワード再設定
audit-password_changed = パスワード変更
audit-email_changed = メールアドレス変更
audit-signed_out_everywhere = 全端末からログアウト
audit-api_token_created = APIトークン作成
audit-api_token_revoked = APIトークン無効化
audit-account_deleted = アカウント削除
audit-roles_changed = 役割変更
audit-site_settings_changed = サイト設定の変更
audit-suspended = 利用停止
audit-reinstated = 利用再開
audit-created_by_cli = コマンドラインから作成

## Errors specific to accounts
error-401-title = ログインしてください
error-401-message = 有効なAPIトークンか、ログイン中のアカウントが必要です。
error-409-title = その間に行われた変更と競合しています
error-409-message = その間にほかの人がこれを変更しました。ページを再読み込みしてもう一度お試しください。
error-429-wait = { $minutes } 分待ってから、もう一度お試しください。

## Mail
mail-verify-subject = altto：メールアドレスの確認
mail-verify-body =
    { $name } さん

    altto にご登録いただきありがとうございます。次のリンクを開いて、メールアドレスを確認してください。

    { $link }

    リンクの有効期限は48時間です。アカウントを作成した覚えがない場合は、このメールを無視してください。

    — altto
mail-exists-subject = altto：あなたのアドレスでアカウント作成が試みられました
mail-exists-body =
    { $name } さん

    どなたか（あなたご自身かもしれません）がこのメールアドレスで altto の新しいアカウントを作成しようとしましたが、このアドレスのアカウントはすでにあります。パスワードをお忘れの場合は、こちらから新しいパスワードを設定できます。

    { $link }

    心当たりがない場合は、このメールを無視してください。

    — altto
mail-reset-subject = altto：新しいパスワードの設定
mail-reset-body =
    { $name } さん

    altto のアカウントに新しいパスワードを設定するには、次のリンクを開いてください。

    { $link }

    リンクの有効期限は1時間です。お申し込みに心当たりがない場合は、このメールを無視してください。パスワードは変更されていません。

    — altto
mail-change-subject = altto：新しいメールアドレスの確認
mail-change-body =
    { $name } さん

    altto のアカウントのメールアドレスをこのアドレスに変更するには、次のリンクを開いてください。

    { $link }

    リンクの有効期限は48時間です。お申し込みに心当たりがない場合は、このメールを無視してください。

    — altto
mail-taken-subject = altto：あなたのアドレスへのアカウント移行が試みられました
mail-taken-body =
    こんにちは。

    altto のアカウントのメールアドレスをこのアドレスに変更する申し込みがありましたが、このアドレスはすでに別のアカウントで使われているため、何も変更されていません。そのアカウントがあなたのものであれば、こちらからログインできます。

    { $link }

    — altto
mail-changed-subject = altto：メールアドレスが変更されました
mail-changed-body =
    { $name } さん

    altto のアカウントのメールアドレスが変更されたため、今後このアドレスにはメールが届きません。心当たりがない場合は、すぐにパスワードを再設定してください。

    { $link }

    — altto
site-settings-title = サイト設定
site-settings-saved = 設定を保存しました。これから発行する修了証に反映されます。
site-issuer-heading = 修了証
site-issuer-intro = これから発行するすべての修了証に記載され、署名される発行者です。発行済みの修了証は、署名したときの発行者のままです。
site-issuer-name = 発行者名
site-issuer-name-hint = 例：ALT Training Online
site-issuer-url = 発行者のウェブアドレス
site-issuer-url-hint = 団体のサイトのアドレス（https:// で始まるもの）
site-issuer-name-missing = 発行者名を入力してください。
site-issuer-name-invalid = 発行者名は120文字以内で、1行で入力してください。
site-issuer-url-invalid = https:// または http:// で始まる200文字以内のウェブアドレスを入力してください。
