# Search: the header's box, the results page and the OpenSearch description.

search-title = Search
search-title-for = Search: { $query }
search-label = Search the site
search-placeholder = Search
search-button = Search
search-hint = English or Japanese: words, a phrase, a glossary term in kana or rōmaji.
search-filters = Narrow the results
search-filter-kind = Kind
search-filter-level = Course level
search-filter-category = Category
search-filter-school = School level
search-filter-date = Date
search-any = Any
search-any-time = Any time
search-date-week = Past week
search-date-month = Past month
search-date-year = Past year
search-cut = Your search was long: only its first 200 characters were used.
search-not-ready = The search index is being built (this happens once, after an update or a restore). Please try again in a few seconds.
search-count = { $count ->
    [one] 1 result
   *[other] { $count } results
}
search-did-you-mean = Did you mean:
search-none = Nothing matched your search.
search-tip-fewer-words = Try fewer or shorter words, or remove a filter.
search-tip-other-language = Try the other language: Japanese terms in kanji or kana, English words in full.
search-tip-glossary = Browse the glossary of Japanese school terms
search-pages = Pages of results
search-previous = Previous
search-next = Next
search-page-of = Page { $page } of { $pages }
search-kind-lesson = Lesson
search-kind-course = Course
search-kind-article = Library article
search-kind-news = News
search-kind-term = Glossary term
search-kind-thread = Forum thread
search-kind-post = Forum reply
search-kind-newsletter = Newsletter
search-kind-member = Teacher
search-opensearch-description = Search altto's courses, library, glossary and community, in English and Japanese.
