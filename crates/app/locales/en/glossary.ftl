# The glossary of Japanese school terms: public pages, the editor and its messages.

## Public pages
glossary-title = Glossary of Japanese school terms
glossary-description = Japanese school terms an Assistant Language Teacher meets, with their readings in kana and rōmaji, English equivalents and explanations.
glossary-intro = The words of Japanese school life and education, in Japanese with their reading, rōmaji and English, explained for Assistant Language Teachers.
glossary-empty = There are no terms yet.
glossary-index-en = A–Z (English)
glossary-index-ja = あ–ん (Japanese)
glossary-by-en = By English term
glossary-by-ja = By Japanese reading
glossary-back = All terms
glossary-japanese = Japanese
glossary-reading = Reading
glossary-romaji = Rōmaji
glossary-english = English
glossary-explanation = Explanation
glossary-related = Lessons and articles
glossary-see-also = See also
nav-glossary = Glossary

## Writing terms
glossary-author-title = Glossary terms
glossary-author-none = You have no terms yet.
glossary-new = New term
glossary-public-page = Public page
glossary-field-slug = Address
glossary-hint-slug = Lowercase letters, digits and hyphens, usually the rōmaji: tannin, gakushu-shido-yoryo.
glossary-field-ja = Japanese term
glossary-field-kana = Reading in kana
glossary-hint-kana = Hiragana or katakana, e.g. たんにん.
glossary-field-romaji = Rōmaji
glossary-hint-romaji = Hepburn, with macrons where they belong, e.g. kyōtō.
glossary-field-en = English term
glossary-field-explanation = Explanation (English)
glossary-hint-markdown = Markdown, as in lessons.
glossary-field-explanation-ja = Explanation (Japanese)
glossary-field-related = Related lessons and articles
glossary-hint-related = One address on this site per line, e.g. /courses/alt-essentials/lessons/who-is-who.
glossary-field-see-also = See also
glossary-hint-see-also = The addresses of related terms, separated by spaces, e.g. kyoto fukukocho.
glossary-saved = Saved. Visitors see the published version until an editor publishes this one.
glossary-decided = Done.
glossary-note-saved = Term edited
glossary-stale = Someone else saved this term while you were working. What you typed is still here: look at the latest version, then save again.
glossary-not-ready = This term does not pass the checks yet: open it, correct it and save it first.
glossary-submit = Submit for review
glossary-review = Review
glossary-review-note = Note (needed to request changes)
glossary-publish = Publish
glossary-request-changes = Request changes
glossary-unpublish = Unpublish
glossary-archive = Archive

## Problems with a term (each names its field)
glossary-error-slug = Address: use lowercase letters, digits and hyphens.
glossary-error-slug-taken = Address: another term already has this address.
glossary-error-ja-required = Japanese term: write the term in Japanese.
glossary-error-kana-required = Reading in kana: write how the term is read.
glossary-error-kana-not-kana = Reading in kana: write the reading in hiragana or katakana.
glossary-error-romaji-required = Rōmaji: write the reading in rōmaji.
glossary-error-en-required = English term: write the English term.
glossary-error-explanation-required = Explanation (English): explain the term.
glossary-error-explanation-markdown = Explanation: this text is too long or nested too deeply to be shown.
glossary-error-too-long = This field is too long or has more than one line.
glossary-error-related = Related lessons and articles: each must be an address on this site starting with /, one per line (at most 20).
glossary-error-see-also = See also: each must be another term's address (lowercase letters, digits and hyphens).

## The lesson editor's switch
field-glossary-links = Link glossary terms
field-glossary-links-hint = The first use of each term of the glossary in the lesson links to its page.
