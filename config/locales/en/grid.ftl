## Grid management (handlers/grid.py, grid_staff.py, grid_notify.py)

cmd-report = Report a problem
cmd-mycases = My reports
menu-report = 📝 Report a problem
menu-mycases = 📂 My reports
menu-cases = 🗂 Cases
menu-stats = 📊 Grid statistics
role-mediator = dispute mediator
role-property_supervisor = property-service supervisor

grid-state = { $state ->
    [submitted] waiting to be accepted
    [accepted] accepted
    [in_progress] in progress
    [resolved] resolved, awaiting confirmation
    [closed] closed
    [rejected] not accepted
   *[open] all unfinished
}
grid-level = { $level ->
    [community] the community
    [street] the subdistrict
    [district] the district
   *[grid] the grid
}

## Reporting
grid-ask-category = 📝 What would you like to report? Please choose a category:
grid-ask-description = [{ $category }] Please describe it in a few sentences (at most { $max } { $max ->
    [one] character
   *[other] characters
}):
grid-ask-photos = 📷 You can send up to { $max } { $max ->
    [one] photo
   *[other] photos
} ({ $count } received). Send a photo, or press the button to go on.
grid-photos-done = ✅ That's all the photos
grid-photos-skip = ⏭ No photos
grid-photo-expected = This step needs a photo.
grid-photos-full = { $max } { $max ->
    [one] photo
   *[other] photos
} received.
grid-hint-photos = Please send a photo, or press "No photos".
grid-ask-where = 📍 Where is it? Choose a building{ $channel ->
    [telegram] , or share a location (📎 → Location)
    [web] , or press “📍 Location” below to share where you are
   *[other] {""}
}.
grid-where-mine = 🏠 My building, { $building }
grid-where-other = 🏢 Another building
grid-location-expected = This step needs a location, or press one of the buttons.
grid-hint-where = Please choose a building with the buttons, or share a location.
grid-pin-too-far = That location is too far from our estates (over { $max } m). Please choose a building.
grid-ask-building = 🏢 Which building?
grid-ask-duplicates = 🔎 Neighbours have already reported this kind of problem nearby. Is it one of these?
    
    { $cases }
    
    If so, press "This one": you will follow it (+1) and hear about every step, just like the reporter.
grid-dup-follow = ➕ This one, { $number }
grid-dup-new = 🆕 No, this is new
grid-dup-gone = That case has just been finished. If the problem is still there, please report it again.
grid-followed = 👍 You now follow { $number }; { $count } { $count ->
    [one] person
   *[other] people
} have reported it. We will tell you how it goes.
grid-followed-already = You already follow { $number } ({ $count } { $count ->
    [one] person
   *[other] people
} have reported it).
grid-confirm = Please check:
    Category: { $category }
    Place: { $place }{ $pinned ->
        [yes] {" "}(from the location you shared)
       *[no] {""}
    }
    What: { $description }
    Photos: { $photos }
    
    The grid worker will accept it within { $hours } { $hours ->
    [one] hour
   *[other] hours
} and resolve it within { $days } { $days ->
    [one] day
   *[other] days
}.
    { $contact ->
        [both] May the staff handling it see your name and phone? Public views never show your name.
        [name] May the staff handling it see your name? Public views never show your name.
        [phone] May the staff handling it see your phone number?
       *[none] Public views never show who you are.
    }
grid-submit-share = ✅ Submit (you may contact me)
grid-submit-anonymous = ✅ Submit anonymously
grid-submitted = ✅ Submitted. Your case number is { $number }.
    The grid worker will accept it within { $hours } { $hours ->
    [one] hour
   *[other] hours
}; you will hear about every step. { $shared ->
        [yes] The staff may contact you.
       *[no] The staff cannot see your name or phone.
    }
grid-button-report = 📝 Report a problem
grid-button-mine = 📂 My reports
grid-button-view = 📋 Open { $number }
grid-button-cases = 🗂 My cases
grid-button-photos = 📷 Photos

## A case for residents (never the reporter's name)
grid-public-line = 📋 { $number } · { $category } · { $place }
    { $description }
    { $state } · { $followers } following · { $date }
grid-mine = 📂 The problems you reported or follow:
    
    { $cases }
grid-mine-none = You have not reported anything yet.
grid-resident-case = { $line }
    { $role ->
        [reporter] (reported by you)
       *[follower] (you follow it)
    }
    
    What happened:
    { $history }
grid-history-who =  ({ $name })
grid-history-line = { $date } { $kind ->
    [submitted] submitted
    [followed] someone followed
    [accepted] accepted
    [question] staff asked
    [answer] resident answered
    [transferred] transferred
    [note] progress
    [resolved] resolved
    [rejected] not accepted
    [confirmed] confirmed by resident
    [closed] closed automatically
    [reopened] reopened
    [warned] deadline near
    [escalated] overdue, escalated
   *[other] other
}{ HAS($who) ->
    [yes] { $who }
   *[no] {""}
}{ HAS($text) ->
    [yes] : { $text }
   *[no] {""}
}
grid-photo-caption = 📷 { $number } photo { $index }/{ $total }{ $evidence ->
    [yes] {" "}(the result)
   *[no] {""}
}
grid-photos-sent = { $count } { $count ->
    [one] photo
   *[other] photos
} above.
grid-res-ok = 😊 Fixed, satisfied
grid-res-meh = 😐 Fixed, not satisfied
grid-res-reopen = ↩️ It's back
grid-res-answer = ✍️ Answer the staff
grid-confirmed = Thank you. { $number } is closed. { $satisfied ->
    [yes] We are glad it is fixed!
   *[no] We have noted your view and will use it to do better.
}
grid-not-reopenable = { $case } cannot be reopened now.
grid-ask-reopen = ↩️ Is the problem of { $number } back? Please say how it is now (at most { $max } { $max ->
    [one] character
   *[other] characters
}):
grid-reopened = ↩️ { $number } is open again; the grid worker will accept it within { $hours } { $hours ->
    [one] hour
   *[other] hours
}.
grid-ask-answer = The staff's question about { $number }:
    "{ $question }"
    Please write your answer:
grid-answered = ✅ Your answer has been passed to the staff handling { $number }.

## Notifications
grid-told-status = 📋 { $number } ({ $category }) { $event ->
    [accepted] has been accepted and is being handled.
    [progress] has news{ HAS($text) ->
        [yes] : { $text }
       *[no] .
    }
    [transferred] has been passed to better-placed staff.
    [resolved] has been resolved{ HAS($text) ->
        [yes] : { $text }
       *[no] .
    }
        Is it fixed? Please confirm; without an answer it closes in { $days } { $days ->
    [one] day
   *[other] days
}.
    [rejected] was not accepted{ HAS($text) ->
        [yes] : { $text }
       *[no] .
    }{ HAS($instead) ->
        [yes] {""}
                Where to go instead: { $instead }
       *[no] {""}
    }
    [closed] was closed automatically after { $days } { $days ->
    [one] day
   *[other] days
} without confirmation. If it comes back, you can reopen it.
   *[other] has been updated.
}
grid-told-question = ❓ About { $number }, the staff would like to ask you:
    "{ $question }"
grid-told-new = { $moved ->
    [yes] 🔁 Case passed to you
   *[no] 🆕 New case
} { $number }: { $category } · { $place }
    { $description }
    Please accept it by { $due }.
grid-told-handlers = { $kind ->
    [answer] 💬 { $number } ({ $category }), the resident answered: { $text }
    [reopened] ↩️ { $number } ({ $category }) was reopened: { $text }
   *[other] 📋 { $number } ({ $category }): { $text }
}
grid-told-warning = 🟡 { $number } ({ $category }, { $state }) is close to its deadline: { $due }.
grid-told-escalated = 🔴 { $number } ({ $category }, { $state }) is past its deadline{ HAS($due) ->
        [yes] {" "}{ $due }
       *[no] {""}
    } and was escalated to { $level }{ HAS($place) ->
        [yes] : { $place }
       *[no] {""}
    }.

## Handling (staff)
grid-staff-only = This is for grid workers and community staff only.
grid-not-yours = You cannot see or handle { $case }.
grid-list-line = { $mark } { $number } { $category } · { $place } · { $state }{ HAS($due) ->
        [yes] {" · "}due { $due }
       *[no] {""}
    }{ HAS($escalated) ->
        [yes] { $escalated }
       *[no] {""}
    }
grid-escalated-mark = {" "}· ⏫ escalated to { $level }
grid-list = 🗂 Cases ({ $count }, soonest deadline first)
    Filters: { HAS($grid) ->
        [yes] grid { $grid } · 
       *[no] {""}
    }{ HAS($category) ->
        [yes] category { $category } · 
       *[no] {""}
    }{ $state }
    🟢 on time 🟡 due soon 🔴 overdue
    
    { $cases }
grid-list-empty = No cases match.
grid-filter-grid = Grid ▾
grid-filter-category = Category ▾
grid-filter-state = State ▾
grid-filter-any = All
grid-filter-option = { $name }
grid-filter-state-option = { $state }
grid-filter-choose = Filter by { $which ->
    [grid] grid
    [category] category
   *[state] state
}:
grid-staff-case = { $line }
    { $description }
    
    Handled by: { $grid } · { $handler }
    Reporter: { $contact }
    Following: { $followers } · Photos: { $photos }
    
    Record:
    { $history }
grid-contact-shared = { $name }{ HAS($phone) ->
        [yes] {" "}{ $phone }
       *[no] {""}
    }
grid-contact-hidden = anonymous (the reporter did not share their contact)
grid-act-accept = ✅ Accept
grid-act-note = 📝 Progress
grid-act-resolve = ✔️ Resolve
grid-act-ask = ❓ Ask the reporter
grid-act-transfer = 🔁 Transfer
grid-act-reject = ✖ Reject
grid-done-accepted = ✅ { $number } accepted; the reporter is told.
grid-ask-act-text = { $action ->
    [note] 📝 What progress on { $number }?
    [ask] ❓ What would you like to ask the reporter?
    [reject] ✖ Why is it not accepted?
    [resolve] ✔️ How was it resolved?
   *[transfer] 🔁 Why transfer it?
} (at most { $max } { $max ->
    [one] character
   *[other] characters
})
grid-done = { $action ->
    [note] 📝 Progress noted; the reporter is told.
    [ask] ❓ Question sent; the answer will come to you.
    [reject] ✖ Rejected; the reporter gets the reason and where to go.
    [resolve] ✔️ Resolved; waiting for the reporter to confirm.
   *[transfer] 🔁 Transferred.
} ({ $number })
grid-transferred-away = The case was transferred and is no longer in your list.
grid-ask-instead = Where should the reporter go instead? (e.g. the 12345 hotline, the property company, the police station; at most { $max } { $max ->
    [one] character
   *[other] characters
})
grid-ask-evidence = 📷 Please send a photo of the result as evidence ({ $number }).
grid-hint-evidence = Please send a photo.
grid-ask-target = 🔁 Transfer { $number } to whom?
grid-target-role = 👤 { $role }
grid-target-grid = 🏘 { $grid }

## Statistics
grid-stats-staff-only = This is for community staff and the administrators above them only.
grid-stats-row = · { $name }: { $count }
grid-stats = 📊 { $place }: grid cases ({ $total } in all){ HAS($by_category) ->
        [yes] {""}
            {""}
            By category:
            { $by_category }
       *[no] {""}
    }{ HAS($by_grid) ->
        [yes] {""}
            {""}
            By grid:
            { $by_grid }
       *[no] {""}
    }{ HAS($accept) ->
        [yes] {""}
            {""}
            Median time to accept: { $accept } h
       *[no] {""}
    }{ HAS($resolve) ->
        [yes] {""}
            Median time to resolve: { $resolve } h
       *[no] {""}
    }{ HAS($on_time) ->
        [yes] {""}
            Resolved on time: { $on_time }
       *[no] {""}
    }{ HAS($reopen) ->
        [yes] {""}
            Reopened: { $reopen }
       *[no] {""}
    }{ HAS($satisfaction) ->
        [yes] {""}
            Satisfied: { $satisfaction }
       *[no] {""}
    }

## Categories
grid-cat-ask-zh = New report category: please type its Chinese name (at most 40 characters).
grid-cat-ask-en = Please type its English name, or skip (the Chinese name is used).
grid-cat-ask-hours = Accept within how long?
grid-cat-hours = { $hours } h
grid-cat-ask-days = Resolve within how many days?
grid-cat-days = { $days } d
grid-cat-ask-role = Who handles it?
grid-cat-added = ✅ Category "{ $name }" added: accepted within { $hours } h, resolved within { $days } { $days ->
    [one] day
   *[other] days
}, handled by the { $role }.

## Refusals
grid-category-bad-role = That role cannot handle cases.
grid-category-bad-deadline = Those deadlines are not reasonable.
grid-category-exists = There is already a category "{ $name }".
grid-no-grid = That place is in no grid; please choose another building.
grid-wrong-state = { $case } cannot do that in its current state; please open it again.
grid-no-question = { $case } has no open question.
grid-transfer-bad-target = It cannot be transferred there.
grid-transfer-same = The case is already handled there.
grid-not-reporter = Only the reporter can confirm { $case } is fixed.
grid-reopen-too-late = { $case } was resolved more than { $days } { $days ->
    [one] day
   *[other] days
} ago and cannot be reopened. Please report it again.
grid-stats-chart-title = Cases in { $place } ({ $total } in all)
grid-stats-chart-cases = Cases
grid-stats-chart-axis = Cases (by category, by grid)
