## Discovery and credit: navigation, author pages, the videos page, feeds.

nav-library = Library
nav-news = News
home-start-step-news = The news: what is new on altto, events and guest posts — also as a feed for your feed reader.

authors-title = Authors
authors-lead = The people who write altto's courses, articles and posts, each with everything they have published here.
author-affiliation = Affiliation
author-courses = Courses
author-articles = Articles
author-posts = Posts
author-nothing-yet = Nothing published yet.

videos-title = Videos
videos-lead = Every video on altto, from the courses' lessons and from the library and the news, with its captions and transcript.
videos-caption = Videos, where each is shown, and what helps to follow it
videos-none = No video has been published yet.
videos-col-title = Video
videos-col-place = Where
videos-col-kind = Hosted on
videos-col-captions = Captions
videos-col-transcript = Transcript
videos-kind-youtube = YouTube
videos-kind-vimeo = Vimeo
videos-kind-uploaded = altto (uploaded)
videos-no-captions = none
videos-has-transcript = Yes
videos-no-transcript = No
library-category-feed = Follow this category with a feed reader (Atom)
api-page-invalid = The page is counted from 1, and a page holds from 1 to 100 items.
