# 通知: ヘッダーの件数、メールの設定、ウォッチ中のカテゴリー、ダイジェスト、
# ワンクリックの配信停止リンク。
nav-notices = お知らせ
notices-unread = 未読のお知らせ { $count } 件
notices-prefs-title = 通知メール
notices-prefs-link = メールで受け取るお知らせを選ぶ
notices-prefs-intro = お知らせはすべてお知らせページに表示されます。種類ごとに、すぐにメールで受け取るか、ダイジェストにまとめて受け取るか、サイト上だけで見るかを選んでください。
notices-prefs-saved = 設定を保存しました。
notices-prefs-invalid = お知らせの種類ごとと、ダイジェストについて、選択肢を一つずつ選んでください。何も変更していません。
notices-prefs-digest = ダイジェスト
notices-digest-daily = 毎日: メールは多くても 1 日 1 通です
notices-digest-weekly = 毎週: メールは多くても 1 週間に 1 通です
notices-prefs-save = 設定を保存
notices-kind-replies = 自分のスレッドへの返信
notices-kind-mentions = 自分へのメンション
notices-kind-accepted = 回答の承認
notices-kind-watched = ウォッチ中のカテゴリーの新しいスレッド
notices-kind-messages = 個人メッセージ
notices-kind-reports = モデレーターへの報告
notices-kind-editorial = 編集の流れ（レビューと公開）
notices-kind-digest = お知らせのダイジェスト
notices-mode-now = すぐにメールで受け取る
notices-mode-digest = ダイジェストで受け取る
notices-mode-site = サイト上だけで見る
notices-mail-footer =
    --
    このようなメールを停止する（ワンクリック、サインイン不要）: { $unsubscribe }
    受け取るメールを選ぶ: { $prefs }
notices-link-invalid = このリンクは無効です。途中で切れているか、変更されている可能性があります。サインインして、アカウントページで受け取るメールを選んでください。
notices-stop-title = このメールを停止
notices-stop-question = 「{ $what }」のメールを停止します。お知らせは引き続きサイト上で確認できます。
notices-stop-button = メールを停止する
notices-stopped-title = メールを停止しました
notices-stopped-message = 「{ $what }」のメールはもう届きません。お知らせは引き続きお知らせページに表示されます。
notices-watch-start = このカテゴリーをウォッチする
notices-watch-stop = ウォッチをやめる
notices-watch-help = このカテゴリーをウォッチすると、新しいスレッドが立ったときにお知らせします。
notices-watching = このカテゴリーをウォッチしています。新しいスレッドが立ったときにお知らせします。
notices-watch-invalid = このカテゴリーをウォッチするか、ウォッチをやめるかを選んでください。
notice-forum_watched = { $actor }さんがウォッチ中のカテゴリーにスレッドを立てました
mail-notice-forum_watched-subject = 新しいスレッド: { $title }
mail-notice-forum_watched-body =
    { $name }さん

    altto コミュニティのウォッチ中のカテゴリーに、{ $actor }さんがスレッド「{ $title }」を立てました。

    こちらからご覧ください:

    { $link }

    このカテゴリーをウォッチしているため、このメールをお送りしています。
notices-digest-subject = altto ダイジェスト: お知らせ { $count } 件
notices-digest-body =
    { $name }さん

    前回のダイジェスト以降、altto コミュニティであったことをお知らせします:

    { $list }
