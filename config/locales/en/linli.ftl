# Linli — English. Every message must have the same id in zh/linli.ftl (a test checks).

## Common

menu-title = 🏠 Linli · Main menu
    Tap a button below:
button-menu = 🏠 Main menu
button-skip = Skip
button-cancel = ✖ Cancel
button-agree = ✅ I agree
button-decline = ✖ I don't agree
button-keep = ↩ No, keep it
button-join = 🏘 Join my community
button-start-again = 🔄 Start again
button-expired = ⌛ This menu has expired. Please choose again.
cancelled = Cancelled.
hint-no-flow = Sorry, I didn't understand that. Please tap a button below, or send /help.
hint-use-buttons = Please tap one of the buttons above.
text-too-long = That is too long ({ $length } { $length ->
    [one] character
   *[other] characters
}); the most is { $max }. Please shorten it and send again.
unknown-command = There is no command { $command }. Please tap a button below:
need-registration = Please join your community first to use this.
staff-only = This is only for community staff.
error-unexpected = Sorry, something went wrong and that was not done. Please try again later, or press 🏠 Main menu.
list-separator = {", "}

## Main menu buttons

menu-join = 🏘 Join my community
menu-pact = 📜 Residents' pact
menu-me = 👤 My details
menu-publish-pact = 🖋 Publish a new pact
menu-lang = 🌐 中文
menu-help = ❓ Help

## Command descriptions (shown in the messenger's command list)

cmd-start = Start / join your community
cmd-menu = Main menu
cmd-help = Help
cmd-lang = Change language
cmd-cancel = Cancel what you are doing
cmd-me = My details
cmd-pact = Residents' pact
cmd-forget = Delete my details
cmd-publishpact = Publish a new residents' pact (staff)

help-text =
    ❓ Linli · Help
    Use the buttons below to see or change your details, switch language, or delete your details.
    Wherever you are, 🏠 Main menu takes you back to the start and cancels what you were doing.
    You can also just type what you want to do, such as "book a room" or "report a problem".

## Language

lang-choose = 请选择语言 / Choose a language:
lang-zh = 中文
lang-en = English
lang-set = OK, I will talk to you in English from now on.

## Joining a community

onboard-welcome =
    👋 Hello! I'm Linli, your community's assistant.
    I can help you read the residents' pact and keep up with your community.
    First, choose a language:
onboard-unknown-link = That QR code link no longer works. Please choose your community.
onboard-street = Which street (subdistrict) do you live in?
onboard-community = Which community do you live in?
onboard-community-from-link = { HAS($community) ->
        [yes] Welcome to { $community }!
       *[no] Welcome!
    }
onboard-building-from-link = Welcome to { $building }, { $community }!
onboard-building = Which building do you live in?
onboard-building-none = Not listed / rather not say
onboard-unit = Please send your unit and flat number, for example "Unit 2, 301". You can skip this.
onboard-privacy =
    🔒 Privacy
    We keep: your community, building, flat, language and your chat account.
    Who can see it: you, and the community staff and grid workers who serve you.
    It is never made public and never written to logs. See, change or delete it any time under “👤 My details” in the main menu.
    Do you agree?
onboard-declined = All right, we have not kept your address. When you want to join, tap the button below.
onboard-done = 🎉 Welcome to { $community }!
welcome-back = Welcome back{ $named ->
    [yes] , { $name }
   *[no] {""}
}!

## My details

profile-summary =
    👤 What we keep about you
    Name: { $name }
    Language: { $language }
    Community: { $community }
    Building: { $building }
    Flat: { $unit }
    Phone: { $phone }
    Agreed to privacy notice: { $consent }
    Roles: { $roles }
    Pact: { $pledge }
    Chat account: { $channel }
profile-unset = not given
profile-no-consent = not agreed
profile-no-roles = resident
profile-no-pledge = not pledged yet
profile-pledge = pledged to "{ $title }", version { $version }
profile-role = { $role } ({ $place })
profile-edit-address = 🏠 Change address
profile-edit-phone = 📞 Change phone
profile-edit-name = ✏ Change name
profile-forget = 🗑 Delete my details
profile-phone-ask = Please send your mobile number (11 digits).
profile-phone-remove = Remove my phone number
profile-phone-invalid = That does not look like a mobile number. Please send 11 digits, for example 13812345678.
profile-name-ask = Please send the name you would like us to use (at most { $max } { $max ->
    [one] character
   *[other] characters
}).
profile-saved = ✅ Saved.
profile-address-saved = ✅ Your address is updated.

role-volunteer = volunteer
role-grid_worker = grid worker
role-community_staff = community staff
role-street_admin = street admin
role-district_admin = district admin

channel-telegram = Telegram
channel-terminal = terminal demo
channel-web = web
channel-wechat = WeChat

## Forget me

forget-confirm =
    ⚠ Do you really want to delete your details?
    Deleted: your name, phone, address, roles and the link to your chat account.
    Kept, but no longer linked to you: your pledge to the pact (it only counts).
forget-yes = 🗑 Yes, delete
forget-kept = All right, your details are kept as they are.
forget-done = Your details have been deleted. Thank you! Send /start whenever you want to come back.

## Residents' pact

pact-none = Your community has not published a residents' pact yet.
pact-overview =
    📜 { $title }
    Version { $version } · published { $date } · { $articles } { $articles ->
    [one] article
   *[other] articles
}
    { $count ->
        [one] 1 resident has
       *[other] { $count } { $count ->
    [one] resident
   *[other] residents
} have
    } pledged to follow it{ $pledged ->
        [yes] , you among them ✅
       *[no] .
    }
pact-read = 📖 Read article by article
pact-whole = 📄 Whole text
pact-pledge = ✋ I pledge to follow it
pact-pledged-button = ✅ You have pledged
pact-previous = ◀ Previous
pact-next = Next ▶
pact-back = ↩ Back to the pact
pact-article =
    Article { $number } of { $total }

    { $text }
pact-pledge-thanks = 🙏 Thank you for pledging to follow "{ $title }"! { $count ->
        [one] 1 resident has
       *[other] { $count } { $count ->
    [one] resident
   *[other] residents
} have
    } pledged.
pact-pledge-already = You have already pledged to "{ $title }", thank you! { $count ->
        [one] 1 resident has
       *[other] { $count } { $count ->
    [one] resident
   *[other] residents
} have
    } pledged.
pact-newer-version = The pact has been updated to version { $version }. Here is the latest:
pact-outdated = This version of the pact has been replaced by a newer one.
pact-not-your-community = This is not your community's pact.
pact-updated =
    📜 "{ $title }" is now at version { $version }: { $changes }.
    You pledged to an earlier version; please read the new one and pledge again.
pact-changes-changed = article { $numbers } changed
pact-changes-added = article { $numbers } added
pact-changes-removed = article { $numbers } removed
pact-changes-separator = {"; "}
pact-changes-none = no changes

## Publishing the pact (staff)

pact-publish-ask-zh =
    📝 Please send the full Chinese text of the new pact (at most { $max } { $max ->
    [one] character
   *[other] characters
}).
    Leave a blank line between articles; without blank lines, each line is an article.
pact-publish-ask-en = Got { $count } { $count ->
    [one] article
   *[other] articles
}. Please send the English text (also { $count } { $count ->
    [one] article
   *[other] articles
}), or skip.
pact-publish-count-mismatch = The English text has { $en } { $en ->
    [one] article
   *[other] articles
} but the Chinese has { $zh }; they must match. Please send it again.
pact-publish-preview =
    📝 About to publish a new pact for { $community }, { $count } { $count ->
    [one] article
   *[other] articles
}.
    Changes: { $changes }

    { $preview }
pact-publish-confirm = ✅ Publish
pact-published = ✅ Version { $version } is published. { $told } { $told ->
    [one] resident
   *[other] residents
} who pledged an earlier version have been told.
pact-publish-empty = The pact cannot be empty.
pact-publish-too-many = A pact can have at most { $max } { $max ->
    [one] article
   *[other] articles
}.
pact-publish-article-too-long = Article { $number } is too long; each article can have at most { $max } { $max ->
    [one] character
   *[other] characters
}.
pact-publish-unchanged = This is exactly the current version; there is nothing to publish.

## Photos and files people send
media-empty = The picture arrived empty. Please send it again.
media-too-large = That file is too large. Please send a picture of at most { $max_mb } MB.

## "My work": the staff tools of every feature, behind one button of the main menu
menu-work = 🧰 My work
menu-work-title = 🧰 My work: choose one
send-failed = 😔 That did not go through. Please try again.

# --- Calendar subscription (/calendar) ---
cmd-calendar = Subscribe to my bookings in my phone's calendar
calendar-subscribe-button = 📆 Subscribe in my phone's calendar (stays up to date)
calendar-feed-name = Linli · My schedule
calendar-address = { $renewed ->
    [yes] 🔄 A new calendar address is ready; the old one stops working now.
   *[no] 📆 This is your own calendar address.
  }
    In your phone's calendar choose "add subscribed calendar" and enter this address: your bookings (and later meetings and volunteer tasks) appear there and stay up to date:
    { $url }
    On an iPhone you can tap: { $webcal }
    Please do not pass the address on; if it slipped out, get a new one here.
calendar-have-one = 📆 You have subscribed to your calendar since { $since }. For safety the address is shown only once, when it is made. To subscribe on a new phone, get a new address (the old one stops working).
calendar-new-address = 🔄 Get a new address
calendar-stop = 🚫 Stop the calendar subscription
calendar-stopped = Stopped. The old address no longer works and the calendar stops updating. You can make a new address whenever you need one.
calendar-stop-ask = Stop the calendar subscription? Your phone's calendar will no longer be updated.
calendar-stop-yes = Yes, stop it
calendar-stop-keep = Keep it

# --- Building QR posters (for lift landings; both languages are printed on the poster) ---
poster-title = Scan to join Linli
poster-steps = { $channel ->
    [wechat]
        Open WeChat, tap "+" at the top right, choose "Scan"
        Scan the code above and follow the community's account
        Choose your language and give your flat number: you have joined
    [telegram]
        Scan the code above with your phone's camera or Telegram
        Open the Linli bot and tap "Start"
        Choose your language and give your flat number: you have joined
   *[web]
        Scan the code above with your phone's camera
        Chat with Linli on the page that opens
        Choose your language and give your flat number: you have joined
  }
poster-footer = { $community } · Linli residents' service · { $link }

# One chat sending faster than anyone types (a script, a stuck key): told once, then not answered until it calms
flood-slow-down = You are sending messages very fast, so I will pause for a moment. Please write again in a minute and I will answer.
