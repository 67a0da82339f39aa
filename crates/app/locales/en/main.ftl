## Layout
site-name = altto
site-description = Free, open training and a community for Assistant Language Teachers in Japan and the teachers they work with.
skip-to-content = Skip to main content
nav-label = Main
nav-home = Home
nav-about = About
language-label = Language
footer-licence = Training content is free to read and reuse under Creative Commons licences. altto is open-source software run by volunteers.

## Home page
home-title = Free training for Assistant Language Teachers in Japan
home-heading = Become the ALT your students need
home-lead = altto is free, open training for Assistant Language Teachers (ALTs) in Japanese public schools and the Japanese teachers they work with — written by university researchers and experienced ALTs, readable on your phone, and open to everyone without an account.
home-cta-courses = Browse the free courses
home-cta-about = Learn about altto
home-who-heading = Who it is for
home-who-alts-title = ALTs
home-who-alts-body = Whether you came through the JET Programme, a dispatch company or a board of education, and whether you had a week of training or none: practical guidance on team-teaching, lesson planning, classroom management and Japanese school life.
home-who-jtes-title = Japanese teachers and trainers
home-who-jtes-body = Japanese teachers of English, boards of education and company trainers can read everything in a Japanese interface, check an ALT's certificate, and reuse the Creative-Commons material in their own training.
home-who-authors-title = Authors and researchers
home-who-authors-body = Professors, researchers and experienced ALTs write and revise courses and articles in plain text, with review before publishing and credit on everything they write.
home-start-heading = Where to start
home-start-step-courses = Courses: self-paced training from the basics of the Japanese school year to advanced team-teaching, with progress tracking and a certificate you can show an employer.
home-start-step-library = The library: articles on Japan's educational goals and the Course of Study, hiring and training practices, international comparisons, teaching practice and research.
home-start-step-community = The community: ALTs and Japanese teachers across all 47 prefectures sharing ideas, problems and solutions.
home-open-access = Everything published here can be read without signing in. An account only adds progress tracking, certificates and posting.

## About page
about-title = About altto
about-lead = altto is a volunteer project that gives every Assistant Language Teacher in Japan free access to good training.
about-mission-heading = Our mission
about-mission-body = About 20,000 ALTs teach in Japanese public schools, and many start with a few days of training or none at all. We want every one of them — and the Japanese teachers who share their classrooms — to have free, trustworthy, practical material on how Japanese schools work, what the national curriculum asks of English teaching, and how to be an effective partner in the classroom.
about-open-heading = Open access and open content
about-open-body = Every published course, lesson and article can be read without an account, on any device, in English with a Japanese interface. The content is published under Creative Commons licences (CC BY 4.0 unless marked otherwise), so schools, boards of education and trainers may share and adapt it with credit to its authors.
about-who-heading = Who writes it
about-who-body = The material is written and reviewed by university professors, researchers and experienced ALTs. Authors draft, editors review before anything is published, and every item shows its authors, licence and revision history.
about-software-heading = The software
about-software-body = altto is open-source software designed to run on a very small server at almost no cost, so that the project never has to close for lack of hosting money. It works without JavaScript, in English and Japanese, and aims to be usable by everyone, including people using screen readers or a keyboard only.

## Error pages
error-status = Error { $status }
error-go-home = Go to the home page
error-400-title = We could not understand that request
error-400-message = The request was incomplete or malformed. Go back, check what you entered and try again.
error-nul-character = What you sent contains a NUL character (U+0000), which cannot be stored. It usually comes from copying text out of another program: remove it (retyping the text around it is enough) and try again. Nothing was saved.
error-page-cursor = This page link is damaged (perhaps it was cut short or changed when it was copied), so we cannot tell which part of the list to show. Open the list again from its first page and use its Newer and Older links.
error-403-title = You cannot do that
error-403-message = You do not have permission for this action, or the form had expired. Reload the page and try again.
error-404-title = Page not found
error-404-message = There is nothing at this address. It may have moved, or the link may be mistyped.
error-405-title = That action is not available here
error-405-message = This address does not accept that kind of request. Go back and use the page's links and buttons.
error-408-title = That took too long
error-408-message = The request took too long to complete. Please try again in a moment.
error-413-title = That is too large
error-413-message = What you sent is larger than this site accepts. Make it smaller and try again.
error-429-title = Too many requests
error-429-message = You have made too many requests in a short time. Please wait a little and try again.
error-500-title = Something went wrong on our side
error-500-message = This is not your fault. The problem has been logged; please try again in a moment.
error-503-title = The site is temporarily unavailable
error-503-message = We cannot reach the database right now. Please try again in a few minutes.
# The API's answer to a request it cannot save, listing each field's problem.
api-invalid-title = This cannot be saved as it is
api-invalid-detail = Each problem names its field; nothing was saved.
error-busy = The site is very busy right now. Please wait a few seconds and try again; nothing was changed.

## Paged lists (the page_nav macro)
pagination-label = More pages
pagination-newer = Newer
pagination-older = Older
