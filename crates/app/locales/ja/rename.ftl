## コース・モジュール・レッスン・ファイルの名前の変更、移動、削除
manage-link = 名前の変更・移動・削除
manage-course-link = コースのアドレスの変更・コースの削除
manage-file-link = 名前の変更・削除
manage-title = 「{ $name }」の変更
manage-back = コースに戻る
manage-rename = 名前の変更
manage-rename-button = 新しい名前を保存する
manage-course-slug-hint = 半角の英小文字・数字・ハイフンが使えます。古いアドレスも引き続き使え、新しいアドレスに自動で移動します。
manage-course-redirect = 編集者がこの変更を公開するまで、学習者は古いアドレスを使います。公開後は、古いアドレスから新しいアドレスに自動で移動します。
manage-course-pending = 公開後の新しいアドレス: { $slug }
manage-lesson-slug-hint = 半角の英小文字・数字・ハイフンが使えます。変更が公開されると、古いアドレスから新しいアドレスに自動で移動し、学習者の進捗もそのまま引き継がれます。
manage-file-name = ファイル名
manage-file-name-hint = 拡張子（.png や .pdf など）は変えないでください。このファイルを使っているレッスンも同時に新しい名前に書き換えられるので、表示が崩れることはありません。
manage-move = 移動
manage-move-module = モジュール
manage-move-place = 並び順
manage-move-place-hint = 現在は { $places } 件中 { $place } 番目です。1 がいちばん上です。
manage-move-button = 移動する
manage-delete = 削除
manage-delete-link = 「{ $name }」を削除する…
rename-file-invalid = 半角の英数字・ハイフン・ピリオドだけを使い、拡張子を付けてください（例: board-photo.png）。
rename-file-same-type = 拡張子は今のままにしてください（名前を変えても同じ種類のファイルです）。
rename-file-taken = このコースには同じ名前のファイルがすでにあります。
rename-move-invalid = その位置には移動できません。モジュールには少なくとも 1 つのレッスンが必要です。
rename-note-course = コースのアドレスを { $from } から { $to } に変更
rename-note-module = モジュール「{ $from }」を「{ $to }」に名前変更
rename-note-lesson = レッスン { $from } を { $to } に名前変更
rename-note-file = ファイル { $from } を { $to } に名前変更
rename-note-moved = 「{ $title }」を移動
delete-title = 「{ $name }」を削除しますか？
delete-item-button = 「{ $name }」を削除する
delete-cancel = 削除せずに戻る
delete-module-lessons = このモジュールのレッスンも一緒に削除されます: { $lessons }
delete-completed = { $count ->
    [0] まだ修了した学習者はいません。
   *[other] { $count } 人の学習者が修了しています。進捗と修了証はそのまま残ります。
}
delete-certified = { $count ->
   *[other] このコースの修了証を持っている学習者が { $count } 人います。発行済みの修了証が取り消されることはありません。
}
delete-until-published = 編集者がこの変更を公開するまで、学習者には引き続き表示されます。以前の版は改訂履歴から復元できます。
delete-file-unused = このファイルを使っているレッスンはありません。
delete-course-for-good = このコースは一度も公開されていません。削除すると、コースとそのすべての版・ファイルが完全に消え、元に戻すことはできません。
delete-course-published = 公開したことのあるコースは削除できません。学習者の進捗や修了証がこのコースに結び付いているためです。一般への公開をやめるには、コースのページの「アーカイブ」を使ってください。学習者の進捗と修了証は残ります。
delete-last-module = コースに残っている唯一のモジュールです。コースには少なくとも 1 つのモジュールが必要なので、先に別のモジュールを追加してください。
delete-last-lesson = コースに残っている唯一のレッスンです。コースには少なくとも 1 つのレッスンが必要なので、先に別のレッスンを追加してください。
delete-last-lesson-of-module = モジュール「{ $module }」の唯一のレッスンです。モジュールごと削除するか、先にこのモジュールに別のレッスンを追加してください。
delete-note-module = モジュール「{ $title }」を削除
delete-note-lesson = レッスン「{ $title }」を削除
delete-note-file = ファイル { $title } を削除
author-done-renamed = 新しい名前を保存しました。編集者がこの版を公開すると、学習者にも反映されます。
author-done-moved = 移動を保存しました。
author-done-deleted = 削除しました。学習者の進捗と修了証は残ります。
author-done-course-deleted = コースを削除しました。
diff-address = アドレス
diff-renamed-course = コースのアドレスを { $from } から { $to } に変更
diff-renamed-module = モジュール「{ $from }」を「{ $to }」に名前変更
diff-deleted-module = モジュール「{ $title }」を削除
diff-renamed-lesson = レッスン「{ $title }」のアドレスを { $from } から { $to } に変更
diff-moved-lesson = レッスン「{ $title }」をモジュール「{ $module }」に移動
diff-deleted-lesson = レッスン「{ $title }」を削除
diff-renamed-file = ファイル { $from } を { $to } に名前変更
diff-deleted-file = ファイル { $path } を削除
