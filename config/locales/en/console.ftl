## Staff console: sign-in and the frame every page shares

console-brand = Linli · Console
console-title = Console
console-nav-label = Sections
console-menu = Menu
console-sign-out = Sign out
console-back-home = Back to the start
console-sign-in = Sign in
console-sign-in-intro = Enter your phone number (demo accounts: their handle, e.g. zhou); the bot sends a sign-in code and link to your chat.
console-who-label = Phone number or handle
console-who-placeholder = e.g. 13800000001
console-send-code = Send me a code
console-password-instead = Sign in with a password
console-password-label = Password
console-demo-hint = Demo: the terminal printed sign-in links for the demo staff at start-up; `linli console link zhou` makes a new one.
console-enter-code = Enter your code
console-code-sent = If this is a staff account, a sign-in code is on its way to your chat (Telegram or the web chat).
console-code-label = 6-digit code
console-start-again = Start again
console-link-confirm = Press the button to sign in to the console.
menu-console = 🖥 Web console
console-code-message = 🔐 Console sign-in code: { $code } (valid for { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
})
    Or open this link to sign in: { $link }
    Not you? Ignore this message.
console-not-staff = The console is for staff. Use the menu's buttons for everything else.

console-error-bad-request = Something in that request was wrong; go back and try again.
console-error-not-found = Not found, or not within your area.
console-error-forbidden = Your roles do not open this section.
console-error-field-required = A required field is empty.
console-error-field-too-long = Too long: at most { $limit } { $limit ->
    [one] character
   *[other] characters
}.
console-error-not-a-number = This needs a number.
console-error-csrf = This page has expired; reload it and submit again.
console-error-too-many = Too many attempts; try again in 15 minutes.
console-error-bad-code = That code is wrong or has expired; ask for a new one.
console-error-bad-link = That sign-in link is not valid or was already used; ask for a new one.
console-error-bad-password = Wrong account or password.
console-export-time-column = { $column } ({ $zone })

# --- QR posters ---
console-posters-nav = QR posters
console-posters-title = QR posters
console-posters-intro = One A4 poster per building, for the lift landing or the entrance: residents scan it and join Linli with their community and building already chosen. Choose a building, a community or a whole street, then the app the residents use.
console-posters-place = Building, community or street
console-posters-place-option = { $kind ->
    [street] Street · { $name } (every building)
    [community] Community · { $name } (every building)
   *[other] { $name }
  }
console-posters-channel = The app residents scan with
console-posters-channel-name = { $channel ->
    [wechat] WeChat (the account's QR code)
    [telegram] Telegram
   *[web] Web chat (any phone camera)
  }
console-posters-make = Make the PDF
console-posters-failed = The posters could not be made: { $reason }
console-posters-no-buildings = There are no buildings in { $place } yet.
console-posters-bad-channel = Please choose an app.
