## Staff console: volunteers and tasks (bot/console/views_volunteers.py)

console-volunteers-nav = Volunteers
console-volunteers-title = Volunteers of { $community }
console-volunteers-community = Community
console-volunteers-show = Show
console-volunteers-new-task = New task
console-volunteers-applications = Applications waiting ({ $count })
console-volunteers-applied = applied { $when }
console-volunteers-skills = Skills
console-volunteers-areas = Areas
console-volunteers-time = Available
console-volunteers-approve = Approve
console-volunteers-reason = Reason (the applicant is told)
console-volunteers-reject = Reject
console-volunteers-list = Volunteers ({ $count })
console-volunteers-none = No volunteers yet.
console-volunteers-name = Name
console-volunteers-state = Status
console-volunteers-hours = Hours
console-volunteers-services = Services
console-volunteers-status = { $status ->
    [pending] waiting for approval
    [active] active
    [paused] paused
   *[rejected] not approved
}
console-volunteers-tasks = Tasks ({ $count })
console-volunteers-task = Task
console-volunteers-when = When
console-volunteers-place = Where
console-volunteers-taken = Places taken
console-volunteers-task-status = { $status ->
    [open] recruiting
    [filled] full
    [escalated] needs you: nobody left to ask
    [done] done
    [missed] missed
   *[cancelled] cancelled
}
console-volunteers-ranking = Hours ranking { $month } (total { $total } h)
console-volunteers-previous-month = ← Previous month
console-volunteers-next-month = Next month →
console-volunteers-rank = Rank
console-volunteers-public = Shown to residents
console-volunteers-in-ranking = { $shown ->
    [yes] yes
   *[no] no (counted only)
}
console-volunteers-ranking-empty = No hours reported this month.
console-volunteers-back = ← Volunteers of { $community }
console-volunteers-task-progress = { $taken } of { $needed } { $needed ->
    [one] place
   *[other] places
} taken · { $wave } { $wave ->
    [one] wave
   *[other] waves
} of offers sent
console-volunteers-offers = Offers ({ $count })
console-volunteers-no-offers = Nobody has been asked yet; offers go out within a minute.
console-volunteers-wave = Wave
console-volunteers-offered = Offered
console-volunteers-offer-state = { $state ->
    [offered] waiting for an answer
    [assigned] assigned, waiting to confirm
    [accepted] accepted
    [way] on the way
    [declined] declined
    [expired] never answered
    [withdrawn] can't make it
    [done] done
   *[cancelled] cancelled
}
console-volunteers-cancel-title = Cancel this task
console-volunteers-cancel-hint = Volunteers who took a place are told; offers not yet answered lapse.
console-volunteers-cancel = Cancel the task
console-volunteers-new-task-title = New task for { $community }
console-volunteers-task-title = What is to be done
console-volunteers-task-skill = Skill needed
console-volunteers-task-place = Where
console-volunteers-task-day = Day
console-volunteers-task-time = Starts at
console-volunteers-task-length = Window
console-volunteers-task-estimate = Hours each volunteer works (e.g. 1.5)
console-volunteers-task-places = Volunteers needed
console-volunteers-dispatch-hint = Publishing offers the task at once to the best-matching volunteers (skill, area, time), then to everyone with the skill; if places are left you are told, as in chat.
console-volunteers-publish = Publish and offer to volunteers
console-volunteers-pick-skill = Choose the skill the task needs.
console-volunteers-pick-place = Choose where the task is.
console-volunteers-pick-length = Choose how long the window is.
console-volunteers-bad-date = That date could not be read; choose a day.
console-volunteers-bad-time = That time could not be read; enter hours:minutes, e.g. 09:30.
console-volunteers-bad-hours = Hours: a number above 0 and at most 24, e.g. 1.5.
console-volunteers-hours-number = Hours
console-volunteers-hours-sheet = { $community } { $month } volunteer hours
console-volunteers-xlsx = ⬇ Export this month's hours (Excel)
