## Console: residents' talk (bot/console/views/talk.py)
console-talk-nav = Residents' talk
console-talk-title = Residents' talk
console-talk-intro = Matters residents raised, most supported first. Answers are public and every supporter is told; meetings are held in a centre room, and their minutes go to the supporters.
console-talk-matters = Matters
console-talk-filter-waiting = Waiting for an answer
console-talk-filter-answered = Answered
console-talk-filter-all = All
console-talk-col-number = Number
console-talk-col-title = Matter
console-talk-col-community = Community
console-talk-col-supports = Supports / threshold
console-talk-col-status = Status
console-talk-col-raised = Raised
console-talk-col-when = When
console-talk-col-meeting = Meeting
console-talk-col-signups = Signed up
console-talk-no-matters = No matters match.
console-talk-meetings = Residents' meetings
console-talk-new-meeting = Schedule a meeting of { $community }
console-talk-no-meetings = No meetings yet.
console-talk-back = ← Back to residents' talk
console-talk-facts = Details
console-talk-supports = { $supports } { $supports ->
        [one] supporter
       *[other] supporters
    } (threshold { $threshold })
console-talk-has-photo = The resident's photo
console-talk-author = Raised by
console-talk-author-unnamed = a resident (no name given)
console-talk-author-gone = (personal details deleted)
console-talk-author-private = Only staff see who raised it; residents see the matter without any name or address.
console-talk-answer = Answer
console-talk-linked = Linked to
console-talk-outcome = Decided
console-talk-answer-title = Public answer
console-talk-decision = Decision
console-talk-answer-label = Answer (character limit: { $max }; accepting: what will be done; declining: why; not needed for the agenda)
console-talk-link-label = Linked grid case or 12343 request number (optional)
console-talk-answer-send = Publish the answer and tell the supporters
console-talk-default-title = Residents' meeting
console-talk-meeting-title = Meeting name (character limit: { $max })
console-talk-room = Room
console-talk-day = Date
console-talk-start = Starts
console-talk-end = Ends
console-talk-agenda-waiting = Matters waiting for a meeting: { $count }; they go on this meeting's agenda.
console-talk-invite-hint = Scheduling holds the room and sends every resident of the community a notice with an "I'll come" button.
console-talk-schedule = Schedule the meeting and tell the residents
console-talk-no-rooms = This community has no rooms yet; add one under "Rooms" first.
console-talk-pick-room = Please choose a room.
console-talk-bad-time = The date or time is not in the right form.
console-talk-scheduled = Meeting scheduled, room held and invitation sent; { $agenda } on the agenda.
console-talk-agenda = Agenda
console-talk-agenda-empty = Nothing on the agenda yet.
console-talk-minutes = Minutes
console-talk-actions = Actions
console-talk-minutes-label = Minutes (character limit: { $max })
console-talk-outcome-label = What was decided on { $number } "{ $title }"
console-talk-minutes-hint = Once published, each matter's supporters get what was decided, and those who signed up get the minutes.
console-talk-publish-minutes = Publish the minutes
console-talk-minutes-later = Once the meeting has begun, publish its minutes here.
console-talk-minutes-published = Minutes published; { $told } { $told ->
        [one] resident was
       *[other] residents were
    } told.
console-talk-cancel = Cancel this meeting
console-talk-cancel-reason = Why (those who signed up are told)
console-talk-cancelled = Meeting cancelled, room given back; { $told } { $told ->
        [one] resident who had signed up was
       *[other] residents who had signed up were
    } told.
