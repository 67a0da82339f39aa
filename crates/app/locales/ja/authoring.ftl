## Authoring
nav-author = 執筆
author-title = 担当コース
author-intro = ここでコースを執筆・改訂できます。保存のたびに版として記録されます。学習者に公開されるのは、編集者が公開した後です。
author-new-course = 新しいコースを始める
author-no-courses = まだ担当しているコースはありません。
author-course = コース
author-status = 状態
author-create = コースを作成する
author-view-published = 公開中のコースを見る
author-revisions = 版の履歴
author-outline = モジュールとレッスン
author-move-up = 上へ移動
author-move-down = 下へ移動
author-add-lesson = レッスンを追加する
author-add-lesson-to = 「{ $module }」にレッスンを追加
author-add-module = モジュールを追加する
author-details = コースの情報
author-review = 査読
author-no-notes = まだ査読のメモはありません。
author-note-for-editors = 編集者へのメモ（任意）
author-submit = 査読を依頼する
author-review-note = メモ
author-comment = コメントする
author-request-changes = 修正を依頼する
author-publish = 最新版を公開する
author-unpublish = 公開を取り下げる
author-archive = コースをアーカイブする
author-back-to-course = コースに戻る
author-preview = プレビュー
author-read-only = このレッスンは閲覧のみできます（査読待ちか、あなたが執筆者ではありません）。
author-stale = 作業中にほかの人がこのコースを保存しました。何も失われていません。最新版を確認して、もう一度お試しください。
author-stale-lesson = 編集中にほかの人がこのコースを保存しました。あなたの文章は下のフォームに残っています。もう一度保存すると、あなたの版が最新になります。
author-not-ready = コースはまだ公開できる状態ではありません：
author-note-required = 先にメモを書いてください。
author-module-invalid = モジュールのタイトルを入力し、モジュール名と最初のレッスン名には小文字の英字、数字、ハイフンを使ってください。
author-lesson-invalid = レッスンのタイトルと、小文字の英字、数字、ハイフンからなる名前を入力してください。
author-first-module = 最初のモジュール
author-first-lesson = 最初のレッスン
author-new-lesson-summary = このレッスンの内容を一文で。
author-new-lesson-body = ## はじめに

    ここにレッスンを Markdown で書いてください。
author-note-created = コースを作成
author-note-details = コースの情報を変更
author-note-module = モジュールを追加
author-note-lesson = レッスン「{ $title }」を追加
author-note-lesson-edited = レッスン { $title } を編集
author-note-reordered = モジュールまたはレッスンの順序を変更
author-note-restored = 第 { $number } 版を復元
author-revision = 第 { $number } 版
author-revision-when = 保存日
author-revision-who = 保存者
author-revision-what = 変更内容
author-published-revision = 公開中
author-restore = この版を復元する
author-changes = 一つ前の版からの変更
author-no-changes = 変更はありません。
course-status-draft = 下書き
course-status-in_review = 査読中
course-status-published = 公開中
course-status-archived = アーカイブ済み
course-status-changes_requested = 修正依頼中
course-status-published_edited = 公開中（未公開の編集あり）
workflow-not-allowed = このコースに対してその操作はできません。
workflow-in-review = 編集者がこのコースを査読中です。返答があるまで変更できません。
workflow-archived = このコースはアーカイブされています。変更できるのは編集者だけで、公開すると再び表示されます。
workflow-empty = 査読や公開の対象がまだありません。先にコースを保存してください。
workflow-nothing-new = 公開中の版から何も変わっていません。
workflow-not-in-review = 修正を依頼できるのは査読中のコースだけです。
workflow-not-published = このコースは公開されていません。
workflow-already-archived = このコースはすでにアーカイブされています。
review-kind-comment = コメント
review-kind-submitted = 査読を依頼
review-kind-changes_requested = 修正を依頼
review-kind-published = 公開
review-kind-unpublished = 公開取り下げ
review-kind-archived = アーカイブ

## Authoring fields
field-slug = アドレス
field-slug-hint = 小文字の英字、数字、ハイフンのみ（例：planning-lessons）。ページのアドレスの一部になります。
field-slug-invalid = 小文字の英字、数字、ハイフンのみを使ってください
field-slug-taken = このアドレスはほかのコースで使われています
field-course-title = コースのタイトル
field-lesson-title = レッスンのタイトル
field-lesson-slug = レッスン名（アドレス用）
field-lesson-slug-taken = この名前はこのコースのほかのレッスンで使われています。
field-module-title = モジュールのタイトル
field-module-slug = モジュール名（パッケージのフォルダー用）
field-title-ja = 日本語のタイトル
field-summary = 概要
field-summary-ja = 日本語の概要
field-optional = 任意。
field-title-required = タイトルを入力してください
field-summary-required = 概要を入力してください
field-hours = 目安の時間
field-hours-hint = 修了証に研修時間として記載されます（例：1.5）。
field-hours-invalid = 0より大きい時間数を入力してください（例：1.5）
field-list-hint = 複数ある場合はカンマで区切ってください。
field-authors-required = 執筆者を一人以上入力してください
field-minutes = 目安の時間（分）
field-minutes-invalid = 1から600までの整数で分数を入力してください
field-body = レッスンの本文（Markdown）
field-body-hint = 見出しは ##、箇条書きは -、表は |、ヒントは > を使います。プレビューで仕上がりを確認できます。
field-body-required = レッスンの本文を入力してください
field-body-cannot-publish = このレッスンの本文はこのままでは保存できません。本文の下のメッセージを見てください
field-reflection = ふり返りの問い
field-youtube = YouTube の動画（アドレスまたはID）
field-vimeo = Vimeo の動画（アドレスまたはID）
field-video-hint = 任意：ブラウザーから動画のアドレス（例：https://youtu.be/dQw4w9WgXcQ）を貼り付けるか、IDを入力します。プライバシー強化モードで再生されます。
field-video-id-invalid = ブラウザーから動画のアドレス（例：https://www.youtube.com/watch?v=…）を貼り付けるか、動画ID（英字、数字、- と _）を入力してください。
field-one-video = YouTube か Vimeo のどちらか一方を選んでください
field-change-note = 何を変更しましたか？

## Files
author-media = ファイル
author-media-intro = このコースの画像、動画、字幕（WebVTT）、ダウンロード資料です。画像はその Markdown をレッスンに貼り付けて使います。動画と字幕、文字起こしはレッスンの編集画面で指定します。
author-media-file = ファイル
author-media-hint = PNG、JPEG、GIF、WebP、PDF、MP4、WebM、MP3、WebVTT（.vtt）、テキスト、Markdown（.md）、オフィス文書。
author-media-upload = アップロードする
author-media-none = まだファイルはありません。
author-media-size = サイズ
author-media-use = 使い方
media-choose-file = アップロードするファイルを選んでください。
media-upload-failed = アップロードが中断されました。もう一度お試しください。
author-media-replace = 差し替える
author-media-replace-with = { $path } の新しいファイル
media-stored = { $path } を保存しました。
media-stored-renamed = ファイル「{ $from }」を { $path } として保存しました（ファイル名には小文字の英字、数字、- と _ を使います）。
media-replaced = { $path } をファイル「{ $from }」に差し替えました。
media-name-refused = 「{ $from }」はファイル名として使えません。/ や \ を含む名前、ドットで始まる名前、制御文字を含む名前は使えません。ファイル名を変えてもう一度アップロードしてください。
media-name-taken = ファイル「{ $from }」は { $path } として保存されますが、同じ名前のファイルがすでにあります。そのファイルを変更するには「差し替える」ボタンを使ってください。そうでなければファイル名を変えてください。
media-replace-missing = 差し替える { $path } というファイルはありません。名前が変わったか、削除された可能性があります。
field-video-file = 動画ファイル
field-captions = 字幕ファイル（WebVTT）
field-transcript = 文字起こしファイル
field-media-hint = 任意：このコースの「ファイル」ページにあるファイル（例：media/intro.mp4）。
field-media-missing = このコースのファイルにそのファイルはありません
author-media-review = ファイルの追加・差し替え・削除は、ほかの編集と同じくこのコースの下書きへの変更です。編集者が公開するまで、閲覧者には公開中のファイルが表示されます。
author-media-state = 状態
author-media-state-published = 公開中
author-media-state-changed = この下書きで変更
author-media-state-new = この下書きで追加
author-media-remove = 削除する
media-removed = { $path } をこの下書きから削除しました。
media-remove-missing = 削除する { $path } というファイルはありません。すでに削除された可能性があります。
media-in-use = { $path } は { $lessons } で使われているため削除できません。先にそのレッスンを変更してください。
author-note-file-added = ファイル { $path } を追加
author-note-file-replaced = ファイル { $path } を差し替え
author-note-file-removed = ファイル { $path } を削除
author-done-created = コースを作成しました。下でモジュールとレッスンを追加し、レビューに提出してください。
author-done-details = コースの詳細を保存しました。
author-done-module = モジュールを追加しました。
author-done-lesson = レッスンを追加しました。
author-done-reordered = 新しい順序を保存しました。
author-done-restored = 以前の版を最新版として復元しました。
author-done-saved = 保存しました。
author-done-submitted = レビューに提出しました。編集者に知らせました。返答があればお知らせします。
author-done-commented = メモを会話に追加しました。
author-done-changes-requested = 修正を依頼しました。著者に知らせました。
author-done-published = 公開しました。訪問者にはこの版が表示されます。
author-done-unpublished = 非公開にしました。訪問者にはコースが表示されなくなりました。
author-done-archived = アーカイブしました。訪問者にはコースが表示されなくなりました。学習者の進捗と修了証はそのまま残ります。

# Notices (notifications/) and their mails
notices-title = お知らせ
notices-none = お知らせはまだありません。レビュー依頼、修正依頼、公開など、対応が必要なことがあれば、ここ（とメール）でお知らせします。
notices-new = 新着
author-notices-unread = 新しいお知らせが{ $count }件あります。
notice-submitted = { $actor }さんがコースをレビューに提出しました
mail-notice-submitted-subject = レビュー依頼：{ $title }
mail-notice-submitted-body =
    { $name }さん

    { $actor }さんが「{ $title }」をレビューに提出しました。

    { $note }

    こちらから開けます：

    { $link }

    altto でコースを執筆・編集しているため、このメールをお送りしています。
notice-comment = { $actor }さんがメモを追加しました
mail-notice-comment-subject = 新しいメモ：{ $title }
mail-notice-comment-body =
    { $name }さん

    { $actor }さんが「{ $title }」についての会話にメモを追加しました。

    { $note }

    こちらから開けます：

    { $link }

    altto でコースを執筆・編集しているため、このメールをお送りしています。
notice-changes_requested = { $actor }さんが修正を依頼しました
mail-notice-changes_requested-subject = 修正依頼：{ $title }
mail-notice-changes_requested-body =
    { $name }さん

    { $actor }さんが「{ $title }」の修正を依頼しました。

    { $note }

    こちらから開けます：

    { $link }

    altto でコースを執筆・編集しているため、このメールをお送りしています。
notice-published = { $actor }さんがコースを公開しました
mail-notice-published-subject = 公開：{ $title }
mail-notice-published-body =
    { $name }さん

    { $actor }さんが「{ $title }」を公開しました。訪問者にはこの版が表示されます。

    { $note }

    こちらから開けます：

    { $link }

    altto でコースを執筆・編集しているため、このメールをお送りしています。
notice-unpublished = { $actor }さんがコースを非公開にしました
mail-notice-unpublished-subject = 非公開：{ $title }
mail-notice-unpublished-body =
    { $name }さん

    { $actor }さんが「{ $title }」を非公開にしました。訪問者には表示されなくなりました。

    { $note }

    こちらから開けます：

    { $link }

    altto でコースを執筆・編集しているため、このメールをお送りしています。
notice-archived = { $actor }さんがコースをアーカイブしました
mail-notice-archived-subject = アーカイブ：{ $title }
mail-notice-archived-body =
    { $name }さん

    { $actor }さんが「{ $title }」をアーカイブしました。訪問者には表示されなくなりました。学習者の進捗と修了証はそのまま残ります。

    { $note }

    こちらから開けます：

    { $link }

    altto でコースを執筆・編集しているため、このメールをお送りしています。
mail-notice-note = メモ：{ $note }
diff-module = モジュール { $number }：{ $title }
diff-lesson = レッスン { $number }：{ $title }
diff-quiz = クイズ（合格点 { $percent }%）
diff-question = 問題 { $number }（{ $kind }）：{ $prompt }
diff-download = ダウンロード
diff-files = ファイル
