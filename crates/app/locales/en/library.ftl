## The library and the news: lists, articles, posts, their history.

library-title = Library
library-lead = Articles on Japan's educational goals, how ALTs are hired and trained, programmes in other countries, teaching practice and research — each with its sources.
news-title = News
news-lead = What is new on altto and for ALTs and the teachers they work with.
library-categories = Categories
library-all = All
library-tagged = Tagged “{ $tag }”.
library-none = Nothing has been published here yet.
library-minutes = { $minutes ->
    [one] 1 minute read
   *[other] { $minutes } minute read
}
library-has-video = video
library-see-all = All { $count } in this category
library-pages = Pages
library-page-of = Page { $page } of { $pages }
library-newer = ← Newer
library-older = Older →
library-tags = Tags
library-feed = Follow with a feed reader (Atom)
library-by = By
library-published = Published
library-last-reviewed = Facts last checked
library-reading-time = Reading time
library-read-original = Read the original (English)
library-read-japanese = 日本語版を読む
library-references = References
library-related = Related
library-updated = This version: { $date }.
library-history = Version history
library-history-lead = Each published version of this text, newest first, with what changed.

library-category-educational-goals = Japan's educational goals
library-category-hiring-and-training = Hiring and training
library-category-international = International comparisons
library-category-teaching-practice = Teaching practice
library-category-research = Research
news-category-announcements = Announcements
news-category-events = Events
news-category-guest-posts = Guest posts
news-category-updates = Updates

library-field-required = This is required
library-category-invalid = Choose one of the categories
library-tags-invalid = Tags are lowercase words joined by hyphens (at most 20)
library-markdown-invalid = This text is nested too deeply or too long to publish
library-references-too-many = At most 100 references
library-reference-title-required = Reference { $number }: the title is required
library-reference-authors-required = Reference { $number }: the authors are required
library-reference-year-invalid = Reference { $number }: the year is four digits
library-reference-doi-invalid = Reference { $number }: a DOI starts with 10.
library-reference-url-invalid = Reference { $number }: the address must start with https:// or http://
library-related-invalid = Related items are addresses on this site, such as /library/… or /courses/…
library-day-invalid = Write the date as YYYY-MM-DD
library-authors-invalid = Authors are named by their page's address, such as altto-editors
