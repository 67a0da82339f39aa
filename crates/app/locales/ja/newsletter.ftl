# ニュースレター「マンスリー・トレーナー」：公開ページ、リンク、会員の設定、編集者のページ、メール。
newsletter-name = マンスリー・トレーナー
newsletter-about = 月に一度、ALT（外国語指導助手）のための短いお便りです。新しいコースや更新されたコース、授業のアイデア、コミュニティのニュースを英語または日本語でお届けします。
newsletter-privacy = メールアドレスはニュースレターの送信にのみ使います。毎号のメールにワンクリックで配信停止できるリンクがあります。
newsletter-subscribe-title = 購読する
newsletter-field-lang = メールの言語
newsletter-subscribe-button = 購読する
newsletter-members-link = 購読の設定はアカウントで変更できます
newsletter-archive-title = バックナンバー
newsletter-feed = バックナンバーのフィード（Atom）
newsletter-archive-empty = まだ発行された号はありません。第1号をお楽しみに。
newsletter-back = マンスリー・トレーナーに戻る
newsletter-issue-number = 第{ $number }号
newsletter-in-this-issue = 今号の内容

newsletter-sent-title = メールを確認してください
newsletter-sent-message = このアドレスで購読できる場合は、確認リンクを記載したメールをお送りしました。リンクを開くと、マンスリー・トレーナーの配信が始まります。
newsletter-confirm-mail-subject = マンスリー・トレーナーの購読を確認してください
newsletter-confirm-mail-body =
    こんにちは。

    このアドレスで、altto の ALT 向け月刊ニュースレター「マンスリー・トレーナー」の購読が申し込まれました。確認するには、次のリンクを開いてボタンを押してください。

    { $link }

    リンクの有効期限は7日間です。お心当たりがない場合は、このメールを無視してください。購読は開始されません。
newsletter-link-invalid = このリンクは無効です。途中で切れているか、変更された可能性があります。何も変更されていません。
newsletter-link-expired = このリンクは有効期限が切れています。何も変更されていません。もう一度購読を申し込むと、新しいリンクが届きます。
newsletter-confirm-title = 購読の確認
newsletter-confirm-message = ボタンを押すと、マンスリー・トレーナーの配信が始まります。
newsletter-confirm-button = 購読を確認する
newsletter-confirmed-title = 購読が完了しました
newsletter-confirmed-message = ありがとうございます。次号のマンスリー・トレーナーをメールでお届けします。
newsletter-confirm-left = このリンクが送られた後に配信を停止したアドレスのため、購読は停止されたままです。受け取るには、もう一度購読を申し込んでください。
newsletter-unsubscribe-title = 配信停止
newsletter-unsubscribe-message = ボタンを押すと、このアドレスへのマンスリー・トレーナーの配信を停止します。
newsletter-unsubscribe-button = 配信を停止する
newsletter-unsubscribed-title = 配信を停止しました
newsletter-unsubscribed-message = マンスリー・トレーナーはもう届きません。いつでも再び購読できます。

newsletter-mail-why = このメールは、{ $site } でマンスリー・トレーナーを購読された方にお送りしています。
newsletter-mail-unsubscribe = 配信停止：{ $link }
newsletter-mail-why-html = このメールは、次のページでマンスリー・トレーナーを購読された方にお送りしています：
newsletter-unsubscribe-link = マンスリー・トレーナーの配信を停止する
newsletter-test-prefix = テスト

newsletter-account-title = ニュースレター
newsletter-account-saved = ニュースレターの設定を保存しました。
newsletter-account-pending = 確認リンクをメールでお送りしました。リンクを開くと配信が始まります。
newsletter-account-checkbox = マンスリー・トレーナーを受け取る
newsletter-account-save = 保存
newsletter-account-back = アカウントに戻る
newsletter-no-address = アカウントにニュースレターの送信先となるメールアドレスがありません。

newsletter-editor-title = ニュースレターの号
newsletter-new-issue = 新しい号
newsletter-subscribers-title = 購読者
newsletter-count-confirmed = 確認済み
newsletter-count-pending = 確認待ち
newsletter-count-bouncing = 不達（送信対象外）
newsletter-bouncing-title = 送信に失敗し続けているアドレス
newsletter-bouncing-hint = これらのアドレスへのメールは再試行の後も失敗しました。以降の号では送信されません。
newsletter-issues-title = 号の一覧
newsletter-issues-empty = まだ号はありません。
newsletter-column-state = 状態
newsletter-column-date = 日付
newsletter-column-copies = キューに入れた通数
newsletter-field-subject = 件名
newsletter-field-subject-ja = 日本語の件名
newsletter-field-subject-ja-hint = 任意：日本語の読者には英語の件名の代わりにこちらが届きます。
newsletter-field-intro = はじめに
newsletter-field-intro-hint = Markdown で書けます：段落、**太字**、箇条書き、[リンク](https://example.org)。
newsletter-field-picks = 今号で紹介するコンテンツ
newsletter-picks-empty = 公開されているコンテンツはまだありません。
newsletter-kind-course = コース
newsletter-kind-article = 記事
newsletter-kind-post = ニュース
newsletter-kind-other = ページ
newsletter-save = 下書きを保存
newsletter-state-label = 状態：
newsletter-state-draft = 下書き
newsletter-state-sending = 送信中
newsletter-state-sent = 送信済み
newsletter-preview-html = プレビュー（HTML）
newsletter-preview-text = プレビュー（テキスト）
newsletter-send-title = 送信
newsletter-send-test = 自分にテスト送信する
newsletter-send-all = 確認済みの購読者全員に送信…
newsletter-send-confirm-title = この号を送信しますか？
newsletter-send-confirm-message = 「{ $subject }」を確認済みの購読者 { $count } 人に送信します。取り消しはできません。
newsletter-send-confirm-button = はい、今すぐ送信する
newsletter-send-cancel = やめる
newsletter-subject-required = 件名を入力してください。
newsletter-subject-too-long = 件名が長すぎます（150文字まで）。
newsletter-intro-required = はじめにの文章を入力してください。
newsletter-intro-invalid = はじめにの文章が長すぎるか、入れ子が深すぎます。
newsletter-not-a-draft = この号は送信中または送信済みのため、変更できません。
newsletter-notice-saved = 下書きを保存しました。
newsletter-notice-test-sent = テスト用のメールをあなたのアドレスに送信しています。
newsletter-notice-no-recipients = 確認済みの購読者がいないため、何も送信しませんでした。
newsletter-notice-sent = 確認済みの購読者全員への送信を開始しました。
newsletter-notice-sending = まだキューに入れている途中です。このページにはこれまでにキューに入れた通数が表示されます。
newsletter-notice-already-sent = この号は送信済みです。再送信はしていません。
newsletter-notice-no-address = テスト送信先となるメールアドレスがアカウントにありません。
audit-newsletter_sent = ニュースレターの号を送信
