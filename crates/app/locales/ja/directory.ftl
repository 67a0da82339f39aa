# 教師ディレクトリ（community/directory.rs）
community-directory-link = 全国の先生たちのディレクトリで、近くの先生を探す
nav-directory = ディレクトリ
directory-title = 全国の先生たち
directory-intro = 掲載を希望したALTと、本人が公開を選んだ情報です。近くの先生や同じ校種の先生を探して、声をかけてみましょう。
directory-how-to-join = 掲載を希望しますか？プロフィールで設定できます（設定するまでは掲載されません）。
directory-visitor-note = 表示されているのは、プロフィールを全体に公開しているメンバーだけです。ログインすると、メンバー限定で公開しているメンバーも表示されます。
directory-filter-label = ディレクトリを絞り込む
directory-any = 指定なし
directory-level = 校種
directory-filter = 先生を表示
directory-members = メンバー
directory-none = 条件に合う掲載メンバーはまだいません。
directory-prefectures = 都道府県
directory-members-count = （{ $count }人）
directory-prefecture-title = { $prefecture }の先生たち
directory-listed = 教師ディレクトリに掲載する
directory-listed-hint = 都道府県・雇用形態・校種からほかの先生があなたを見つけられるようになります。表示されるのは入力済みのプロフィール項目だけで、プロフィールの公開範囲内の人にだけ表示されます。
