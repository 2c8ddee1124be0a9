## 12343 convenience hotline

menu-hotline = 🛎 12343 services
menu-hotline-desk = ☎️ 12343 desk
menu-hotline-tickets = 🧾 My work orders
role-hotline_operator = 12343 hotline operator

hotline-price-free = Free
hotline-price-quote = Market price (quoted on site)
hotline-price-low = Low-cost { $price }{ HAS($unit) ->
        [yes] /{ $unit }
       *[no] {""}
    }
hotline-price-market = Market price from { $price }{ HAS($unit) ->
        [yes] /{ $unit }
       *[no] {""}
    }
hotline-hours-24 = Round the clock
hotline-hours = Hours { $open }–{ $close }
hotline-status-offered = Finding a provider
hotline-status-queued = Waiting for an operator
hotline-status-accepted = In service
hotline-status-done = Done, please confirm
hotline-status-closed = Closed
hotline-status-cancelled = Cancelled
hotline-time-asap = As soon as possible
hotline-window = { $start }–{ $end }
hotline-window-day = { $day ->
        [0] Today
        [1] Tomorrow
       *[other] The day after
    } { $start }–{ $end }

hotline-case-card =
    📋 Ticket { $ticket }
    Service: { $service }
    Status: { $status }
    Preferred time: { $time }{ HAS($answers) ->
        [yes] {""}
            Details:
            { $answers }
       *[no] {""}
    }
hotline-contact-hidden = 🔒 The resident's address and phone are shown once you accept.
hotline-contact =
    👤 Contact: { $who }
    📍 Address: { $address }{ HAS($phone) ->
        [yes] {""}
            📞 Phone: { $phone }
       *[no] {""}
    }

hotline-offer =
    🔔 A new request — can you take it?
    { $card }
    { $until }
hotline-offer-until = Please answer by { $time }; after that it goes to another provider.
hotline-accept-1h = ✅ Accept · there within 1 hour
hotline-accept-today = ✅ Accept · today
hotline-accept-asked = ✅ Accept · at the time asked
hotline-decline = ✖ Cannot take it
hotline-op-queued = 📥 No provider took ticket { $ticket } ({ $service }); an operator needs to arrange it.
hotline-op-open = 📂 Open the ticket
hotline-resident-accepted = ✅ { $provider } has taken your request { $ticket } ({ $service }). Expected: { $eta }.
hotline-resident-done =
    🧹 { $provider } says { $ticket } ({ $service }) is done.{ HAS($note) ->
        [yes] {""}
            Note: { $note }
       *[no] {""}
    }
    Please confirm and rate it. Without an answer it closes in { $days } { $days ->
    [one] day
   *[other] days
}.
hotline-resident-queued = ⏳ No provider could take your request { $ticket } ({ $service }) yet; a 12343 operator will arrange it.
hotline-resident-closed = Your request { $ticket } ({ $service }) was closed as completed (unrated). Thank you for using 12343!
hotline-confirm = ⭐ Confirm and rate
hotline-notdone = ↩ It was not done
hotline-see-photo = 🖼 See the photo
hotline-open-request = 📋 Open my request
hotline-provider-cancelled = ✖ The resident cancelled ticket { $ticket } ({ $service }); no visit needed.
hotline-provider-reopened = ↩ The resident says ticket { $ticket } ({ $service }) was not done; please go back to it soon.
hotline-provider-withdrawn = An operator gave ticket { $ticket } ({ $service }) to another provider.
hotline-case-open = 📂 Open the ticket
hotline-op-warning =
    { $level ->
        [1] 🟡 Yellow warning
       *[2] 🔴 Red warning
    }: ticket { $ticket } ({ $service }) { $deadline ->
        [response] must be answered
       *[completion] must be finished
    } by { $due }. Provider: { $provider }
hotline-op-reopened = ↩ The resident says ticket { $ticket } ({ $service }) was not done; it went back to { HAS($provider) ->
        [yes] { $provider }
       *[no] the provider
    }.

hotline-no-community = Please set your community in "My details" first.
hotline-choose-category = 🛎 12343 convenience services. Choose a category, or just say what you need (e.g. "leaking pipe"):
hotline-my-requests = 📋 My requests
hotline-search-none = No service matches that; try other words, or choose a category.
hotline-search-results = Did you mean:
hotline-all-categories = 📂 All categories
hotline-choose-service = { $category }: choose a service
hotline-back = ↩ Back
hotline-service-unavailable = That service is paused; please choose another.
hotline-service-card =
    🛎 { $service }{ HAS($description) ->
        [yes] {""}
            { $description }
       *[no] {""}
    }
    💰 { $price }
    🕘 { $hours }{ $open ->
        [yes] {" "}(open now)
       *[no] {" "}(closed now; handled once it opens)
    }
    ⏱ answered within { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
} · { $providers } { $providers ->
    [one] provider
   *[other] providers
} serve your community
hotline-provider-any = 👍 Any (we arrange it)
hotline-provider-none = no provider has taken it yet
hotline-choose-provider = Choose a provider:
hotline-question =
    Question { $number }/{ $total }: { $question }{ $required ->
        [yes] {" "}(required)
       *[no] {""}
    }{ $typed ->
        [yes] {" "}Please type your answer.
       *[no] {""}
    }
hotline-question-must = This question must be answered so the provider can come prepared. Please answer it.
hotline-choose-time = When would you like the service? You can also type e.g. "11-25 14:00".
hotline-time-past = That time has already passed; please choose a later one.
hotline-time-invalid = I did not understand that time; type it like "11-25 14:00", or press a button.
hotline-address-home = 🏠 { $address }
hotline-address-other = ✏ Another address
hotline-choose-address = Where should the service be?
hotline-address-ask = Please send the address (at most { $max } { $max ->
    [one] character
   *[other] characters
}).
hotline-for-whom = Who is this for?
hotline-for-me = 🙋 For me
hotline-for-other = 👪 For a relative or neighbour
hotline-other-name = Please send the name of the person to be served, e.g. "Grandma Zhang downstairs".
hotline-other-phone = Please send their (or a contact's) mobile number.
hotline-phone-invalid = That does not look like a mobile number; please send 11 digits, e.g. 13812345678.
hotline-phone-ask = The provider needs to reach you: please send your mobile number (11 digits). It is kept in "My details", where you can remove it.
hotline-confirm-summary =
    Please check:
    Service: { $service } ({ $price })
    Provider: { $provider }{ HAS($answers) ->
        [yes] {""}
            Details:
            { $answers }
       *[no] {""}
    }
    Time: { $time }
    Address: { $address }{ HAS($contact) ->
        [yes] {""}
            Contact: { $contact }
       *[no] {""}
    }
hotline-submit = ✅ Submit
hotline-submitted =
    ✅ Received! Ticket: { $ticket }
    Service: { $service }
    { $queued ->
        [yes] No provider is available yet; a 12343 operator will arrange it.
       *[no] Sent to a provider, usually answered within { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
}. We will tell you when it is accepted.
    }
hotline-my-none = You have no requests yet.
hotline-my-line = …{ $ticket } { $service } · { $status }
hotline-plain = { $text }
hotline-my-list = Your latest { $count } { $count ->
    [one] request
   *[other] requests
}:
hotline-cancel-request = ✖ Cancel the request
hotline-my-back = 📋 My requests
hotline-my-request =
    📋 Ticket { $ticket }
    Service: { $service }
    Status: { $status }{ HAS($provider) ->
        [yes] {""}
            Provider: { $provider }
       *[no] {""}
    }
    Preferred time: { $time }{ HAS($eta) ->
        [yes] {""}
            Expected: { $eta }
       *[no] {""}
    }{ HAS($note) ->
        [yes] {""}
            Provider's note: { $note }
       *[no] {""}
    }
    { $rating ->
        [0] {""}
       *[other] Your rating: { $rating } { $rating ->
    [one] star
   *[other] stars
}
    }
hotline-no-photo = This ticket has no photo.
hotline-photo-caption = The photo for ticket { $ticket }
hotline-reopened = Noted: { $ticket } was not done. The provider has been asked to come back, and an operator will follow up.
hotline-cancel-confirm = Cancel this request?
hotline-cancel-yes = ✖ Yes, cancel
hotline-cancel-no = ↩ Keep it
hotline-cancelled = Request { $ticket } is cancelled.
hotline-rate-ask = How was the service?
hotline-comment-ask = Anything to add? Send a short comment, or press "Skip".
hotline-rated = 🙏 Thank you for rating it ({ $stars } { $stars ->
    [one] star
   *[other] stars
})! Ticket { $ticket } is closed.

hotline-admin-price-invalid = I did not understand the price. Write "free", "low-cost 20", "market 80" or "market".
hotline-admin-hours-invalid = I did not understand the hours. Write "8-20" or "24".
hotline-service-closed = "{ $service }" is paused.
hotline-question-required = A required question is unanswered: { $question }
hotline-answer-line = · { $question }{ $asks ->
    [yes] {" "}
   *[no] {": "}
}{ $answer }
hotline-case-not-open = Ticket { $ticket } is no longer open.
hotline-case-gone = This ticket no longer exists.
hotline-not-your-case = This ticket was not sent to your organisation; you cannot act on it.
hotline-offer-gone = This offer is no longer open (taken, cancelled or sent elsewhere).
hotline-case-not-in-service = Ticket { $ticket } is not in service, so it cannot be marked done.
hotline-request-not-yours = This is not your request.
hotline-cannot-cancel = Ticket { $ticket } is already done or closed and cannot be cancelled.
hotline-not-done-yet = Ticket { $ticket } has not been marked done.
hotline-rating-invalid = A rating is 1 to 5 stars.

hotline-not-provider = You are not on a provider's staff. To join, ask a 12343 operator.
hotline-case-line = …{ $ticket } { $service } · { $status }
hotline-cases-none = No tickets to handle right now.
hotline-cases = Tickets to handle ({ $count }):
hotline-accepted = ✅ You took ticket { $ticket }.
hotline-declined = All right, ticket { $ticket } goes to another provider.
hotline-mark-done = ✅ Service done
hotline-cases-back = 📋 My tickets
hotline-done-note = Briefly, what was done (at most { $max } { $max ->
    [one] character
   *[other] characters
})? E.g. "replaced the kitchen pipe joint".
hotline-done-photo = 📷 If you have a photo of the finished work, send one; otherwise press the button.
hotline-no-photo-button = No photo, submit
hotline-done-photo-only = Please send a photo, or press "No photo".
hotline-done-photo-hint = Please send a photo, or press the button above.
hotline-done-saved = ✅ { $ticket } is marked done. The resident is asked to confirm; then the ticket closes.
hotline-operators-only = This is for 12343 hotline operators only.
hotline-not-your-area = This ticket is outside your area.
hotline-desk = ☎ 12343 hotline desk
hotline-desk-queue = 📥 To arrange ({ $count })
hotline-desk-overdue = ⏰ Overdue ({ $count })
hotline-desk-call = ☎ Log a phone call
hotline-desk-report = 📊 This month's evaluation
hotline-desk-catalogue = 🛠 Service catalogue
hotline-desk-line = { $mark } { $ticket } { $service } · { $status }
hotline-desk-empty = No tickets here.
hotline-desk-back = ↩ Back to the desk
hotline-desk-queue-title = 📥 Tickets to arrange:
hotline-desk-overdue-title = ⏰ Overdue tickets:
hotline-desk-case =
    Provider: { $provider }
    Answer by: { $respond }
    Finish by: { $complete }{ $overdue ->
        [yes] {" "}🔴 overdue
       *[no] {""}
    }
    Reopened: { $reopens }
hotline-desk-reassign = 🔀 Send to another provider
hotline-reassign-ask = Send ticket { $ticket } to which provider?
hotline-reassigned = 🔀 Ticket { $ticket } sent to { $provider }.
hotline-call-phone = ☎ Logging a call. Send the caller's mobile number:
hotline-call-known = Found{ HAS($name) ->
        [yes] : { $name }
       *[no] {""}
    }{ HAS($community) ->
        [yes] {" "}({ $community })
       *[no] {""}
    }. Now the request for them.
hotline-call-name = This number is new. Send the caller's name:
hotline-call-community = Which community does the caller live in?
hotline-call-new = A resident record was made for { $name }. Now the request for them.
hotline-report-line = { $provider }: took { $cases }/{ $offers } ({ $acceptance }%) { HAS($ontime) ->
        [yes] {" · "}on time { $ontime }%
       *[no] {""}
    }{ HAS($rating) ->
        [yes] {" · "}rating { $rating }
       *[no] {""}
    } · reopened { $reopens }
hotline-report =
    📊 Providers, { $month }
    { $lines }
hotline-report-empty = No tickets this month yet.
hotline-admin-category = 🛠 Service catalogue: choose a category
hotline-admin-services = { $category }: choose a service (✅ open ⛔ paused)
hotline-admin-service =
    🛠 { $service } ({ $open ->
        [yes] open
       *[no] paused
    })
    💰 { $price }
    🕘 { $hours }{ HAS($providers) ->
        [yes] {""}
            Providers: { $providers }
       *[no] {""}
    }
hotline-admin-close = ⛔ Pause the service
hotline-admin-open = ✅ Reopen the service
hotline-admin-price = 💰 Change the price
hotline-admin-hours = 🕘 Change the hours
hotline-admin-add-provider = ➕ Add a provider
hotline-admin-saved = ✅ Saved.
hotline-admin-price-ask = Now: { $price }. Send the new price, e.g. "free", "low-cost 20", "market 80".
hotline-admin-hours-ask = Now: { $hours }. Send the new hours, e.g. "8-20", or "24" for round the clock.
hotline-admin-no-more-providers = Every provider already offers this service.
hotline-admin-provider-ask = Which provider should also offer "{ $service }"?
