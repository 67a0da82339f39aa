## ライブラリ記事とニュース投稿のブラウザでの執筆、クレジットされる人物。

library-writing-title = 記事と投稿
library-writing-link = 記事と投稿
library-writing-intro = ライブラリの記事とニュースの投稿をここで書きます。保存するたびにリビジョンとして残り、編集者が公開するまで訪問者には表示されません。
library-writing-new-article = 新しい記事
library-writing-new-post = 新しい投稿
library-writing-none = まだ何も書かれていません。
library-writing-text = タイトル
library-writing-shelf = 掲載先
library-writing-scheduled = { $time }に公開予定
library-writing-create = 作成して書き始める
library-writing-back = 編集画面に戻る
library-writing-field-title = タイトル
library-writing-field-slug = アドレス
library-writing-field-slug-hint = アドレスの最後の部分（例：team-teaching-research）。半角英小文字・数字・ハイフンのみ。後から変更できません。
library-writing-field-category = カテゴリー
library-writing-slug-taken = このアドレスは別の文章がすでに使っています
library-writing-note-created = 作成
library-writing-note-edited = 編集
library-writing-licence-invalid = ライセンスを選んでください
library-writing-preview = 訪問者に見える形で確認：
library-writing-field-summary = 概要
library-writing-field-summary-hint = 1〜2文。一覧、フィード、検索結果、リンクのプレビューに表示されます。
library-writing-field-summary-ja = 日本語の概要
library-writing-field-language = 本文の言語
library-writing-field-tags = タグ
library-writing-field-tags-hint = 任意。ハイフンでつないだ半角英小文字の語をカンマで区切ります（例：team-teaching, lesson-planning）。
library-writing-field-body = 本文
library-writing-field-body-hint = Markdown：見出しは ##、リストは -、表は |、ヒントは > 。保存後、上のプレビューのリンクで確認できます。
library-writing-field-body-ja = 日本語版
library-writing-field-body-ja-hint = 任意。本文全体の日本語版。日本語でサイトを使う読者に表示されます。
library-writing-reference-n = 参考文献 { $number }
library-writing-remove-reference = 参考文献 { $number } を削除
library-writing-add-reference = 参考文献を追加
library-writing-ref-authors = 著者（引用の形で。例：Tajino, A. & Tajino, Y.）
library-writing-ref-year = 年
library-writing-ref-title = タイトル
library-writing-ref-venue = 掲載先（学術誌、出版社、ウェブサイト）
library-writing-ref-doi = DOI（例：10.1093/elt/54.1.3）
library-writing-ref-url = アドレス（DOI がない場合）
library-writing-field-related = 関連するレッスン・記事・投稿
library-writing-field-related-hint = 任意。このサイトのアドレスを1行に1つ（例：/library/team-teaching-research）。
library-writing-field-last-reviewed = 事実の最終確認日
library-writing-field-last-reviewed-hint = 任意。内容の事実を最後に確認した日。
library-writing-field-authors = 著者
library-writing-field-glossary-links = 用語集の語の初出を用語集の項目にリンクする
library-writing-read-only = この文章は閲覧できますが、今は変更できません（レビュー待ちか、著者ではないため）。
library-writing-stale = 作業中に他の人がこの文章を保存しました。あなたの文章はフォームに残っています。もう一度保存すると、あなたの版が上に重ねて保存されます。
library-writing-not-ready = まだ提出・公開できません：
library-writing-publish-at = 公開日時（投稿）
library-writing-publish-at-hint = 空欄なら今すぐ公開します。未来の日時を指定するとその時刻に公開され、過去の日時なら今すぐ公開されます。
library-writing-publish-at-time = 日付と時刻
library-writing-publish-zone = タイムゾーン
library-writing-zone-jst = 日本時間（JST）
library-writing-zone-utc = UTC
library-writing-publish-at-invalid = 日付と時刻は例のように書いてください（例：2026-12-24T09:00）
library-writing-unpublish = 公開を取り下げる
library-writing-archive = アーカイブする
library-writing-done-created = 作成しました。下で本文を書いて保存し、レビューに提出してください。
library-writing-done-published = 公開しました。訪問者にこの版が表示されます。
library-writing-done-scheduled = 公開を予約しました。指定した時刻から訪問者に表示されます。
library-writing-done-unpublished = 公開を取り下げました。訪問者には表示されません。
library-writing-done-archived = アーカイブしました。訪問者には表示されません。

library-people-title = 人物
library-people-intro = 記事や投稿にクレジットされる人物。それぞれ公開ページがあります。
library-people-new = 人物を追加
library-people-name = 名前
library-people-page = ページ
library-people-saved = 保存しました。
library-people-field-slug = ページのアドレス
library-people-field-slug-hint = ページは /authors/ の後にこれが続きます。半角英小文字・数字・ハイフンのみ。
library-people-name-ja = 日本語の名前
library-people-affiliation = 所属
library-people-affiliation-ja = 日本語の所属
library-people-bio = 経歴
library-people-bio-ja = 日本語の経歴
library-people-orcid = ORCID iD
library-people-orcid-hint = 任意（例：0000-0002-1825-0097）。
library-people-email = 会員アカウントのメールアドレス
library-people-email-hint = 任意：このページを会員アカウントと結びつけます。
library-people-slug-taken = このアドレスはすでに使われています
library-people-name-required = 名前を入力してください
library-people-orcid-invalid = ORCID iD ではありません：4桁の数字を4組（最後は X でも可）、チェックディジットが一致するもの
library-people-email-unknown = このメールアドレスの会員はいません
library-writing-language-invalid = 言語は en か ja です

# 記事と投稿についてのお知らせとメール
notice-writing_submitted = { $actor }さんが記事または投稿をレビューに提出しました
mail-notice-writing_submitted-subject = レビュー依頼：{ $title }
mail-notice-writing_submitted-body =
    { $name }さん

    { $actor }さんが「{ $title }」をレビューに提出しました。

    { $note }

    こちらから開けます：

    { $link }

    altto で記事や投稿を執筆・編集しているため、このメールをお送りしています。
notice-writing_comment = { $actor }さんがメモを追加しました
mail-notice-writing_comment-subject = 新しいメモ：{ $title }
mail-notice-writing_comment-body =
    { $name }さん

    { $actor }さんが「{ $title }」についての会話にメモを追加しました。

    { $note }

    こちらから開けます：

    { $link }

    altto で記事や投稿を執筆・編集しているため、このメールをお送りしています。
notice-writing_changes_requested = { $actor }さんが修正を依頼しました
mail-notice-writing_changes_requested-subject = 修正依頼：{ $title }
mail-notice-writing_changes_requested-body =
    { $name }さん

    { $actor }さんが「{ $title }」の修正を依頼しました。

    { $note }

    こちらから開けます：

    { $link }

    altto で記事や投稿を執筆・編集しているため、このメールをお送りしています。
notice-writing_published = { $actor }さんが記事または投稿を公開しました
mail-notice-writing_published-subject = 公開：{ $title }
mail-notice-writing_published-body =
    { $name }さん

    { $actor }さんが「{ $title }」を公開しました。公開日時から訪問者にこの版が表示されます。

    { $note }

    こちらから開けます：

    { $link }

    altto で記事や投稿を執筆・編集しているため、このメールをお送りしています。
notice-writing_unpublished = { $actor }さんが記事または投稿の公開を取り下げました
mail-notice-writing_unpublished-subject = 公開取り下げ：{ $title }
mail-notice-writing_unpublished-body =
    { $name }さん

    { $actor }さんが「{ $title }」の公開を取り下げました。訪問者には表示されません。

    { $note }

    こちらから開けます：

    { $link }

    altto で記事や投稿を執筆・編集しているため、このメールをお送りしています。
notice-writing_archived = { $actor }さんが記事または投稿をアーカイブしました
mail-notice-writing_archived-subject = アーカイブ：{ $title }
mail-notice-writing_archived-body =
    { $name }さん

    { $actor }さんが「{ $title }」をアーカイブしました。訪問者には表示されません。

    { $note }

    こちらから開けます：

    { $link }

    altto で記事や投稿を執筆・編集しているため、このメールをお送りしています。
library-writing-publish-at-public = この投稿はいま公開中のため、編集はすぐに公開されます。後の日時に公開するには、まず公開を取り下げてください。
library-writing-view-public = 公開中のページを見る
