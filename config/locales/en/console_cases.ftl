## Staff console: grid cases (bot/console/views_cases.py, templates/cases/)

console-nav-cases = Cases
console-cases-title = Grid cases
console-cases-filter-grid = Grid
console-cases-filter-category = Category
console-cases-filter-state = State
console-cases-filter-sla = Deadline
console-cases-filter-dropped = A filter value was not valid (perhaps an old link); it was set back to "any".
console-cases-any = Any
console-cases-state-all = Every state (finished too)
console-cases-sla = { $colour ->
    [green] 🟢 on time
    [yellow] 🟡 due soon
    [red] 🔴 overdue
   *[none] ⚪ no deadline
}
console-cases-apply = Filter
console-cases-reset = Clear filters
console-cases-count = { $count ->
    [one] { $count } case
   *[other] { $count } { $count ->
    [one] case
   *[other] cases
}
}
console-cases-empty = No cases match.
console-cases-col-number = Number
console-cases-col-sla = Deadline
console-cases-col-category = Category
console-cases-col-place = Place
console-cases-col-state = State
console-cases-col-due = Due
console-cases-col-created = Reported
console-cases-escalated = ⏫ escalated to { $level }
console-cases-pages = Pages
console-cases-page = Page { $page } of { $pages }
console-cases-prev = ‹ Previous
console-cases-next = Next ›

console-cases-back = ← Back to the cases
console-cases-case-title = { $number } · { $category }
console-cases-facts = The case
console-cases-fact-handler = Handled by
console-cases-fact-accept-due = Accept by
console-cases-fact-resolve-due = Resolve by
console-cases-fact-resolved = Resolved
console-cases-fact-reporter = Reported by
console-cases-fact-followers = Following
console-cases-followers = { $count ->
    [one] { $count } person
   *[other] { $count } { $count ->
    [one] person
   *[other] people
}
}
console-cases-question-open = ❓ Waiting for the reporter to answer a question.
console-cases-actions = Handling
console-cases-finished = This case is resolved or was not accepted; there is nothing more to do here.
console-cases-note-label = Progress (at most { $max } { $max ->
    [one] character
   *[other] characters
})
console-cases-resolve-label = How was it resolved? (at most { $max } { $max ->
    [one] character
   *[other] characters
})
console-cases-resolve-photo = Photo of the result (required; JPEG, PNG or WebP)
console-cases-ask-label = What would you like to ask the reporter? (at most { $max } { $max ->
    [one] character
   *[other] characters
})
console-cases-transfer-target = Transfer to
console-cases-transfer-reason = Why transfer it? (at most { $max } { $max ->
    [one] character
   *[other] characters
})
console-cases-reject-reason = Why is it not accepted? (at most { $max } { $max ->
    [one] character
   *[other] characters
})
console-cases-reject-instead = Where should the reporter go instead? (e.g. the 12345 hotline, the property company; at most { $max } { $max ->
    [one] character
   *[other] characters
})
console-cases-photos = Photos
console-cases-no-photos = No photos.
console-cases-photo-alt = Photo { $index } of { $number }
console-cases-photo-kind = { $evidence ->
    [yes] the result
   *[no] from the reporter
}
console-cases-history = History
console-cases-event = { $kind ->
    [submitted] reported
    [followed] someone followed
    [accepted] accepted
    [question] question to the reporter
    [answer] the reporter answered
    [transferred] transferred
    [note] progress
    [resolved] resolved
    [rejected] not accepted
    [confirmed] the reporter confirmed
    [closed] closed automatically
    [reopened] reopened
    [warned] deadline near
    [escalated] escalated (overdue)
   *[other] other
}
console-cases-event-go = Go instead to: { $where }
console-cases-event-to = To: { $target }
console-cases-event-level = Escalated to { $level }
console-cases-event-rating = { $rating ->
    [satisfied] satisfied
   *[unsatisfied] not quite satisfied
}

console-cases-bad-target = Choose whom to transfer it to from the list.
console-cases-photo-required = Resolving needs a photo of the result.
console-cases-photo-type = That file is not a JPEG, PNG or WebP photo.
console-cases-col-escalated = Escalated to
console-cases-xlsx = ⬇ Export to Excel (these filters, every page)
