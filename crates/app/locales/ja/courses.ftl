## Navigation
nav-courses = コース
nav-learning = 学習の記録
breadcrumb-label = 現在の位置

## Catalogue and course pages
courses-title = コース
courses-intro = ALTのための、自分のペースで学べる研修です。無料で、誰でも利用できます。ログインすると進捗が記録され、修了証を受け取れます。
courses-filter = コースの絞り込み
courses-filter-button = コースを表示する
courses-any = すべて
courses-none = 条件に合うコースはありません。
course-level = レベル
course-topic = トピック
course-hours = 研修時間
course-lesson-time = レッスンの時間
course-lesson-time-value = { $hours ->
    [0] { $minutes }分
   *[other] { $hours }時間{ $minutes }分
}
course-hours-value = { $hours } 時間
course-lessons = レッスン数
course-authors = 執筆者
course-licence = ライセンス
course-syllabus = 内容
course-start = コースを始める
course-continue = 続きから学ぶ
course-percent-done = { $percent }% 完了
course-completed = このコースを修了しました。
course-view-certificate = 修了証を見る
course-certified = このコースの修了証を取得済みです。
course-read-again = コースをもう一度読む
course-visitor-note = すべて無料で読めます。アカウントがない場合、進捗はこの端末にのみ保存されます。アカウントを作ると、進捗を残して修了証を受け取れます。
level-course-foundation = 基礎
level-course-intermediate = 中級
level-course-advanced = 上級

## Lessons
lesson-position = レッスン { $position }
lesson-minutes = { $minutes } 分
lesson-has-quiz = 確認テストあり
lesson-state-not-started = 未着手
lesson-state-in-progress = 学習中
lesson-state-done = 完了
lesson-video = 動画
lesson-progress = 進捗
lesson-mark-complete = このレッスンを完了にする
lesson-done-notice = このレッスンは完了しています。
lesson-complete-needs-quiz = このレッスンは、確認クイズに合格すると完了になります（合格点：{ $percent }%）。何も変更されていません。
lesson-complete-needs-pass = このレッスンは、確認クイズに合格すると完了になります。何も変更されていません。
lesson-go-to-quiz = クイズへ移動
lesson-next = 次のレッスン：{ $title }
lesson-back-to-course = コースに戻る
device-lesson-done = レッスンを完了しました。この端末にのみ保存されています。残すにはアカウントを作成してください。
device-course-done = このコースのすべてのレッスンを終えました。修了証を受け取るには、アカウントを作成するかログインしてください。この端末に保存された進捗は引き継がれます。
lesson-visitor-note = アカウントがない場合、進捗はこの端末（Cookie）にのみ保存されます。進捗を残して修了証を受け取るには：
lesson-nav-label = 前後のレッスン
lesson-credit = 執筆：{ $authors }。ライセンス：

## Quizzes
quiz-heading = 理解度の確認
quiz-pass-mark = 合格点：{ $percent }%
quiz-best = これまでの最高点：{ $score }%
quiz-choose-all = 当てはまるものをすべて選んでください。
quiz-true = 正しい
quiz-false = 誤り
quiz-your-answer = あなたの答え
quiz-submit = 答え合わせをする
quiz-score = 得点は { $score }% です。
quiz-passed = 合格です。よくできました！
quiz-not-passed = まだ合格ではありません。解説を読んで、何度でも挑戦してください。
quiz-right = 正解
quiz-wrong = 不正解
quiz-visitor-note = この端末にのみ保存されました。残すにはアカウントを作成してください：
quiz-changed = このページを開いた後に確認テストが変更されました。最新の問題にもう一度答えてください。
quiz-not-this-quiz = その答えはこの確認テストのものではありません。下の問題に答えてください。
quiz-unanswered = まだどの問題にも答えていません。少なくとも1問に答えてから、答え合わせをしてください。
quiz-partly = 一部正解
quiz-choice-picked-right = 「{ $choice }」を選びました：正解です。
quiz-choice-picked-wrong = 「{ $choice }」を選びました：正しくありません。
quiz-choice-missed = 「{ $choice }」は正解ですが、選ばれていません。
quiz-ordering-hint = 各項目に順番を付けてください（最初が1）。
quiz-choose-position = 順番…
quiz-matching-hint = 各項目に合うものを選んでください。
quiz-matching-extra = どれにも合わない選択肢もあります。
quiz-choose-partner = 選択…
quiz-cloze-hint = 空欄を埋めてください。
quiz-blank-label = 空欄 { $number }（全 { $total } か所）
quiz-blank-right = 正解
quiz-blank-wrong = 不正解
quiz-parts-ordering = { $total } 項目中 { $right } 項目が正しい位置にあります。
quiz-parts-matching = { $total } 組中 { $right } 組が正解です。
quiz-parts-cloze = { $total } か所中 { $right } か所が正解です。

## Reflection
reflection-heading = ふり返り
reflection-label = 自分だけのメモ（ほかの人には見えません）
reflection-save = メモを保存する
reflection-visitor = ログインすると、考えたことを自分だけのメモとして残せます。

## My learning
learning-title = 学習の記録
learning-courses = コース
learning-none = まだコースを始めていません。
learning-best = 最高点 { $score }%
learning-merged = この端末に保存されていた進捗をアカウントに移しました。
learning-device-intro = ログインしていません。これはこの端末（Cookie）に保存された進捗です。アカウントを作成するかログインすると、進捗はアカウントに移されて確実に残り、修了証の取得やメモの保存もできるようになります。
learning-device-none = この端末にはまだ何も保存されていません。
learning-device-complete = すべてのレッスンを終えました。修了証を受け取るには、アカウントを作成するかログインしてください。
learning-last-activity = 最終学習日：{ $date }
learning-certificates = 修了証
learning-no-certificates = コースを修了すると修了証を受け取れます。
learning-notes = ふり返りメモ
learning-no-notes = ふり返りのメモはここに表示されます。

## Certificates
certificate-kicker = 修了証
certificate-completed = 次のコースを修了しました
certificate-hours = 研修時間
certificate-date = 発行日
certificate-issuer = 発行者
certificate-id = 修了証番号
certificate-verified = この修了証は本物です。このサイトが発行し、改ざんされていません。
certificate-not-verified = この修了証の署名を確認できませんでした。
certificate-download = 署名付きの修了証をダウンロードする（Open Badges 3.0）
certificate-how-to-check = ダウンロードしたファイルは、このサイトの公開鍵で誰でも確認できます：
certificate-congratulations = おめでとうございます！コースを修了し、修了証を受け取りました。

## Media
lesson-transcript = 文字起こし
lesson-download-video = 動画をダウンロードする
lesson-resources = ダウンロード資料
media-type-not-allowed = この種類のファイルは追加できません。使用できるのは PNG、JPEG、GIF、WebP、PDF、MP4、WebM、MP3、WebVTT 字幕、テキスト、オフィス文書です。
media-too-large = ファイルがアップロードの上限を超えています。
media-content-mismatch = ファイルの内容が名前と一致しません（例：字幕は WEBVTT で始まる WebVTT ファイルである必要があります）。

certificate-qr-label = この修了証のアドレスのQRコード
certificate-check-at = この修了証は次のアドレスで確認できます：
certificate-check-by-number = または修了証番号を次のページで入力してください：
certificate-find-title = 修了証の確認
certificate-find-intro = 修了証に印刷された修了証番号を入力する（またはアドレスを貼り付ける）と、本物かどうかを確認できます。
certificate-find-none = この番号の修了証はありません。印刷された番号を確認して、もう一度お試しください。
certificate-find-button = 確認する
