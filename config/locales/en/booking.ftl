# Room booking (handlers/booking*.py). Every message has the same id in zh/booking.ftl.

cmd-book = Book a room
cmd-mybookings = My bookings
menu-book = 📅 Book a room
menu-mybookings = 🗓 My bookings
menu-rooms = 📋 Rooms (staff)

## Common

booking-back = ◀ Back
booking-duration = { $hours ->
    [0] { $minutes } min
   *[other] { $minutes ->
        [0] { $hours ->
            [1] 1 hour
           *[other] { $hours } { $hours ->
    [one] hour
   *[other] hours
}
        }
        [30] { $hours }.5 hours
       *[other] { $hours } h { $minutes } min
    }
}
booking-status = { $status ->
    [pending] ⏳ awaiting approval
    [confirmed] ✅ confirmed
    [cancelled] ✖ cancelled
    [rejected] ✖ not approved
    [expired] ⌛ not approved in time
    [no_show] ⚠ not checked in
   *[other] { $status }
}
booking-status-checked-in = ✅ checked in
booking-line = { $number } · { $when } · { $room } ({ $centre }) · { $status }
booking-details =
    Booking: { $number }
    When: { $when }
    Where: { $centre } · { $room }{ HAS($address) ->
        [yes] {""}
            Address: { $address }
       *[no] {""}
    }
    Purpose: { $purpose }
    People: { $attendees }
    Status: { $status }
booking-mine-button = 🗓 My bookings
booking-book-again = 📅 Book a room
booking-calendar-one = 📅 Add to my calendar
booking-calendar-all = 📅 Export to calendar
booking-calendar-update = 📅 Update my calendar

## Booking flow

booking-suspended-now = ⚠ After several missed bookings, booking is paused for you until { $until }. It resumes by itself.
booking-no-centres = Your community has no rooms to book yet.
booking-staff-button = 📋 Rooms (staff)
booking-ask-centre = 📅 Book a room
    Choose a service centre:
booking-room-line = • { $name }: up to { $capacity } { $capacity ->
    [one] person
   *[other] people
}{ HAS($equipment) ->
        [yes] ; equipment: { $equipment }
       *[no] {""}
    }{ $approval ->
    [yes] {" "}(needs staff approval)
   *[other] {""}
}
booking-ask-room =
    🏢 { $centre }{ HAS($address) ->
        [yes] {""}
            Address: { $address }
       *[no] {""}
    }

    { $rooms }

    Choose a room:
booking-earlier-days = ◀ Earlier
booking-later-days = Later ▶
booking-ask-day =
    📅 { $room }
    { $rules }

    Choose a day:
booking-rules = { $shortest } to { $longest } each time; book at least { $notice } ahead and up to { $horizon } { $horizon ->
    [one] day
   *[other] days
} ahead{ $quota ->
    [none] {""}
   *[other] ; per person and week at most { $quota }
}{ $approval ->
    [yes] ; needs staff approval
   *[other] {""}
}.
booking-other-day = ◀ Another day
booking-no-days =
    📅 { $room }
    { $rules }

    😔 There is no day left to book or to wait for soon. Try another room, or look again in a few days.
booking-ask-time = 🕘 { $day } · { $room }
    These start times are free. Choose one:
booking-no-times = 😔 { $room } has no free time left on { $day }. Choose another day, or join the waitlist.
booking-waitlist-button = ⏳ Taken times: join the waitlist
booking-ask-wait = ⏳ { $day } · { $room }
    These times are booked. Pick one to wait for; you are told first if it frees up:
booking-nothing-to-wait = Nothing to wait for in { $room } on { $day }.
booking-time-gone = ⌛ Someone has just booked that time. Please choose again.
booking-duration-choice = { $duration } (until { $until })
booking-ask-duration = ⏱ From { $start }: for how long?
booking-purpose-meeting = Meeting
booking-purpose-class = Class / rehearsal
booking-purpose-activity = Sports or culture
booking-purpose-study = Study / reading
booking-ask-purpose = 📝 What is it for? Tap a button or type it (at most { $max } { $max ->
    [one] character
   *[other] characters
}).
booking-ask-attendees = 👥 About how many people? (at most { $capacity }) Tap a button or type a number.
booking-bad-attendees = Please give a number from 1 to { $capacity }.
booking-summary =
    Where: { $centre } · { $room }
    When: { $when }
    Purpose: { $purpose }
    People: { $attendees }{ $approval ->
        [yes] {""}
        Staff approve this room's bookings; you will be told.
       *[other] {""}
    }
booking-ask-confirm = { $waiting ->
    [yes] ⏳ Please confirm joining the waitlist:
   *[other] ✅ Please confirm your booking:
}

    { $summary }
booking-confirm-button = ✅ Confirm booking
booking-weekly-button = 🔁 Repeat every week
booking-join-waitlist = ⏳ Wait for this time
booking-other-time = 🕘 Another time
booking-done = { $pending ->
    [yes] ⏳ Sent for staff approval. You will get a message with the answer.
   *[other] 🎉 Booked!
}

    { $details }

    Check in under "My bookings" from { $window } { $window ->
    [one] minute
   *[other] minutes
} before to { $window } { $window ->
    [one] minute
   *[other] minutes
} after the start, or the booking is released and counted as a no-show.
booking-waitlist-joined = ⏳ You are on the waitlist for { $room } { $when }, number { $position } in line.
    If it frees up we tell you, and you have { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
} to take it.

## Weekly repeats

booking-weeks-choice = { $weeks } { $weeks ->
    [one] week
   *[other] weeks
}
booking-ask-weeks = 🔁 Same weekday as { $weekday }, { $start }–{ $end }: for how many weeks?
booking-clash-line = ✖ { $when }: { $why }
booking-series-preview =
    🔁 { $weeks } { $weeks ->
    [one] time
   *[other] times
}, { $free } of them can be booked.{ HAS($clashes) ->
        [yes] {""}
            Cannot be booked:
            { $clashes }
       *[no] {""}
    }
booking-series-confirm = ✅ Book these { $count }
booking-series-none =
    😔 None of these times can be booked any more{ HAS($clashes) ->
        [yes] {":"}
            { $clashes }
       *[no] .
    }
booking-series-done = { $pending ->
    [yes] ⏳ { $count } { $count ->
    [one] booking
   *[other] bookings
} sent for approval:
   *[other] 🎉 { $count } { $count ->
    [one] booking
   *[other] bookings
} made:
}
    { $room } ({ $centre })
    { $bookings }

    Not booked:
    { $clashes }

## My bookings

booking-mine =
    🗓 My bookings
    { $bookings }
booking-mine-empty = 🗓 You have no bookings now.
booking-checkin-button = ✅ Check in { $number }
booking-cancel-one = ✖ Cancel { $number }
booking-wait-line = { $offered ->
    [yes] 🔔 Free now, please confirm soon:
   *[other] ⏳ Waiting:
} { $room } { $when }
booking-wait-leave = 🚶 Stop waiting ({ $when })
booking-history-button = 📜 Past bookings
booking-history-more = Older ▶
booking-history =
    📜 Past bookings
    { $bookings }
booking-history-empty = 📜 No past bookings yet.
booking-cancel-ask = Cancel this booking?
    { $booking }
booking-cancel-yes = ✖ Yes, cancel it
booking-cancel-keep = ↩ Keep it
booking-cancel-button = ✖ Cancel booking
booking-cancelled = Cancelled: { $booking }
    If you added it to your phone's calendar, tap "Update my calendar" to remove it there too.
booking-checked-in = ✅ Checked in! { $booking }
booking-ics-summary = { $room }: { $purpose }
booking-ics-sent = 📅 Calendar file ({ $count } { $count ->
    [one] booking
   *[other] bookings
}) sent; open it to add them to your phone's calendar.
booking-offer-claim = ✅ I'll take it
booking-offer-decline = ✖ No longer needed
booking-offer-declined = All right, it goes to the next person waiting.
booking-wait-left = You have left the waitlist.

## Notifications

booking-approval-request =
    📋 New booking request, please decide
    From: { $name }
    { $details }
booking-approve = ✅ Approve
booking-reject = ✖ Reject
booking-told-approved = ✅ Your booking was approved:
    { $booking }
booking-told-rejected = ✖ Your booking was not approved:
    { $booking }
    Reason: { $reason }
booking-told-cancelled = ✖ Staff cancelled your booking:
    { $booking }
    Reason: { $reason }
booking-told-expired = ⌛ Your booking was not approved before it began, so it was withdrawn:
    { $booking }
booking-offer = 🔔 The time you were waiting for is free!
    { $centre } · { $room }
    { $when }
    Please confirm before { $until }, or it goes to the next person.
booking-offer-expired = ⌛ You did not confirm in time; { $room } { $when } went to the next person.
booking-reminder = { $soon ->
    [yes] ⏰ Starts in an hour:
   *[other] ⏰ Reminder for tomorrow:
}
    { $details }
    Check in within { $window } { $window ->
    [one] minute
   *[other] minutes
} of the start. If you cannot come, please cancel.
booking-no-show = ⚠ You did not check in, so the booking was released for other residents:
    { $booking }
    No-show { $count } in { $days } { $days ->
    [one] day
   *[other] days
} (booking pauses at { $limit }).
booking-suspended = After several no-shows, booking is paused for you until { $until }.

## Why a booking cannot be made

booking-err-gone = This room no longer exists.
booking-err-not-allowed = This room is only for residents of its community.
booking-err-suspended = Booking is paused for you until { $until }.
booking-err-duration = A booking lasts { $min } to { $max } { $max ->
    [one] minute
   *[other] minutes
}.
booking-err-past = That time has passed.
booking-err-notice = Book at least { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
} ahead.
booking-err-horizon = You can book at most { $days } { $days ->
    [one] day
   *[other] days
} ahead.
booking-err-closed = The room is not open at that time.
booking-err-granularity = Times go in steps of { $slot } { $slot ->
    [one] minute
   *[other] minutes
}.
booking-err-capacity = Too many people for this room (at most { $capacity }).
booking-err-quota = At most { $quota } { $quota ->
    [one] hour
   *[other] hours
} per person and week; you have { $used } { $used ->
    [one] hour
   *[other] hours
} booked this week.
booking-err-blackout = The room is closed from { $start } to { $end }.
booking-err-taken = 😔 Someone has just booked this time. You can join the waitlist or choose another time.
booking-err-purpose = Please describe the purpose in 1 to { $max } { $max ->
    [one] character
   *[other] characters
}.
booking-err-weeks = That number of weeks is not possible; please choose again.
booking-err-not-active = This booking is already cancelled or over.
booking-err-started = The booking has begun and can no longer be cancelled.
booking-err-decided = This booking has already been decided.
booking-err-checkin-early = Too early to check in; check-in opens at { $opens }.
booking-err-checkin-late = The check-in time is over.
booking-err-free-now = 👍 This time is free now: you can book it straight away!
booking-err-already-waiting = You are already waiting for this time.
booking-err-not-yours = This booking is not yours.
booking-err-offer-gone = This offer has expired or gone to someone else.

## Staff

booking-not-staff = Only room managers and community staff can use this.
booking-staff-choose = 📋 Rooms: choose a service centre
booking-staff-centre-button = 🏢 { $name }
booking-staff-centre = 📋 { $centre }
    Waiting for approval: { $pending }
booking-staff-today = 📋 Today's schedule
booking-staff-tomorrow = 📋 Tomorrow's schedule
booking-staff-block = ⛔ Block a time (repairs, holidays)
booking-staff-stats = 📊 Usage statistics
booking-staff-pending = ✅ To approve ({ $count })
booking-staff-back = ↩ Back to rooms
booking-staff-previous-day = ◀ Day before
booking-staff-next-day = Day after ▶
booking-staff-next-week = Next week ⏩
booking-staff-cancel = ✖ Cancel { $number } ({ $time })
booking-schedule =
    📋 { $centre } · { $day }
    { $lines }
booking-schedule-empty = 📋 { $centre } · { $day }: no bookings.
booking-schedule-line = { $time } { $room } · { $purpose } ({ $attendees } { $attendees ->
    [one] person
   *[other] people
}) · { HAS($name) ->
        [yes] { $name } · 
       *[no] {""}
    }{ $number } · { $status }
booking-schedule-blocked = ⛔ { $time } { $room } · closed{ HAS($reason) ->
        [yes] : { $reason }
       *[no] {""}
    }
booking-pending-none = 👍 No bookings waiting for approval.
booking-pending-title = ✅ { $count } { $count ->
    [one] booking
   *[other] bookings
} waiting for approval:
booking-pending-item =
    { HAS($name) ->
        [yes]
            From: { $name }
            {""}
       *[no] {""}
    }{ $details }
booking-pending-end = { $more ->
    [0] That is every booking waiting for approval.
   *[other] { $more } more; once these are done, send /approvals again.
}
booking-approved = ✅ Approved; the resident has been told:
    { $booking }
booking-ask-reason = { $action ->
    [reject] Why not? (the resident is told; at most { $max } { $max ->
    [one] character
   *[other] characters
})
   *[other] Why is it cancelled? (the resident is told; at most { $max } { $max ->
    [one] character
   *[other] characters
})
}
    { $booking }
booking-staff-done = { $action ->
    [reject] ✖ Rejected; the resident has been told:
   *[other] ✖ Cancelled; the resident has been told:
}
    { $booking }
booking-block-room = ⛔ Which room?
booking-block-day = ⛔ { $room }: which day?
booking-block-start = From what time?
booking-block-whole-day = All day
booking-block-length = For how long?
booking-block-reason = Why? Tap a button or type it (at most { $max } { $max ->
    [one] character
   *[other] characters
}).
booking-block-maintenance = Repairs
booking-block-holiday = Closed for the holiday
booking-block-event = Community event
booking-blocked = ⛔ Blocked: { $room } { $when }.
    { $cancelled ->
        [0] There were no bookings then.
       *[other] { $cancelled } { $cancelled ->
    [one] booking
   *[other] bookings
} cancelled; their holders have been told.
    }
booking-stats = 📊 { $centre } · { $month }{ HAS($lines) ->
        [yes] {""}
            { $lines }
       *[no] {""}
    }
booking-stats-line = { $room }: { $bookings } { $bookings ->
    [one] booking
   *[other] bookings
} · { $hours } h · { $percent }% used · { $noshows } { $noshows ->
    [one] no-show
   *[other] no-shows
}
booking-stats-previous = ◀ Previous month
booking-stats-next = Next month ▶
booking-stats-chart-title = { $centre }, { $month }: room use
booking-stats-chart-use = Use
booking-stats-chart-axis = Share of the opening hours booked
