# コミュニティ掲示板
nav-community = コミュニティ
forum-title = コミュニティ
forum-intro = 日本各地の先生たちがアイデアや悩み、解決策を共有する場です。どなたでも読めます。投稿はメンバーが行えます。
forum-new-thread = スレッドを立てる
forum-sign-in-to-post = ログインしてスレッドを立てる
forum-manage-categories = カテゴリーの管理
forum-categories = カテゴリー
forum-category = カテゴリー
forum-threads = スレッド数
forum-latest = 最新の投稿
forum-breadcrumb = 現在の位置
forum-no-threads = まだスレッドがありません。最初のスレッドを立ててみましょう。
forum-pinned = 固定
forum-question = 質問
forum-answered = 解決済み
forum-locked = ロック中
forum-closed = 終了
forum-new-posts = 新着あり
forum-former-member = 退会したメンバー
forum-post-removed = この投稿は投稿者によって削除されました。
forum-replies = 返信{ $count }件
forum-history-title = 編集履歴
forum-history-intro = この投稿の以前の版を、新しい順に投稿者が書いたままの形で表示しています。
forum-history-current = 現在の版
forum-history-version = { $date }の版
forum-history-replaced = { $date }に{ $name }さんが更新
forum-field-category = カテゴリー
forum-field-title = タイトル
forum-field-body = 投稿内容
forum-hint-markdown = Markdown が使えます：**太字**、*斜体*、[リンク](https://example.org)、> 引用。メンバーに知らせるには @ とハンドル名を書きます（例：@sam_lee）。
forum-field-question = これは質問です（返信のひとつを回答として承認できます）
forum-start-thread = スレッドを作成
forum-edit-title = 投稿の編集
forum-edit-intro = 編集したことは読者に表示され、以前の版もすべて閲覧できます。
forum-discussion = ディスカッション
forum-discussion-of-lesson = レッスンについてのディスカッション：
forum-discussion-of-article = 記事についてのディスカッション：
forum-discussion-empty = まだ投稿はありません。質問やアイデア、経験談をお気軽にどうぞ。
forum-discussion-waiting = ディスカッションが始まりました。最初の投稿はモデレーターの確認待ちで、承認されるとここに表示されます。
forum-discussion-waiting-reply = 最初の投稿が承認されると返信できます。
forum-first-post = ディスカッションを始める
forum-discuss-lesson = このレッスンについて話し合う
forum-discuss-article = この記事について話し合う
forum-new-since-visit = 前回の閲覧以降の新着投稿
forum-accepted-answer = 承認された回答
forum-thread-tools = スレッドの操作
forum-close = スレッドを終了する
forum-reopen = スレッドを再開する
forum-pin = 固定する
forum-unpin = 固定を解除する
forum-lock = ロックする
forum-unlock = ロックを解除する
forum-reply = 返信
forum-field-reply = 返信内容
forum-post-reply = 返信する
forum-earlier-posts = 前の投稿
forum-later-posts = 次の投稿
forum-edited = 編集済み
forum-helpful-count = { $count }人が「役に立った」と評価しています
forum-helpful = 役に立った
forum-helpful-undo = 役に立った（取り消す）
forum-quote = 引用
forum-edit = 編集
forum-accept = 回答として承認する
forum-unaccept = 承認を取り消す
forum-locked-notice = このスレッドはモデレーターによってロックされているため、返信できません。
forum-closed-notice = このスレッドは終了しているため、返信できません。
forum-sign-in-to-reply = ログインして返信する
forum-confirm-email = コミュニティに投稿するには、お送りしたリンクからメールアドレスを確認してください。
forum-error-body-empty = 投稿内容：内容を入力してください。
forum-error-body-long = 投稿内容：長すぎます（20,000文字以内）。
forum-error-body-links = 投稿内容：リンクが多すぎます（10個まで）。
forum-error-body-complex = 投稿内容：入れ子が深すぎるか、大きすぎて表示できません。
forum-error-category = カテゴリー：一覧から選んでください。
forum-error-title-empty = タイトル：タイトルを入力してください。
forum-error-title-long = タイトル：長すぎます（150文字以内）。
forum-error-prefecture = 地域：一覧から都道府県を選ぶか、「全国」を選んでください。
forum-field-prefecture = 地域
forum-prefecture-all = 全国
forum-region = { $prefecture }の話題
forum-error-bad-request = リクエストの内容を理解できませんでした。
forum-error-not-question = 回答を承認できるのは質問のスレッドだけです。
forum-error-required = この項目は必須です。
forum-error-too-long = この項目が長すぎます。
forum-error-slug = アドレス：小文字の英字・数字・ハイフンで2〜40文字にしてください。
forum-error-slug-taken = アドレス：ほかのカテゴリーが使用しています。
forum-error-position = 表示順：0〜100000の整数を入力してください。
forum-categories-intro = カテゴリーの名前・説明・表示順を変更できます（表示順の小さいものから並びます）。アドレスは変更できません。
forum-field-name-en = 名前（英語）
forum-field-name-ja = 名前（日本語）
forum-field-description-en = 説明（英語）
forum-field-description-ja = 説明（日本語）
forum-field-position = 表示順
forum-field-slug = アドレス
forum-hint-slug = 小文字の英字・数字・ハイフン（例：lesson-ideas）。後から変更できません。
forum-hint-position = 小さい数字ほど先に表示されます。
forum-add-category = カテゴリーを追加
notice-forum_reply = { $actor }さんがあなたのスレッドに返信しました
mail-notice-forum_reply-subject = 新しい返信：{ $title }
mail-notice-forum_reply-body =
    { $name }さん

    altto コミュニティのあなたのスレッド「{ $title }」に{ $actor }さんが返信しました。

    こちらから読めます：

    { $link }

    このスレッドを立てたため、このメールをお送りしています。
notice-forum_mention = { $actor }さんがあなたをメンションしました
mail-notice-forum_mention-subject = { $actor }さんからのメンション：{ $title }
mail-notice-forum_mention-body =
    { $name }さん

    altto コミュニティの「{ $title }」で{ $actor }さんがあなたをメンションしました。

    こちらから読めます：

    { $link }

    メンバーがあなたのハンドル名をメンションしたため、このメールをお送りしています。
notice-forum_accepted = { $actor }さんが回答を承認しました
mail-notice-forum_accepted-subject = 回答が承認されました：{ $title }
mail-notice-forum_accepted-body =
    { $name }さん

    altto コミュニティの質問「{ $title }」で{ $actor }さんが回答を承認しました。

    こちらから確認できます：

    { $link }

    この質問をした、または回答を書いたため、このメールをお送りしています。
forum-handle-title = ハンドル名
forum-handle-intro = コミュニティでは、@ に続けてハンドル名を書くとあなたをメンションでき、そのときはお知らせが届きます。ハンドル名の横には表示名が表示されます。
forum-handle-saved = ハンドル名を保存しました。
forum-field-handle = ハンドル名
forum-hint-handle = 小文字の英字・数字・アンダースコアで2〜30文字（例：sam_lee）。
forum-error-handle = ハンドル名：小文字の英字・数字・アンダースコアで2〜30文字にしてください。
forum-error-handle-taken = ハンドル名：ほかのメンバーが使用しています。別の名前にしてください。
forum-your-handle = あなたのハンドル名
