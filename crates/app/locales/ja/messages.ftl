# メッセージ・ブロック・通報（community/messages.rs、messages_safety.rs）
nav-messages = メッセージ
messages-title = メッセージ
messages-intro = ほかのメンバーとの非公開のやりとりです。メッセージを送る相手はディレクトリで探せます。
messages-none = まだやりとりはありません。メンバーのプロフィールを開いて「メッセージ」を選ぶと始められます。
messages-unread = 未読
messages-former-member = 退会したメンバー
messages-with = { $name }さんとのメッセージ
messages-you = あなた
messages-reply = 返信
messages-body = メッセージ
messages-body-hint = Markdownが使えます（**太字**、*斜体*、箇条書き、リンクなど）。
messages-send = メッセージを送る
messages-sent = メッセージを送りました。
messages-new-title = 新しいメッセージ
messages-new-to = { $name }さんへのメッセージ
messages-body-empty = メッセージを入力してから送ってください。
messages-body-too-long = メッセージは5,000文字までです。短くするか、分けて送ってください。
messages-body-too-complex = このメッセージは入れ子が深すぎるか、書式が多すぎます。簡単にしてからもう一度送ってください。
messages-unknown-recipient = メッセージを送れるメンバーが見つかりません。ディレクトリやプロフィールから相手を選んでください。
messages-not-yourself = 自分にはメッセージを送れません。
messages-you-blocked = { $name }さんをブロックしているため、メッセージを送れません。送りたい場合は先にブロックを解除してください。
messages-blocked-by = { $name }さんはあなたからのメッセージを受け付けていません。
messages-untrusted = 新しいメンバーは、まだ自分からやりとりを始めることができません（迷惑メッセージを防ぐためです）。アカウント作成から{ $days }日が経ち、フォーラムの投稿が{ $posts }件承認されると始められるようになります。
messages-untrusted-age = アカウントの日数の条件を満たすのは{ $date }です。
messages-untrusted-posts = 承認が必要なフォーラム投稿の残り件数：{ $count }件
messages-untrusted-reply = ほかのメンバーから届いたメッセージには、いつでも返信できます。
profile-message = { $name }さんにメッセージを送る
blocked-title = ブロックしたメンバー
blocked-intro = ブロックしたメンバーはあなたにメッセージを送れません。解除すると、また送れるようになります。
blocked-none = ブロックしているメンバーはいません。
blocked-since = { $date }にブロック
blocked-block = { $name }さんをブロック
blocked-unblock = { $name }さんのブロックを解除
blocked-explain = ブロックした相手はあなたにメッセージを送れなくなります。相手には通知されません。
blocked-safety = 安全のために
blocked-done = ブロックしました。このメンバーはあなたにメッセージを送れなくなりました。
unblocked-done = ブロックを解除しました。
blocked-not-yourself = 自分をブロックすることはできません。
reports-link = { $name }さんのこのメッセージを通報
reports-title = メッセージを通報
reports-intro = このメッセージの問題をモデレーターに伝えてください。モデレーターは通報とあわせてメッセージを確認します。送信者には誰が通報したかは伝わりません。
reports-reason = 理由
reports-reason-spam = スパム・宣伝
reports-reason-harassment = 嫌がらせ・暴言
reports-reason-other = その他
reports-reason-missing = 理由を選んでください。
reports-detail = 詳しい内容
reports-detail-hint = 任意（「その他」の場合は必須）。1,000文字まで。
reports-detail-needed = 何が問題なのかを書いてください。
reports-detail-too-long = 1,000文字以内で書いてください。
reports-send = 通報する
reports-back = メッセージに戻る
reports-thanks = ありがとうございます。通報をモデレーターに送りました。
notice-message = { $actor }さんからメッセージが届きました
mail-notice-message-subject = { $actor }さんから新しいメッセージ
mail-notice-message-body =
    { $name }さん

    altto で{ $actor }さんからメッセージが届きました。

    こちらから読んで返信できます：

    { $link }

    このメールは altto にアカウントをお持ちの方にお送りしています。迷惑なメッセージが届いた場合は、やりとりの画面から相手をブロックできます。
notice-report = { $actor }さんがメッセージを通報しました
mail-notice-report-subject = 通報：{ $title }さんのメッセージ
mail-notice-report-body =
    { $name }さん

    { $actor }さんが、{ $title }さんの書いたメッセージを通報しました。

    { $note }

    このメンバーのプロフィール：

    { $link }

    このメールは altto のコミュニティのモデレーターにお送りしています。
