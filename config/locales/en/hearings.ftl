## Hearings (handlers/hearings/)
menu-hearings = ⚖️ Hearings
menu-hearings-staff = ⚖️ Manage hearings
hearings-cmd = Community hearings: notices, opinions, outcomes
hearings-kind = { $kind ->
    [allowance] Subsistence allowance hearing
    [repair] Repair fund hearing
   *[other] Community hearing
  }
hearings-phase = { $phase ->
    [draft] 📝 Draft (not yet public)
    [notice] 📢 Notice period: opinions welcome
    [upcoming] 🗓 Notice period over, hearing to come
    [held] ⏳ Held, outcome to follow
    [decided] ✅ Outcome published
   *[cancelled] ❌ Cancelled
  }
hearings-page = ⚖️ { $subject }
    Kind: { $kind }
    When: { $time }
    Where: { $place }{ HAS($address) ->
        [yes] {" "}({ $address })
       *[no] {""}
    }
    { HAS($notice_from) ->
        [yes] Notice period: { $notice_from } to { $notice_until }
       *[no] Opinions until: { $notice_until }
    }
    Written opinions received: { $opinions }{ HAS($description) ->
        [yes] {"\u000A"}{"\u000A"}{ $description }
       *[no] {""}
    }
hearings-page-outcome = 📋 Outcome of the hearing:
    { $outcome }
hearings-page-cancelled = ❌ This hearing has been cancelled.
hearings-read-button = 📄 Read the notice
hearings-opinion-button = { $edit ->
    [yes] ✏️ Change my opinion
   *[no] ✍️ Write an opinion
  }
hearings-confirm-button = ✅ I will attend
hearings-decline-button = ❌ I can't attend
hearings-notice = 📢 Notice of a hearing: { $subject }
    When: { $time }
    Where: { $place }
    Every resident of the community may send a written opinion until { $until }.
hearings-invitation = 📨 You are invited as a residents' representative to the hearing: { $subject }
    When: { $time }
    Where: { $place }{ HAS($address) ->
        [yes] {" "}({ $address })
       *[no] {""}
    }
    Please tell us whether you can attend.
hearings-reminder = ⏰ Reminder: the hearing "{ $subject }" is held { $time } at { $place }. { $answered ->
    [yes] Thank you for confirming.
   *[no] Please tell us whether you can attend.
  }
hearings-outcome-told = 📋 The outcome of the hearing "{ $subject }" is published:
    { $outcome }
hearings-cancelled-told = ❌ The hearing "{ $subject }" ({ $time }) has been cancelled. We are sorry for the inconvenience.
hearings-list-button = { $subject } · { $phase }
hearings-manage-button = ⚖️ Manage hearings (staff)
hearings-list = ⚖️ Hearings of your community. Choose one to read:
hearings-list-none = ⚖️ Your community has no hearing in its notice period at the moment.
hearings-your-opinion = ✍️ Your opinion:
    { $text }
hearings-your-answer = { $answer ->
    [confirmed] ✅ You have confirmed that you will attend as a representative.
    [declined] ❌ You have said you cannot attend.
   *[invited] 📨 You are invited as a residents' representative: please say whether you can attend.
  }
hearings-back-button = ⬅️ All hearings
hearings-opinions-closed = ⌛ Opinions on this hearing closed on { $until }; they can no longer be sent or changed.
hearings-ask-opinion = ✍️ Type your written opinion on "{ $subject }" (at most { $max ->
        [one] 1 character
       *[other] { $max } characters
    }). You can change it until { $until }.{ HAS($current) ->
    [yes] {"\u000A"}{"\u000A"}Your opinion now:{"\u000A"}{ $current }{"\u000A"}{"\u000A"}Sending a new one replaces it.
   *[no] {""}
  }
hearings-opinion-saved = { $new ->
    [yes] ✅ Thank you, your opinion is in.
   *[no] ✅ Your opinion is changed.
  } You can still change it until { $until }. Your name is not made public.
hearings-invitation-closed = ⌛ This hearing has begun or is over; answers are closed.
hearings-change-answer = { $answer ->
    [confirmed] ✅ Change to: I will attend
   *[declined] ❌ Change to: I can't attend
  }
hearings-answered = { $answer ->
    [confirmed] ✅ Thank you! You are confirmed for the hearing "{ $subject }".
   *[declined] Noted: you cannot attend the hearing "{ $subject }".
  }
    When: { $time }
    Where: { $place }
hearings-staff-line = { $subject } · { $phase }
hearings-staff-list = ⚖️ Hearings of { $community }. Create hearings, read opinions and publish outcomes in the staff console.
hearings-staff-none = ⚖️ { $community } has no hearings yet. Create one in the staff console.
hearings-staff-invitee = · { $name }: { $answer ->
    [confirmed] will attend
    [declined] cannot attend
   *[invited] no answer yet
  }
hearings-staff-page = ⚖️ { $subject }
    { $phase }
    When: { $time }
    Where: { $place }
    Opinions until: { $until }
    Written opinions: { $opinions }
    Representatives: { $invited }{ HAS($answers) ->
        [yes] {"\u000A"}{ $answers }
       *[no] {""}
    }
hearings-staff-back = ⬅️ All hearings
hearings-err-too-many = At most { $max ->
    [one] 1 representative
   *[other] { $max } representatives
  }.
hearings-err-representative = Representatives must be registered residents of the community.
hearings-err-subject = Please give the hearing's subject, at most { $max ->
        [one] 1 character
       *[other] { $max } characters
    }.
hearings-err-description = The public description takes at most { $max ->
        [one] 1 character
       *[other] { $max } characters
    }.
hearings-err-applicant = The applicant's details take at most { $max ->
        [one] 1 character
       *[other] { $max } characters
    }.
hearings-err-not-allowed = Only the community's staff and street or district admins may call a hearing.
hearings-err-past = That time has passed; please choose a later one.
hearings-err-ends = The end must be after the start.
hearings-err-notice-past = The end of the notice period has passed; please choose a later one.
hearings-err-notice-after = A hearing is held after its notice period ends.
hearings-err-room = Please choose a room of one of the community's centres.
hearings-err-room-taken = The room is booked or closed at that time; please choose another time or room.
hearings-err-not-draft = This hearing's notice is already published.
hearings-err-closed = This hearing is over or cancelled.
hearings-err-not-invited = You are not among this hearing's representatives.
hearings-err-invitation-closed = This hearing has begun or is over; answers are closed.
hearings-err-not-yours = This hearing is not one of your community's.
hearings-err-opinions-closed = Opinions on this hearing are closed.
hearings-err-opinion-length = Please write your opinion, at most { $max ->
        [one] 1 character
       *[other] { $max } characters
    }.
hearings-err-outcome-state = Only a hearing whose notice is published and whose outcome is not yet may get an outcome.
hearings-err-not-held-yet = The outcome can be published once the hearing has been held.
hearings-err-outcome-length = Please write the outcome, at most { $max ->
        [one] 1 character
       *[other] { $max } characters
    }.
