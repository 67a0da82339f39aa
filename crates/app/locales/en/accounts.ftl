## Navigation
nav-account-label = Account
nav-account = My account
nav-admin = Admin
nav-sign-in = Sign in
nav-sign-up = Create an account
nav-sign-out = Sign out

## Forms
form-has-errors = There is a problem
form-save = Save
field-email = E-mail address
field-new-email = New e-mail address
field-display-name = Display name
field-display-name-hint = The name other members see. You can change it later.
field-password = Password
field-password-hint = At least 10 characters. A few unrelated words make a strong, memorable password.
field-current-password = Current password
field-new-password = New password
field-bio = About you
field-bio-hint = A few sentences: where you teach, what you are working on. Up to 1,000 characters.
field-prefecture = Prefecture
field-employer-type = Employer
field-school-levels = School levels you teach
field-years-in-japan = Years teaching in Japan
field-years-hint = A whole number, for example 2.
field-interests = Interests
field-interests-hint = For example: elementary phonics, team-teaching, special needs. Up to 500 characters.
field-visibility = Who can see your profile
field-not-given = Not given
field-email-invalid = Enter an e-mail address like name@example.com
field-email-same = This is already your e-mail address
field-name-required = Enter a display name
field-name-too-long = Display names are at most 60 characters, without line breaks
field-password-too-short = Passwords must be at least 10 characters long
field-password-too-long = Passwords can be at most 256 characters long
field-password-weak = This password is too easy to guess. Avoid common words, patterns and your own name; try a few unrelated words
field-current-password-wrong = Your current password is not correct
field-too-long = This is too long
field-choose-from-list = Choose one of the options
field-years-invalid = Enter a whole number of years from 0 to 60
field-delete-confirm = Tick the box to confirm that you want to delete your account
field-token-name = Give the token a name of up to 60 characters

## Roles and statuses
role-member = Member
role-author = Author
role-editor = Editor
role-moderator = Moderator
role-admin = Admin
status-active = Active
status-suspended = Suspended
status-deleted = Deleted
deleted-member = Deleted member
employer-jet = JET Programme
employer-dispatch = Dispatch company
employer-direct = Direct hire by a board of education
employer-private = Private school
employer-other = Other
level-elementary = Elementary school
level-junior_high = Junior high school
level-senior_high = Senior high school
level-special_needs = Special needs school
visibility-public = Everyone, including visitors without an account
visibility-members = Signed-in members only
visibility-hidden = Only me

## Sign-up and verification
signup-title = Create an account
signup-intro = Everything on altto can be read without an account. With one, your progress is kept, you earn certificates and you can take part in the community.
signup-button = Create account
signup-leave-empty = Leave this empty
signup-have-account = Already have an account?
signup-sent-title = Check your e-mail
signup-sent-message = We have sent a message to the address you gave. Open the link in it to finish creating your account. If nothing arrives within a few minutes, check your spam folder.
verify-title = Confirm your e-mail address
verify-message = Press the button to confirm this address and finish creating your account.
verify-button = Confirm my address
link-invalid-title = This link does not work
link-invalid-message = The link has expired or has already been used. Sign in to have a new one sent, or ask for a new password reset.

## Sign-in
login-title = Sign in
login-button = Sign in
login-forgot = Forgot your password?
login-no-account = New to altto?
login-failed = The e-mail address or password is incorrect
login-suspended = This account has been suspended. Contact the site's administrators if you think this is a mistake.
login-unverified = Please confirm your e-mail address first. We have sent you a new link.
notice-verified = Your e-mail address is confirmed. You can sign in now.
notice-password-reset = Your password has been changed. Sign in with your new password.
notice-signed-out-everywhere = You have been signed out on every device.
notice-password-changed = Your password has been changed and your other sessions have been signed out.

## Password reset
forgot-title = Reset your password
forgot-intro = Enter the e-mail address of your account and we will send you a link to choose a new password.
forgot-button = Send the link
forgot-sent-title = Check your e-mail
forgot-sent-message = If an account uses that address, we have sent it a link to choose a new password. The link works for one hour.
reset-title = Choose a new password
reset-button = Save the new password

## Your account
account-title = My account
account-roles = Roles
account-manage = Settings
account-edit-profile = Edit your profile
account-change-password = Change your password
account-change-email = Change your e-mail address
account-tokens = API tokens
account-download = Download your data (JSON)
account-delete = Delete your account
account-sessions = Where you are signed in
account-session-browser = Browser
account-session-last-seen = Last used
account-session-this = this browser
account-sign-out-everywhere = Sign out everywhere
profile-edit-title = Edit your profile
profile-since = Member since
notice-profile-saved = Your profile has been saved.
notice-email-change-sent = We have sent a confirmation link to the new address. Your address changes when you open it.
notice-email-changed = Your e-mail address has been changed.
email-current = Your current address is { $email }.
email-intro = We will send a link to the new address; your address changes only when you open it.
email-button = Send the confirmation link
email-confirm-title = Confirm your new e-mail address
email-confirm-message = Press the button to move your account to this address.
email-confirm-button = Use this address
email-taken-title = That address is not available
email-taken-message = Another account started using this address in the meantime. Your address has not changed.
tokens-intro = Tokens let other programs use the altto API as you. Treat them like passwords: anyone with a token can act as you through the API. Revoke a token you no longer use.
tokens-created = Here is your new token. Copy it now: it will not be shown again.
tokens-none = You have no API tokens.
tokens-name = Name
tokens-name-hint = What the token is for, for example "my phone app".
tokens-prefix = Starts with
tokens-created-at = Created
tokens-last-used = Last used
tokens-revoke = Revoke
tokens-new = Create a token
tokens-create = Create token
tokens-scopes = What it may do
tokens-scopes-hint = A token works only with the API (addresses under /api/), never on the site's pages, and can never make other tokens or change your password, e-mail or account.
tokens-scope-read = read
tokens-scope-write = write
tokens-scope-admin = admin
tokens-scope-read-long = Read: your progress, certificates and account details
tokens-scope-write-long = Write: record progress and quiz attempts
tokens-scope-admin-long = Admin: administer the site through the API (only if you need it)
tokens-lifetime = Expires after
tokens-days = { $days } days
tokens-no-expiry = Never
tokens-expires = Expires
tokens-expired = Expired
tokens-never-used = Never
field-token-scopes = Choose what the token may do
field-token-admin-scope = Only admins can give a token the admin scope
delete-intro = Deleting your account removes your e-mail address, password, name and profile from altto, and signs you out everywhere. This cannot be undone. You may want to download your data first.
delete-confirm = I understand that my account will be deleted for good
delete-button = Delete my account
delete-posts-legend = Your posts in the community forum
delete-posts-keep = Keep them, shown as written by "a former member" (your name is removed)
delete-posts-remove = Remove them too (a thread others have answered keeps its title; its opening text is removed)
deleted-title = Your account has been deleted
deleted-message = Your personal data has been removed from altto. Thank you for learning with us.

## Administration
admin-users-title = Accounts
admin-search-label = Search by name or e-mail address
admin-search-button = Search
admin-users-count = { $count } accounts found
admin-status = Status
admin-back-to-users = Back to the accounts
admin-unverified = not confirmed
admin-roles-heading = Roles
admin-level = Level
admin-roles-saved = The roles have been saved. The member's sessions have ended, so the change applies at once.
admin-access-heading = Access
admin-suspend = Suspend this account
admin-reinstate = Reinstate this account
admin-suspended = The account has been suspended and signed out everywhere.
admin-reinstated = The account has been reinstated.
admin-cannot-change = You cannot change your own roles or suspend yourself. Ask another admin.
admin-audit-title = Audit log
admin-audit-empty = Nothing has been recorded yet.
admin-audit-when = When (UTC)
admin-audit-what = What
admin-audit-who = By
admin-audit-whom = Account
admin-audit-detail = Details
admin-audit-ip = Address
admin-mail-title = Mail
admin-mail-pending = Messages waiting to be sent: { $count }
admin-mail-requeued = The message is back in the queue and will be sent in a moment.
admin-mail-failed-title = Messages that could not be sent
admin-mail-failed-intro = A message is given up on after 10 failed attempts over about 17 hours (the mail server refused it or could not be reached). Check the error and the mail settings, then send it again. Links in old messages may have expired: members can ask for a new one.
admin-mail-failed-none = None: every message was sent.
admin-mail-to = To
admin-mail-subject = Subject
admin-mail-attempts = Attempts
admin-mail-error = Last error
admin-mail-given-up = Given up on
admin-mail-retry = Send again
audit-sign_in_failed = Failed sign-in
audit-signed_in = Signed in
audit-password_reset = Password reset
audit-password_changed = Password changed
audit-email_changed = E-mail address changed
audit-signed_out_everywhere = Signed out everywhere
audit-api_token_created = API token created
audit-api_token_revoked = API token revoked
audit-account_deleted = Account deleted
audit-roles_changed = Roles changed
audit-site_settings_changed = Site settings changed
audit-suspended = Suspended
audit-reinstated = Reinstated
audit-created_by_cli = Created from the command line

## Errors specific to accounts
error-401-title = Please sign in
error-401-message = This needs a valid API token or a signed-in account.
error-409-title = That conflicts with a change made meanwhile
error-409-message = Someone else changed this in the meantime. Reload the page and try again.
error-429-wait = Please wait { $minutes } minutes and try again.

## Mail
mail-verify-subject = Confirm your e-mail address for altto
mail-verify-body =
    Hello { $name },

    Thank you for joining altto. Please confirm your e-mail address by opening this link:

    { $link }

    The link works for 48 hours. If you did not create an account, you can ignore this message.

    — altto
mail-exists-subject = Someone tried to create an altto account with your address
mail-exists-body =
    Hello { $name },

    Someone (perhaps you) tried to create a new altto account with this e-mail address, but you already have one. If you have forgotten your password, you can choose a new one here:

    { $link }

    If this was not you, you can ignore this message.

    — altto
mail-reset-subject = Choose a new password for altto
mail-reset-body =
    Hello { $name },

    To choose a new password for your altto account, open this link:

    { $link }

    The link works for one hour. If you did not ask for this, you can ignore this message; your password has not changed.

    — altto
mail-change-subject = Confirm your new e-mail address for altto
mail-change-body =
    Hello { $name },

    To move your altto account to this e-mail address, open this link:

    { $link }

    The link works for 48 hours. If you did not ask for this, you can ignore this message.

    — altto
mail-taken-subject = Someone tried to move an altto account to your address
mail-taken-body =
    Hello,

    Someone asked to move an altto account to this e-mail address, but an account already uses it, so nothing has changed. If that account is yours, you can sign in here:

    { $link }

    — altto
mail-changed-subject = Your altto e-mail address has changed
mail-changed-body =
    Hello { $name },

    The e-mail address of your altto account has been changed, so mail will no longer come to this address. If you did not do this, reset your password at once:

    { $link }

    — altto
site-settings-title = Site settings
site-settings-saved = The settings have been saved. Certificates issued from now on carry them.
site-issuer-heading = Certificates
site-issuer-intro = The issuer named on every certificate from now on, and signed into its credential. Certificates already issued keep the issuer they were signed with.
site-issuer-name = Issuer name
site-issuer-name-hint = For example: ALT Training Online
site-issuer-url = Issuer web address
site-issuer-url-hint = The address of the organisation's site, starting with https://
site-issuer-name-missing = Enter the issuer's name.
site-issuer-name-invalid = The issuer's name must be at most 120 characters, on one line.
site-issuer-url-invalid = Enter a web address starting with https:// or http://, at most 200 characters.
