# Volunteering (handlers/volunteers*.py). Every message must exist in zh/volunteers.ftl with the same id.

menu-volunteers = 🙋 Volunteering
menu-volunteers-staff = 🤝 Volunteers (staff)
cmd-volunteer = Volunteering: sign up, my tasks
cmd-myhours = My volunteer hours

## Skills and times (selectors)

volunteers-skill = { $skill ->
    [property] Property service monitor
    [mediation] Dispute mediator
    [customs] New-customs advocate
    [facilities] Public facilities inspector
    [policy] Policy and law promoter
    [civility] Civility steward
    [pets] Pet-keeping steward
    [sanitation] Sanitation steward
    [companion] Companionship visits
    [meals] Meal delivery
    [housework] Housekeeping help
    [health] Health checks
    [tutoring] Tutoring
    [patrol] Patrol
    [any] Any skill
   *[other] { $skill }
}
volunteers-day = { $day ->
    [mon] Mon
    [tue] Tue
    [wed] Wed
    [thu] Thu
    [fri] Fri
    [sat] Sat
   *[sun] Sun
}
volunteers-slot = { $slot ->
    [am] Morning (8–12)
    [pm] Afternoon (12–18)
   *[eve] Evening (18–21)
}
volunteers-time = { $days } · { $slots }
volunteers-every-day = Every day
volunteers-whole-community = 🏘 The whole community
volunteers-whole-grid = The whole grid
volunteers-by-building = 🏢 Choose buildings
volunteers-back = ↩ Back
volunteers-next = Next ▶
volunteers-save = 💾 Save
volunteers-submit = ✅ Send my application
volunteers-publish = ✅ Publish the task

## The volunteer

volunteers-intro =
    🙋 Volunteering
    The community's volunteers serve their neighbours: visiting elderly people who live alone, delivering meals, mediating, patrolling…
    Sign up; once community staff approve, you get offers for tasks that suit you. You can pause at any time.
volunteers-register = 🙋 Become a volunteer
volunteers-apply-again = 🔄 Apply again
volunteers-stars = 🏅 Volunteer stars
volunteers-page = 🙋 My volunteering
    { $summary }
volunteers-profile =
    Status: { $status ->
        [pending] ⏳ waiting for community staff
        [active] ✅ approved, serving
        [paused] ⏸ paused
        [rejected] ✖ not approved
       *[draft] not sent yet
    }
    Skills: { $skills }
    Areas: { $areas }
    When: { $time }
    Share my phone with the people I help: { $phone ->
        [yes] yes
       *[no] no
    }
    Show me in residents' rankings: { $rank ->
        [yes] yes
       *[no] no
    }
volunteers-rejected-page =
    Sorry, your volunteer application was not approved.{ HAS($reason) ->
        [yes] {""}
            Reason: { $reason }
       *[no] {""}
    }
    You can change it and apply again.
volunteers-already-registered = You have already signed up.
volunteers-my-tasks = 📋 My tasks
volunteers-my-hours = ⏱ My hours
volunteers-edit-skills = ✏ Skills
volunteers-edit-areas = ✏ Areas
volunteers-edit-time = ✏ Times
volunteers-edit-phone = ✏ Phone
volunteers-edit-rank = ✏ Ranking
volunteers-pause = ⏸ Pause offers
volunteers-resume = ▶ Resume offers
volunteers-paused = ⏸ Paused: no offers until you resume.
volunteers-resumed = ▶ Resumed. Welcome back!
volunteers-saved = ✅ Saved.
volunteers-back-page = ↩ My volunteering
volunteers-page-button = 🙋 My volunteering
volunteers-not-volunteer = You are not a volunteer yet. Sign up and your hours are recorded.
volunteers-not-active = Your volunteer status does not allow that right now.

## Signing up

volunteers-ask-skills = 1/5 What can you do? Choose one or more, then press "Next".
volunteers-need-skill = Please choose at least one skill.
volunteers-ask-areas = 2/5 Where in { $community } can you help? Choose grids, or choose buildings.
volunteers-ask-buildings = Choose buildings (one or more), then press "Back".
volunteers-need-area = Please choose at least one area.
volunteers-ask-days = 3/5 Which days are you usually free? (one or more)
volunteers-ask-slots = At what times? (one or more)
volunteers-need-time = Please choose at least one day and one time.
volunteers-ask-phone = 4/5 May we give your phone number to the residents you help (the elderly person you visit, say)?
volunteers-phone-yes = ✅ Yes
volunteers-phone-no = ✖ No
volunteers-ask-phone-number = We do not have your mobile number yet. Please send your 11-digit number:
volunteers-ask-rank = 5/5 May your name appear in the "volunteer stars" ranking residents can see? (Your hours are recorded either way.)
volunteers-rank-yes = ✅ Show my name
volunteers-rank-no = ✖ Don't show it
volunteers-confirm =
    Please check your application:
    { $summary }
volunteers-submitted = ✅ Application sent; { $told } community staff have been asked to review it. We will tell you.

## Tasks

volunteers-task-facts =
    📌 #{ $id } { $kind ->
        [visit] Visit { $title }
       *[task] { $title }
    }
    Skill: { $skill }
    Where: { $place }
    When: { $window }
    { $places } { $places ->
    [one] volunteer
   *[other] volunteers
}, about { $hours } { $hours ->
    [one] hour
   *[other] hours
}
volunteers-last-visit = Last visit: wellbeing { $score }/5{ HAS($note) ->
        [yes] , note: { $note }
       *[no] {""}
    }
volunteers-offer =
    📣 { $direct ->
        [yes] Community staff ask for your help:
       *[no] A volunteer task that suits you:
    }
    { $facts }
    Please answer by { $deadline }.
volunteers-accept = ✅ I can go
volunteers-decline = ✖ Not this time
volunteers-accepted =
    🙏 Thank you! The task is yours.
    { $facts }{ HAS($details) ->
        [yes] {""}
            { $details }
       *[no] {""}
    }
    Press "On my way" when you leave and "Done" when finished.
volunteers-visit-details =
    Visiting: { $name }{ HAS($address) ->
        [yes] {""}
            Address: { $address }
       *[no] {""}
    }{ HAS($phone) ->
        [yes] {""}
            Phone: { $phone }
       *[no] {""}
    }
volunteers-declined-ok = All right, you will not be asked about this task again. Thanks for answering!
volunteers-on-way = 🚶 On my way
volunteers-done = ✅ Done
volunteers-cant = ✖ Can't make it
volunteers-on-way-ok = 🚶 Take care on the way! Press "Done" when finished.
volunteers-cant-ok = All right, your place goes to another volunteer. Thanks for telling us.
volunteers-too-early = The task starts { $start }; report it done after that.
volunteers-reminder =
    ⏰ Reminder: your volunteer task starts soon.
    { $facts }
volunteers-report-please = The time for "{ $title }" is over. Is it done? Press "Done" to record your hours.
volunteers-visit-coming = 👋 Volunteer { $name } will visit you { $window }.{ HAS($phone) ->
        [yes] {" "}Phone: { $phone }
       *[no] {""}
    }
volunteers-my-task =
    ✅ A task you took
    { $facts }{ HAS($details) ->
        [yes] {""}
            { $details }
       *[no] {""}
    }
volunteers-my-offer =
    📣 Waiting for your answer
    { $facts }
    Please answer by { $deadline }.
volunteers-tasks-end = { $count } in all.
volunteers-no-tasks = You have no tasks now. We will tell you when one suits you.

## Reporting "done"

volunteers-ask-hours = How many hours did it take? Press a button or send a number (1.5, say).
volunteers-hours-choice = { $hours } h
volunteers-bad-hours = Please send a number of hours between 0 and 24, such as 1.5.
volunteers-ask-outcome = In a few words, what did you do and how did it go? (You may skip.)
volunteers-ask-wellbeing = How was the resident today?
volunteers-wellbeing-choice = { $score ->
    [5] 😄 5 very well
    [4] 🙂 4 well
    [3] 😐 3 so-so
    [2] 🙁 2 not well
   *[1] 😟 1 needs attention
}
volunteers-bad-wellbeing = Wellbeing is 1 to 5.
volunteers-ask-note = A note for the next volunteer who visits? (You may skip.)
volunteers-done-thanks = 🎉 Thank you! { $hours } h recorded; { $total } h in all. Community staff will verify them.

## Hours and ranking

volunteers-hours =
    ⏱ My volunteer hours
    { $services } { $services ->
    [one] service
   *[other] services
}, { $hours } h in all ({ $verified } h verified){ HAS($months) ->
        [yes] {""}
            By month:
            { $months }
       *[no] {""}
    }{ HAS($kinds) ->
        [yes] {""}
            By kind:
            { $kinds }
       *[no] {""}
    }
volunteers-hours-line = · { $label }: { $hours } h
volunteers-certificate-button = 📜 Certificate
volunteers-certificate =
    📜 Volunteer service certificate
    This certifies that { $name } has volunteered{ HAS($community) ->
        [yes] {" "}in { $community }
       *[no] {""}
    } since { $since }: { $services } { $services ->
    [one] service
   *[other] services
}, { $hours } { $hours ->
    [one] hour
   *[other] hours
} in all, { $verified } of them verified by the community.
    Kinds of service: { $kinds }
    { HAS($community) ->
        [yes] { $community } · 
       *[no] {""}
    }Linli  { $date }
volunteers-stars-text =
    🏅 Volunteer stars, { $month }{ HAS($lines) ->
        [yes] {""}
            { $lines }
       *[no] {""}
    }
    { $others } more volunteers quietly gave { $others_hours } { $others_hours ->
    [one] hour
   *[other] hours
}. Thank you all!
volunteers-rank-line = { $rank }. { $name } { $hours } h ({ $services } { $services ->
    [one] service
   *[other] services
})

## Staff

volunteers-hub =
    🤝 { $community } · Volunteers
    { $volunteers } active volunteers, { $pending } applications waiting
    { $tasks } { $tasks ->
    [one] task
   *[other] tasks
} under way, { $hours } hour reports to verify
volunteers-staff-hub = ↩ Volunteers
volunteers-staff-new = ➕ New task
volunteers-staff-board = 📋 Task board
volunteers-staff-pending = 📝 Applications ({ $count })
volunteers-staff-pairings = 🤝 Pairings
volunteers-staff-hours = ⏱ To verify ({ $count })
volunteers-staff-ranking = 🏅 Monthly ranking
volunteers-application =
    🙋 New volunteer application: { $name }
    Skills: { $skills }{ HAS($areas) ->
        [yes] {""}
            Areas: { $areas }
       *[no] {""}
    }
    When: { $time }
volunteers-approve = ✅ Approve
volunteers-reject-button = ✖ Reject
volunteers-approved = 🎉 Your volunteer application is approved! We will tell you when a task suits you.
volunteers-approved-staff = ✅ { $name } is approved.
volunteers-ask-reason = Why is it rejected? (The applicant is told.)
volunteers-rejected = Sorry, your volunteer application was not approved. Reason: { $reason }
volunteers-rejected-staff = { $name } has been told the application was not approved.
volunteers-review-done = This application has already been handled.
volunteers-no-pending = No applications waiting.
volunteers-list-end = { $count } in all.
volunteers-board =
    📋 Task board
    { $lines }
volunteers-board-line = #{ $id } { $title } · { $when } · { $taken }/{ $needed } · { $status ->
    [open] recruiting
    [filled] full
    [escalated] ⚠ needs you
    [done] done
    [missed] ⚠ missed
   *[cancelled] cancelled
}
volunteers-board-empty = No tasks now.
volunteers-task-button = #{ $id }
volunteers-task-view =
    { $facts }
    Status: { $status ->
        [open] recruiting
        [filled] full
        [escalated] ⚠ needs you
        [done] done
        [missed] ⚠ missed
       *[cancelled] cancelled
    } · { $taken }/{ $needed } { $needed ->
    [one] volunteer
   *[other] volunteers
} · wave { $wave }{ HAS($lines) ->
        [yes] {""}
            { $lines }
       *[no] {""}
    }
volunteers-offer-line = · { $name }: { $state ->
    [offered] waiting for an answer
    [assigned] assigned, waiting to confirm
    [accepted] accepted
    [way] 🚶 on the way
    [declined] declined
    [expired] never answered
    [withdrawn] can't make it
    [done] ✅ done
   *[cancelled] cancelled
} { $wave ->
    [0] (assigned directly)
   *[other] (wave { $wave })
}
volunteers-refresh = 🔄 Refresh
volunteers-view-task = 📋 View the task
volunteers-assign = 👤 Assign directly
volunteers-cancel-task = ✖ Cancel the task
volunteers-cancel-confirm = Cancel "{ $title }"? Volunteers who took it are told.
volunteers-cancel-yes = ✖ Yes, cancel it
volunteers-cancelled-staff = Task cancelled; { $told } { $told ->
    [one] volunteer
   *[other] volunteers
} told.
volunteers-task-cancelled = "{ $title }" is cancelled; no need to go. Thank you!
volunteers-escalated =
    ⚠️ A task still needs { $left } { $left ->
    [one] volunteer
   *[other] volunteers
} after two waves of offers.
    { $facts }{ HAS($declined) ->
        [yes] {""}
            Declined: { $declined }
       *[no] {""}
    }{ HAS($silent) ->
        [yes] {""}
            Never answered: { $silent }
       *[no] {""}
    }
    You can assign a volunteer directly (they confirm).
volunteers-update = { $event ->
    [filled] ✅ Full; the last to join: { $name }
    [way] 🚶 { $name } is on the way
    [cant] ⚠ { $name } can't make it; other volunteers are being asked
    [confirmed] ✅ { $name } confirmed your assignment
    [refused] ✖ { $name } cannot take your assignment
   *[done] ✅ { $name } is done
}
    { $facts }
volunteers-ask-assignee = Whom should "{ $title }" go to? (A · means they lack the skill.)
volunteers-nobody = There is no volunteer to assign.
volunteers-resident-gone = a resident who has left Linli
volunteers-assigned-staff = { $name } has been asked to confirm. You will be told.
volunteers-already-on-task = That volunteer is on this task already.
volunteers-hours-reported =
    ⏱ Done, says { $name }: { $hours } h
    { $facts }{ HAS($outcome) ->
        [yes] {""}
            Outcome: { $outcome }
       *[no] {""}
    }
    { $score ->
        [0] {""}
        [1] ⚠ Wellbeing 1/5, needs attention!{ HAS($note) ->
                [yes] {" "}Note: { $note }
               *[no] {""}
            }
        [2] ⚠ Wellbeing 2/5, needs attention!{ HAS($note) ->
                [yes] {" "}Note: { $note }
               *[no] {""}
            }
       *[other] Wellbeing { $score }/5.{ HAS($note) ->
                [yes] {" "}Note: { $note }
               *[no] {""}
            }
    }
volunteers-verify = ✅ Verify
volunteers-adjust = ✏ Adjust hours
volunteers-ask-adjust = Send the verified number of hours (1.5, say):
volunteers-verified-staff = ✅ { $hours } h verified for { $name }.
volunteers-verified = ✅ The community verified your hours for "{ $title }": { $hours } h.
volunteers-no-unverified = No hours waiting to be verified.
volunteers-unverified-line = { $name } · { $title } · { $when } · reported { $hours } h
volunteers-ranking =
    🏅 Volunteer ranking, { $month } ({ $total } h in all){ HAS($lines) ->
        [yes] {""}
            { $lines }
       *[no] {""}
    }
volunteers-staff-rank-line = { $rank }. { $name } { $hours } h ({ $services } { $services ->
    [one] service
   *[other] services
}){ $public ->
    [yes] {""}
   *[no] 🔒
}
volunteers-previous-month = ◀ Previous month
volunteers-next-month = Next month ▶

## New task

volunteers-ask-title = New volunteer task: what is to be done? (One line, e.g. "Lunch for Mrs Wang in building 3")
volunteers-ask-task-skill = Which skill does it need?
volunteers-ask-grid = Where?
volunteers-ask-building = Which building?
volunteers-ask-day = Which day? Press a button or send a date (6-5, say).
volunteers-day-choice = { $offset ->
    [0] Today
    [1] Tomorrow
   *[other] { $day }
} { $date }
volunteers-bad-date = I did not understand that date. Send month-day, e.g. 6-5.
volunteers-date-past = That time has passed; please choose another.
volunteers-ask-time = What time does it start? Press a button or send a time (9:30, say).
volunteers-bad-time = I did not understand that time. Send hours:minutes, e.g. 9:30.
volunteers-ask-length = How long is the window?
volunteers-ask-estimate = About how many hours per volunteer?
volunteers-ask-places = How many volunteers? Press a button or send a number (at most { $max }).
volunteers-task-bad-places = The number of volunteers is 1 to { $max }.
volunteers-task-preview =
    Please check:
    { $facts }
volunteers-task-created = ✅ Task #{ $id } published; { $sent } { $sent ->
    [one] volunteer
   *[other] volunteers
} asked.
volunteers-task-past = The task's start time has passed.
volunteers-task-bad-window = The end must be after the start.
volunteers-task-no-title = Please say what is to be done.

## Pairings

volunteers-pairing-line =
    🤝 { $resident }: { $volunteers }
    a visit every { $every } { $every ->
    [one] day
   *[other] days
}, next { $next }
volunteers-pairing-stop = ✖ End the pairing
volunteers-pairings-end = { $count } pairings.
volunteers-pairing-new = ➕ New pairing
volunteers-pairing-stopped = The pairing has ended.
volunteers-ask-resident = Pair volunteers with which resident? Send their name (or part of it):
volunteers-no-resident = No resident called "{ $name }" in the community; try another spelling.
volunteers-pick-resident = Choose:
volunteers-ask-pair-volunteers = Which volunteers? (one or more)
volunteers-pairing-no-volunteers = Please choose at least one volunteer.
volunteers-ask-every = How often?
volunteers-every = Every { $days } { $days ->
    [one] day
   *[other] days
}
volunteers-pairing-created = ✅ { $resident } is paired: a visit every { $every } { $every ->
    [one] day
   *[other] days
}, the first { $next }.
volunteers-visit-missed =
    ⚠️ Nobody reported this visit to { $resident } as done.
    { $facts }{ HAS($takers) ->
        [yes] {""}
            Volunteers who took it: { $takers }
       *[no] {""}
    }
    Please check soon that the resident is well.

## Errors

volunteers-not-yours = That is not your task.
volunteers-already-accepted = You have already taken this task.
volunteers-already-declined = You have already said no to this one.
volunteers-task-closed = This task is over or cancelled.
volunteers-task-full = This task is already full. Thank you!
volunteers-offer-gone = This offer is no longer open.
volunteers-ranking-chart-title = Volunteer hours, { $month } (top 10)
volunteers-ranking-chart-hours = Hours
volunteers-ranking-chart-axis = Hours
