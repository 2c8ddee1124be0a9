## Staff console: hearings (bot/console/views/hearings.py)

console-hearings-nav = Hearings
console-hearings-title = Hearings
console-hearings-new = New hearing
console-hearings-new-title = New hearing · { $community }
console-hearings-back = ← All hearings
console-hearings-none = No hearings yet.
console-hearings-subject = Subject
console-hearings-kind = Kind
console-hearings-time = Time of the hearing
console-hearings-phase = Status
console-hearings-confirmed = Confirmed
console-hearings-confirmed-of = { $confirmed } / { $invited }
console-hearings-opinions = Written opinions
console-hearings-description = Public description
console-hearings-public-hint = The subject and the description are shown to every resident of the community: do not write an applicant's name, phone or address here.
console-hearings-applicant = Applicant's details (staff only)
console-hearings-applicant-hint = Shown only in the console, never to residents, and never in the notice or any message. Opening this page is recorded in the audit log.
console-hearings-applicant-form-hint = If the applicant's name, phone or address must be kept, put them here only: shown in the console alone, never to residents, never in the notice or any message.
console-hearings-no-applicant = No applicant's details recorded.
console-hearings-room = Place (the room is held in your name)
console-hearings-capacity = { $count ->
    [one] seats 1 person
   *[other] seats { $count } people
  }
console-hearings-no-rooms = The community has no bookable centre rooms yet.
console-hearings-day = Date
console-hearings-start = Start
console-hearings-end = End
console-hearings-notice-until = End of the notice period
console-hearings-notice-time = Time
console-hearings-notice-hint = The notice period starts when the notice is published and ends at this time; residents may send written opinions during it. The hearing is held after the notice period ends.
console-hearings-representatives = Invited residents' representatives (at most { $max })
console-hearings-create = Create (not yet public)
console-hearings-bad-time = Please give complete dates and times.
console-hearings-pick-kind = Please choose the kind of hearing.
console-hearings-pick-room = Please choose the place.
console-hearings-created = Hearing created and room held. Check it, then publish the notice.
console-hearings-what-residents-see = What residents see
console-hearings-facts = { $community } · created by { $creator } on { $created }
console-hearings-representatives-title = Residents' representatives ({ $count })
console-hearings-name = Name
console-hearings-answer = Answer
console-hearings-answered-at = Answered
console-hearings-answer-value = { $answer ->
    [confirmed] ✅ will attend
    [declined] ❌ cannot attend
   *[invited] no answer yet
  }
console-hearings-no-representatives = No representatives invited.
console-hearings-opinions-title = Written opinions ({ $count })
console-hearings-opinions-hint = Authors are shown to staff only; residents see how many opinions there are.
console-hearings-author = From
console-hearings-opinion = Opinion
console-hearings-written = Written
console-hearings-no-opinions = No written opinions yet.
console-hearings-publish-title = Publish the notice
console-hearings-publish-hint = Every resident of the community then receives the notice, and the invited representatives their invitation (messages at night wait for the morning).
console-hearings-publish = Publish the notice and tell residents
console-hearings-outcome = Outcome
console-hearings-outcome-text = Outcome (shown to the community's residents)
console-hearings-outcome-hint = Residents who sent an opinion and every invited representative are told. Do not write the applicant's personal details.
console-hearings-publish-outcome = Publish the outcome
console-hearings-outcome-later = Once the hearing has been held, publish its outcome here.
console-hearings-cancel-title = Cancel the hearing
console-hearings-reason = Reason
console-hearings-confirm-cancel = Yes, cancel it and release the held room
console-hearings-cancel = Cancel the hearing
console-hearings-published = Notice published: { $told ->
    [one] 1 resident told
   *[other] { $told } residents told
  }, { $invited ->
    [one] 1 representative invited
   *[other] { $invited } representatives invited
  }.
console-hearings-outcome-published = Outcome published; { $told ->
    [one] 1 person told
   *[other] { $told } people told
  }.
console-hearings-cancelled = Hearing cancelled, room released; { $told ->
    [one] 1 person told
   *[other] { $told } people told
  }.
