# 日本の学校用語集：公開ページ、編集画面とそのメッセージ。

## 公開ページ
glossary-title = 日本の学校用語集
glossary-description = ALT（外国語指導助手）が出会う日本の学校用語を、読み（かな・ローマ字）、英語訳、解説とともに紹介します。
glossary-intro = 日本の学校生活と教育のことばを、読み・ローマ字・英語とともに、ALT向けに解説します。
glossary-empty = 用語はまだありません。
glossary-index-en = A–Z（英語）
glossary-index-ja = あ–ん（日本語）
glossary-by-en = 英語の用語順
glossary-by-ja = 日本語の読み順
glossary-back = 用語の一覧
glossary-japanese = 日本語
glossary-reading = 読み
glossary-romaji = ローマ字
glossary-english = 英語
glossary-explanation = 解説
glossary-related = 関連するレッスン・記事
glossary-see-also = 関連用語
nav-glossary = 用語集

## 用語の執筆
glossary-author-title = 用語集の用語
glossary-author-none = まだ用語がありません。
glossary-new = 新しい用語
glossary-public-page = 公開ページ
glossary-field-slug = アドレス
glossary-hint-slug = 半角英小文字・数字・ハイフン。通常はローマ字です（例：tannin、gakushu-shido-yoryo）。
glossary-field-ja = 日本語の用語
glossary-field-kana = 読み（かな）
glossary-hint-kana = ひらがなまたはカタカナ（例：たんにん）。
glossary-field-romaji = ローマ字
glossary-hint-romaji = ヘボン式。必要に応じて長音記号を付けます（例：kyōtō）。
glossary-field-en = 英語の用語
glossary-field-explanation = 解説（英語）
glossary-hint-markdown = レッスンと同じMarkdownで書きます。
glossary-field-explanation-ja = 解説（日本語）
glossary-field-related = 関連するレッスン・記事
glossary-hint-related = このサイト内のアドレスを1行に1つ（例：/courses/alt-essentials/lessons/who-is-who）。
glossary-field-see-also = 関連用語
glossary-hint-see-also = 関連する用語のアドレスを空白で区切って入力します（例：kyoto fukukocho）。
glossary-saved = 保存しました。編集者が公開するまで、訪問者には公開中の版が表示されます。
glossary-decided = 完了しました。
glossary-note-saved = 用語を編集
glossary-stale = 作業中に別の人がこの用語を保存しました。入力した内容はそのまま残っています。最新の版を確認してから、もう一度保存してください。
glossary-not-ready = この用語はまだ確認を通過していません。開いて修正し、先に保存してください。
glossary-submit = レビューを依頼
glossary-review = レビュー
glossary-review-note = メモ（修正依頼には必須）
glossary-publish = 公開
glossary-request-changes = 修正を依頼
glossary-unpublish = 非公開にする
glossary-archive = アーカイブ

## 用語の問題（それぞれ項目名を示します）
glossary-error-slug = アドレス：半角英小文字・数字・ハイフンを使ってください。
glossary-error-slug-taken = アドレス：このアドレスはほかの用語が使っています。
glossary-error-ja-required = 日本語の用語：用語を日本語で入力してください。
glossary-error-kana-required = 読み（かな）：用語の読みを入力してください。
glossary-error-kana-not-kana = 読み（かな）：読みはひらがなまたはカタカナで入力してください。
glossary-error-romaji-required = ローマ字：読みをローマ字で入力してください。
glossary-error-en-required = 英語の用語：英語の用語を入力してください。
glossary-error-explanation-required = 解説（英語）：用語の解説を入力してください。
glossary-error-explanation-markdown = 解説：長すぎるか入れ子が深すぎるため表示できません。
glossary-error-too-long = この項目が長すぎるか、複数行になっています。
glossary-error-related = 関連するレッスン・記事：それぞれ / で始まるこのサイト内のアドレスを1行に1つ入力してください（20件まで）。
glossary-error-see-also = 関連用語：それぞれほかの用語のアドレス（半角英小文字・数字・ハイフン）を入力してください。

## レッスン編集画面の切り替え
field-glossary-links = 用語集へのリンク
field-glossary-links-hint = レッスン内で用語集の各用語が最初に出てくる箇所を、その用語のページにリンクします。
