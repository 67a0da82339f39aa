# Limits on posting in the forum (forms and API alike): rate limits, links for new
# members, cross-posting and mention floods.
forumapi-error-links-new = Your post: it has too many links. Until you are a trusted member you may put at most 2 links in a post; the limit lifts once your account is a few days old and a few of your posts are accepted.
forumapi-error-mentions = Your post: it mentions too many members (at most 10 in one post).
forumapi-too-fast-title = Please wait a little before posting again
forumapi-too-fast = You have posted a lot in a short time. You may post again at { $when } (in about { $minutes } min). Nothing was saved: go back to copy your text. New members may write 3 posts in 5 minutes and 20 a day; the limit rises once you are trusted.
forumapi-too-fast-api = Too many posts lately: you may post again in { $seconds } seconds.
forumapi-cross-post-title = You posted this already
forumapi-cross-post = You posted this same text in another thread in the last 24 hours. Posting it again elsewhere is not allowed; nothing was saved.
forumapi-see-earlier-post = See the thread where you posted it
forumapi-back-to-forum = Back to the forum
forumapi-your-text = Your text, to copy and post later
