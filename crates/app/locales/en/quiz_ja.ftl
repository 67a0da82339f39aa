# The quiz editor's fields for the Japanese version of a quiz's texts.
quiz-ja-prompt = Question in Japanese (optional)
quiz-ja-option = Option { $number } in Japanese (optional)
quiz-ja-option-feedback = Feedback on option { $number } in Japanese (optional)
quiz-ja-feedback-correct = Feedback for a right answer in Japanese (optional)
quiz-ja-feedback-incorrect = Feedback for a wrong answer in Japanese (optional)
