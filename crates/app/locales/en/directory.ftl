# The teachers' directory (community/directory.rs)
community-directory-link = Find teachers near you in the directory of teachers across Japan
nav-directory = Directory
directory-title = Teachers across Japan
directory-intro = ALTs who chose to be listed, with what they chose to share. Find teachers near you or in the same kind of school, and say hello.
directory-how-to-join = Want to be listed? Turn it on in your profile; it is off until you do.
directory-visitor-note = You see the members whose profiles are public. Sign in to see the members who share their profile with members only.
directory-filter-label = Filter the directory
directory-any = Any
directory-level = School level
directory-filter = Show teachers
directory-members = Members
directory-none = No listed members match yet.
directory-prefectures = Prefectures
directory-members-count = ({ $count })
directory-prefecture-title = Teachers in { $prefecture }
directory-listed = List me in the teachers' directory
directory-listed-hint = Other teachers can then find you by prefecture, employer and school level. Only the profile details you fill in are shown, and only to whom your profile's visibility allows.
