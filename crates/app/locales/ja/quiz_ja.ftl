# The quiz editor's fields for the Japanese version of a quiz's texts.
quiz-ja-prompt = 問題文の日本語版（任意）
quiz-ja-option = 選択肢 { $number } の日本語版（任意）
quiz-ja-option-feedback = 選択肢 { $number } へのフィードバックの日本語版（任意）
quiz-ja-feedback-correct = 正解のときのフィードバックの日本語版（任意）
quiz-ja-feedback-incorrect = 不正解のときのフィードバックの日本語版（任意）
