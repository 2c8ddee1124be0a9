# Joining accounts across apps (handlers/link/). Every message has the same id in zh/link.ftl.

menu-link = 🔗 Link other apps
cmd-link = Link my other app (Telegram / web)
link-onboarding-button = 🔗 I already use Linli in another app
link-how =
    Already using Linli in another app (Telegram or the web page)?
    1. There, send /link: you will get a 6-digit code.
    2. Here, type /link and the code, for example: /link 123456
    New to Linli? Join your community here instead.
link-code =
    🔗 Your code: { $code }
    In your other app (the web page or Telegram), type:
    /link { $code }
    It works once, for { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
}. Do not give it to anyone: it joins that chat to your account.
link-bad-format = A code has 6 digits. Type it like this: /link 123456
link-wrong = That code is wrong, used or expired. { $left ->
        [0] No more tries for now.
        [one] 1 more try.
       *[other] { $left } more tries.
    } For a new code, send /link in your other app.
link-too-many = Too many wrong codes. Please wait { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
}, then ask for a new code with /link in your other app.
link-same-account = That code is from this very chat. Type it in your other app (the web page or Telegram).
link-registered-here =
    This chat already has its own registration, so it cannot be joined to another account.
    Do it the other way round: send /link here and type the code in your other app.
link-done = 🔗 Done: this chat is now joined to your account. Everything Linli sends you arrives here too.
link-joined-notice = 🔗 A chat on { $channel } was just joined to your Linli account. If that was not you, please tell your community staff.
