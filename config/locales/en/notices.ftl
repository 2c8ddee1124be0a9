## Staff notices (handlers/notices.py)
notices-menu = 📢 Notices
notices-menu-compose = 📣 Send a notice
notices-cmd = Recent notices
notices-heading = { $urgency ->
    [critical] 🚨 Urgent
    [urgent] ⚠️ Important
   *[other] 📢
  } { $place } · { $topic }
notices-reminder-intro = ⏰ Reminder: you have not confirmed this urgent notice yet. Please read it and press "I've read it".
notices-ack-button = ✅ I've read it
notices-settings-button = 🔕 Notice settings
notices-topic-activities = Activities
notices-topic-outages = Water & power cuts
notices-topic-safety = Safety
notices-topic-volunteering = Volunteer calls
notices-topic-general = General
notices-staff-only = Only grid workers, community staff and street or district admins can send notices.
notices-recent-button = 📢 Recent notices
notices-no-longer-allowed = You can no longer send notices to this place; the draft has stopped.
notices-ask-scope = 📣 Send a notice. Which place are you speaking for?
notices-ask-audience = 📣 Who should get it?
notices-audience-all = 🏘 Everyone in { $place }
notices-audience-places = 📍 Choose places
notices-audience-roles = 👥 By role (volunteers, grid workers, staff)
notices-no-narrower = There are no smaller places to choose here.
notices-choice-done = ➡️ Done ({ $count } chosen)
notices-ask-places = 📍 Choose the places (several if you like; press again to remove), then press "Done".
notices-role-volunteers = Volunteers
notices-role-grid_workers = Grid workers
notices-role-staff = Staff
notices-ask-roles = 👥 Choose the roles (several if you like), then press "Done".
notices-ask-language = 🌐 Which residents, by language?
notices-language-all = Everyone
notices-language-zh = Chinese readers only
notices-language-en = English readers only
notices-ask-zh = ✍️ Type the notice in Chinese (at most { $max } { $max ->
    [one] character
   *[other] characters
}).
notices-ask-en = ✍️ Type the English text (at most { $max } { $max ->
    [one] character
   *[other] characters
}). English readers get it; without it they get the Chinese. Press "Skip" if there is none.
notices-ask-photo = 🖼 Add a picture? Send it now, or press "No picture".
notices-no-photo = No picture
notices-photo-missing = No picture arrived. Please send it again, or press "No picture".
notices-photo-kept = 🖼 Picture added.
notices-photo-hint = A picture is needed here. Send one, or press "No picture".
notices-urgency-normal = Normal (held from 22:00 to 07:00)
notices-urgency-urgent = Important (goes out at once, also at night)
notices-urgency-critical = Urgent (at once; everyone is asked to confirm they read it)
notices-ask-urgency = ⏱ How urgent is it?
notices-ask-topic = 🏷 Which topic? (Residents can turn some topics off.)
notices-when-now = 🚀 Send now
notices-when-hour = In an hour ({ $time })
notices-when-morning = Tomorrow morning ({ $time })
notices-when-evening = Tomorrow evening ({ $time })
notices-ask-when = 🕘 When should it go out? You can also type a time, such as "3-5 9:00" or "20:30".
notices-time-unclear = I could not read that time. Press a button, or type a time such as "3-5 9:00", "2026-03-05 09:00" or "20:30".
notices-time-past = { $time } has already passed; please choose a later time.
notices-time-too-far = Notices can be scheduled at most { $days } { $days ->
    [one] day
   *[other] days
} ahead.
notices-summary-roles = { $roles } of { $place }
notices-summary-language = { $who } ({ $language })
notices-confirm-send = ✅ Send to { $count } { $count ->
    [one] person
   *[other] people
}
notices-change-time = 🕘 Change the time
notices-preview = 📋 Please check:
    To: { $who }
    People: { $count }
    Urgency: { $urgency }
    Topic: { $topic }
    When: { $when }{ $held ->
        [yes] {" "}(night time: a normal notice goes out at 07:00)
       *[other] {""}
    }{ $photo ->
        [yes] {"\u000A"}Picture: yes
       *[other] {""}
    }

    What residents will see:
    ———
    { $preview }
notices-nobody = Nobody would get this notice with these choices. Please go back and change who it is for.
notices-scheduled = ✅ Scheduled for { $time }. I will tell you how it went once it is delivered.
notices-sending = ✅ Sending now ({ $time }). I will tell you how it went once it is delivered.
notices-ledger-button = 📊 Delivery
notices-list-line = • { $date } [{ $topic }] { $text }
notices-open-button = 📄 { $topic } · { $date }
notices-compose-button = 📣 New notice
notices-sent-button = 📋 Sent notices
notices-recent = 📢 Recent notices for you:
    { $list }
notices-recent-none = 📢 No notices for you yet.
notices-back-button = ⬅️ Back to notices
notices-ack-thanks = ✅ Thank you, noted that you have read it.
notices-ack-already = You have already confirmed this one, thank you.
notices-topic-toggle = { $muted ->
    [yes] 🔕 { $topic } (off, press to turn on)
   *[other] 🔔 { $topic } (on, press to turn off)
  }
notices-settings = 🔕 Notice settings: press a topic to turn it on or off.
    Note: { $unmutable } { $unmutable ->
    [one] notice
   *[other] notices
} for your own building or grid still reach you when turned off.
notices-sent-line = { $date } · { $status } · { $text }
notices-sent-title = 📋 Recent notices (press one to see its delivery):
notices-sent-none = 📋 No notices sent yet.
notices-status-scheduled = Scheduled
notices-status-queueing = Preparing
notices-status-sending = Sending
notices-status-done = Done
notices-status-cancelled = Cancelled
notices-ledger = 📊 Notice #{ $id } · { $status }
    Sent: { $when }
    Text: { $text }
    For: { $recipients } { $recipients ->
    [one] person
   *[other] people
}
    ✅ Delivered: { $sent }
    ⏳ Waiting: { $pending }
    ❌ Failed: { $failed }
    🚫 Unreachable: { $unreachable }
    ✖ Withdrawn: { $cancelled }{ $critical ->
        [yes] {"\u000A"}👍 Confirmed read: { $acknowledged }
       *[other] {""}
    }
notices-refresh-button = 🔄 Refresh
notices-cancel-button = 🛑 Cancel this notice
notices-not-open = This notice is already delivered or cancelled; it cannot be cancelled.
notices-cancel-confirm = Cancel this notice? Messages not yet sent will not go out; what was sent stays recorded.
notices-cancel-yes = 🛑 Yes, cancel it
notices-cancel-no = ⬅️ Keep it
notices-cancelled = 🛑 Cancelled. { $withdrawn } { $withdrawn ->
    [one] message
   *[other] messages
} not yet sent were withdrawn; { $sent } { $sent ->
    [one] person
   *[other] people
} had received it.
notices-report-intro = 📬 Your notice has been delivered:
