## Staff console: notices (bot/console/views_notices.py)

console-notices-nav = Notices
console-notices-title = Notices
console-notices-compose = New notice
console-notices-none = No notices for your places yet.
console-notices-when = When
console-notices-place = To
console-notices-text = Notice
console-notices-state = Status
console-notices-recipients = Recipients
console-notices-sent = Delivered
console-notices-pending = Waiting to be sent
console-notices-failed = Failed
console-notices-unreachable = Unreachable
console-notices-withdrawn = Withdrawn (cancelled)
console-notices-acknowledged = Confirmed read
console-notices-notice = Notice #{ $id }
console-notices-back = ← All notices
console-notices-what = The notice
console-notices-photo-alt = The notice's picture
console-notices-facts = To { $who } (sent for { $place }) · { $urgency } · { $topic } · { $when } · by { $author }
console-notices-ledger = Delivery
console-notices-not-queued-yet = Recipients are counted in as their messages are queued, from the send time on.
console-notices-csv = Download the ledger (CSV)
console-notices-cancel = Cancel the notice
console-notices-messages = Messages (up to { $total } listed here; the CSV has every one): { $shown }
console-notices-name = Name
console-notices-language = Language
console-notices-channel = Channel
console-notices-attempts = Attempts
console-notices-sent-at = Delivered at
console-notices-message-status = { $status ->
    [pending] waiting
    [sent] delivered
    [failed] failed
    [unreachable] unreachable
   *[cancelled] withdrawn
}
console-notices-reminder = reminder
console-notices-who = Who gets it
console-notices-scope = Sent for
console-notices-audience-all = Everyone living there
console-notices-audience-places = Only these places:
console-notices-audience-roles = Only people with these roles there:
console-notices-language-all = Every language
console-notices-text-zh = Text in Chinese
console-notices-text-en = Text in English (optional; English readers get the Chinese otherwise)
console-notices-photo = Picture (optional)
console-notices-photo-kept = The picture sent before is kept; choose another file to replace it.
console-notices-photo-hint = JPEG, PNG or WebP, at most { $mb } MB.
console-notices-urgency = Urgency
console-notices-topic = Topic
console-notices-when-now = Send now
console-notices-when-at = At (local time)
console-notices-preview = Preview
console-notices-preview-title = Check before sending
console-notices-count = { $count } { $count ->
    [one] person
   *[other] people
}
console-notices-preview-facts = To { $who } · { $urgency } · { $topic } · { $when }
console-notices-held = It is quiet hours then: a normal notice goes out at { $time }.
console-notices-critical-hint = Critical: everyone is asked to confirm they read it; those who have not are reminded once.
console-notices-as-seen = What residents see { $language ->
    [en] in English
   *[zh] in Chinese
}
console-notices-confirm = Send to { $count } { $count ->
    [one] person
   *[other] people
}
console-notices-back-to-edit = Back to the form
console-notices-pick-scope = Choose the place the notice is sent for.
console-notices-pick-places = Tick at least one place, or choose everyone.
console-notices-place-outside = Those places are not all within { $place }; tick places of the place the notice is sent for.
console-notices-pick-roles = Tick at least one role, or choose everyone.
console-notices-pick-audience = Choose who gets the notice.
console-notices-pick-language = Choose a language.
console-notices-need-text = The notice needs its Chinese text.
console-notices-pick-urgency = Choose how urgent it is.
console-notices-pick-topic = Choose a topic.
console-notices-bad-time = Choose "send now", or a day and time for "at".
console-notices-photo-lost = The picture could not be kept; please choose the file again.
console-notices-photo-type = Pictures only: JPEG, PNG or WebP.
console-notices-scheduled = Scheduled for { $time }, to { $count } { $count ->
    [one] person
   *[other] people
}.
console-notices-sending = Sending now to { $count } { $count ->
    [one] person
   *[other] people
} ({ $time }).
console-notices-as-template = WeChat template message (they had not written in 48 hours)
console-notices-waiting-window = goes out when they next write on WeChat
console-notices-delivered-as = How it went
console-notices-xlsx = ⬇ Download the delivery ledger (Excel)
console-notices-ledger-sheet = Notice { $id } ledger
