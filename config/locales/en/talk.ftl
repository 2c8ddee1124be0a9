## Residents' talk (居民说事, handlers/talk)
menu-talk = 🗣 Residents' talk
cmd-talk = Residents' talk: raise a matter, see what neighbours raised, meetings
talk-overview = 🗣 Residents' talk
    Anything you would like the community to do, say it here. A matter supported by { $threshold } { $threshold ->
        [one] neighbour
       *[other] neighbours
    } goes on the agenda of the next residents' meeting by itself.

    Matters under discussion: { $open }
    { $meeting }
talk-next-meeting = 📅 Next meeting: { $when } "{ $title }"
talk-no-meeting = 📅 The next meeting has not been scheduled yet.
talk-button-raise = ✍️ Raise a matter
talk-button-top = 🔥 Most supported
talk-button-new = 🆕 Newest
talk-button-meetings = 📅 Meetings
talk-button-mine = 📝 My matters
talk-button-answered = ✅ Answered
talk-button-back = ↩ Back to residents' talk
talk-button-more = ⬇️ More
talk-button-view = 👀 See this matter
talk-button-support = 👍 I support this
talk-button-meeting = 📅 See the meeting
talk-ask-title = ✍️ What would you like to raise? Say it in one line (character limit: { $most }), e.g. "Street lights at the east gate are broken".
talk-err-title = Say it in one line (title length in characters: { $least } to { $most }).
talk-similar = 🔎 Neighbours have raised something similar:

    { $matters }

    If it is the same matter, just press "Support": the more support, the sooner it is on the agenda.
talk-support-this = 👍 Support: { $title }
talk-not-the-same = ✍️ It's different, go on
talk-ask-body = "{ $title }"
    A few more lines, please: where, what is happening, what you would like done (character limit: { $most }). You may skip this.
talk-no-body = ➡️ Nothing to add
talk-err-body = Too long, please shorten it (character limit: { $most }).
talk-ask-photo = 📷 If you have a photo, send one: it shows the matter better. Otherwise press "No photo".
talk-no-photo = ➡️ No photo
talk-photo-expected = A photo is needed here, not a location.
talk-hint-photo = Please send a photo, or press "No photo".
talk-preview = Please check your matter:

    "{ $title }"
    { $body }{ $photo ->
        [1] {"\u000A"}📷 One photo attached
       *[other] {""}
    }

    Once submitted, your neighbours can see and support it (your name and address are not shown).
talk-preview-no-body = (nothing added)
talk-submit = ✅ Submit
talk-raised = ✅ Submitted as { $number }. Community staff will answer in public; with { $threshold } { $threshold ->
        [one] supporter
       *[other] supporters
    } it goes on the meeting's agenda by itself.
talk-cancelled = All right, the matter was not submitted.
talk-list-top = 🔥 Most supported ({ $total } in all)
talk-list-new = 🆕 Newest ({ $total } in all)
talk-list-mine = 📝 Matters I raised
talk-list-done = ✅ Answered by the community or decided at a meeting ({ $total } in all)
talk-list-empty = Nothing here yet. If you have an idea, raise it!
talk-open = { $label }
talk-line = 👍{ $supports } { $title } ({ $status })
talk-open-meeting = 📅 { $when } { $title }
talk-open-minutes = 📝 Minutes: { $when } { $title }
talk-meetings = { $upcoming ->
        [0] 📅 No residents' meeting coming up. Past meetings' minutes:
        [one] 📅 One residents' meeting coming up. Choose it for its agenda and to sign up, or a past one for its minutes:
       *[other] 📅 { $upcoming } residents' meetings coming up. Choose one for its agenda and to sign up, or a past one for its minutes:
    }
talk-meetings-none = 📅 No residents' meetings yet. Everyone will be told when one is scheduled.
talk-status-open = gathering support
talk-status-agenda = on a meeting's agenda
talk-status-accepted = accepted by the community
talk-status-declined = not taken up
talk-status-decided = decided at a meeting
talk-matter = 🗣 { $number } "{ $title }"
    Status: { $status } · 👍 { $supports } { $supports ->
        [one] supporter
       *[other] supporters
    }
    Raised: { $when }
talk-matter-answer = 💬 The community's answer: { $answer }
talk-matter-meeting = 📅 To be discussed on { $when } at "{ $title }".
talk-matter-next-meeting = 📅 To be discussed at the next residents' meeting (date to come).
talk-matter-outcome = 📝 The meeting decided: { $outcome }
talk-supported = 👍 Thank you for your support! { $supports } { $supports ->
        [one] supporter
       *[other] supporters
    } now.
talk-already-supported = You already support this matter ({ $supports } { $supports ->
        [one] supporter
       *[other] supporters
    }).
talk-meeting = 📅 { $title }
    When: { $when }–{ $until }
    Where: { $place }
    Status: { $status } · { $signups } signed up
talk-meeting-status-scheduled = coming up
talk-meeting-status-held = held
talk-meeting-status-cancelled = cancelled
talk-agenda-heading = Agenda ({ $count } { $count ->
        [one] matter
       *[other] matters
    }):
talk-agenda-outcome = ↳ Decided: { $outcome }
talk-agenda-empty = Agenda: matters staff and residents talk over together.
talk-minutes = 📝 Minutes: { $minutes }
talk-sign-up = ✋ I'll come
talk-withdraw = ↩ Cancel my sign-up
talk-signed-up = ✅ Signed up. You will be reminded the day before.
talk-already-signed-up = You have already signed up.
talk-withdrawn = Your sign-up is cancelled.
talk-not-signed-up = You had not signed up.
talk-invitation = 📣 You are invited to a residents' meeting:

    { $text }

    Come and talk about what matters to you. Press the button below to sign up.
talk-told-staff-new = 🗣 Residents raised a new matter, { $number }:
    "{ $title }"
    { $body }
talk-decide-accept = ✅ Accept
talk-decide-agenda = 📅 To the agenda
talk-decide-decline = ✖ Decline
talk-told-threshold = 🎉 "{ $title }" ({ $number }) has { $supports } supporters and is on the next residents' meeting's agenda.
talk-told-accepted = ✅ "{ $title }" ({ $number }), which you support, was accepted by the community:
    { $answer }
talk-told-agenda = 📅 "{ $title }" ({ $number }), which you support, is on a residents' meeting's agenda; you will be told when it meets.
talk-told-declined = "{ $title }" ({ $number }), which you support, was not taken up. The reason:
    { $answer }
talk-told-outcome = 📝 "{ $meeting }" decided on "{ $title }", which you support:
    { $outcome }
talk-told-minutes = 📝 The minutes of "{ $meeting }" are out; see them below.
talk-told-cancelled = "{ $meeting }" ({ $when }) is cancelled; its agenda moves to the next residents' meeting. Sorry for the trouble.
talk-told-reminder = ⏰ Reminder: "{ $meeting }", which you signed up for, meets on { $when } at { $place }.
talk-ask-accept = ✅ Accepting "{ $title }". Say what the community will do and about when (character limit: { $most }); residents will see it.
talk-ask-decline = ✖ Declining "{ $title }". Say why (character limit: { $most }); residents will see it.
talk-ask-link = 🔗 Is there a grid case or 12343 request for it? Type its number (e.g. G000123 or 12343-20261203-0001), or skip.
talk-no-link = ➡️ No, skip
talk-link-unknown = This community has no grid case or request numbered "{ $number }". Check it and type it again, or skip.
talk-hint-link = Type a case or request number, or press "Skip".
talk-answered = ✅ { $number } answered; { $told } { $told ->
        [one] resident was
       *[other] residents were
    } told.
talk-err-answered = This matter has been answered already.
talk-err-not-resident = Please join your community first to raise a matter.
talk-err-other-community = This is another community's matter; only its residents can support it.
talk-err-closed = This matter has been answered or decided; it can no longer be supported.
talk-err-answer-long = The answer is too long (character limit: { $most }).
talk-err-answer-needed = Please write a few words of answer; residents will see it.
talk-err-meeting-title = The meeting needs a name (character limit: { $most }).
talk-err-meeting-closed = This meeting has begun, ended or been cancelled; signing up is closed.
talk-err-minutes-done = This meeting's minutes are out already, or it was cancelled.
talk-err-minutes-early = Minutes can be published once the meeting has begun.
talk-err-minutes = Please write the minutes (character limit: { $most }).
talk-err-outcome = Please write what was decided on { $number } (character limit: { $most }).
