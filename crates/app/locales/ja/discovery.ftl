## 発見とクレジット：ナビゲーション、著者ページ、動画一覧、フィード。

nav-library = ライブラリ
nav-news = ニュース
home-start-step-news = ニュース：altto の新着情報、イベント、ゲスト投稿。フィードリーダーでも購読できます。

authors-title = 著者
authors-lead = altto のコース・記事・投稿を書いている人たちと、それぞれがここで公開したすべての作品です。
author-affiliation = 所属
author-courses = コース
author-articles = 記事
author-posts = 投稿
author-nothing-yet = まだ公開されたものはありません。

videos-title = 動画
videos-lead = コースのレッスン、ライブラリ、ニュースにある altto のすべての動画と、その字幕・文字起こしの一覧です。
videos-caption = 動画と掲載場所、視聴を助ける字幕・文字起こし
videos-none = まだ公開された動画はありません。
videos-col-title = 動画
videos-col-place = 掲載場所
videos-col-kind = 配信元
videos-col-captions = 字幕
videos-col-transcript = 文字起こし
videos-kind-youtube = YouTube
videos-kind-vimeo = Vimeo
videos-kind-uploaded = altto（アップロード）
videos-no-captions = なし
videos-has-transcript = あり
videos-no-transcript = なし
library-category-feed = このカテゴリーをフィードリーダーで購読する（Atom）
api-page-invalid = ページは1から数え、1ページに1〜100件を指定してください。
